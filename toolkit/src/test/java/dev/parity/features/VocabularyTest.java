package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private final TokenNormaliser normaliser =
      TokenNormaliser.of(TokenNormaliserTest.card(" \t\n\r\u000b\u000c"));

  @Test
  void find_everyToken_itsPositionPlusFirstId() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      tokens.add("tok-" + i);
    }
    Vocabulary v = Vocabulary.of(tokens, 2, normaliser);

    for (int i = 0; i < tokens.size(); i++) {
      // A new String: found by content, not identity.
      assertThat(v.find(new String(tokens.get(i).toCharArray()))).isEqualTo(i + 2);
    }
    assertThat(v.find("tok-5000")).isEqualTo(-1);
    assertThat(v.find("")).isEqualTo(-1);
  }

  @Test
  void find_tokensWithEqualStringHashes_eachItsOwnId() {
    // "az" and "b[" have the same String.hashCode (97 * 31 + 122 == 98 * 31 + 91).
    assertThat("az".hashCode()).isEqualTo("b[".hashCode());
    Vocabulary v = Vocabulary.of(List.of("az", "b["), 2, normaliser);

    assertThat(v.find("az")).isEqualTo(2);
    assertThat(v.find("b[")).isEqualTo(3);
    assertThat(v.find("c<")).isEqualTo(-1);
  }

  @Test
  void find_entriesNormalisationWouldChange_neverFound() {
    // Normalised tokens can never equal these, so the encoder must not match them raw either.
    Vocabulary v = Vocabulary.of(List.of("UPPER", " padded", "ok", ""), 2, normaliser);

    assertThat(v.find("UPPER")).isEqualTo(-1);
    assertThat(v.find(" padded")).isEqualTo(-1);
    assertThat(v.find("")).isEqualTo(-1);
    assertThat(v.find("ok")).isEqualTo(4);
  }
}
