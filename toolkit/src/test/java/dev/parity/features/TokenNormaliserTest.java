package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenNormaliserTest {
  private final TokenNormaliser normaliser = new TokenNormaliser(" \t\n\r\u000b\u000c");

  @Test
  void normalise_asciiWhitespaceAndCase_trimmedAndLowered() {
    assertThat(normaliser.normalise(" \tCOM.Foo.App\r\n")).isEqualTo("com.foo.app");
    assertThat(normaliser.normalise("\u000bSamsung SM-G9\u000c")).isEqualTo("samsung sm-g9");
  }

  @Test
  void normalise_nonAsciiLetters_keptAsTheyAre() {
    // Python's ASCII-only translate table leaves these alone; so must Java.
    assertThat(normaliser.normalise("TELEFÓNICA")).isEqualTo("telefÓnica");
    assertThat(normaliser.normalise("МТС")).isEqualTo("МТС");
    assertThat(normaliser.normalise("İstanbul")).isEqualTo("İstanbul");
  }

  @Test
  void normalise_unicodeSpaces_notTrimmed() {
    assertThat(normaliser.normalise("\u00a0abc\u2003")).isEqualTo("\u00a0abc\u2003");
  }

  @Test
  void normalise_onlyWhitespace_empty() {
    assertThat(normaliser.normalise(" \t \n")).isEmpty();
    assertThat(normaliser.normalise("")).isEmpty();
  }

  @Test
  void normalise_alreadyNormal_returnsSameString() {
    String token = "cmp-0000042";
    assertThat(normaliser.normalise(token)).isSameAs(token);
  }

  @Test
  void constructor_nonAsciiTrimCharacter_rejected() {
    assertThatThrownBy(() -> new TokenNormaliser(" \u00a0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ASCII");
  }
}
