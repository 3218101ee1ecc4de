package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.card.Features;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenNormaliserTest {
  private static final String TRIM = " \t\n\r\u000b\u000c";
  private final TokenNormaliser normaliser = TokenNormaliser.of(card(TRIM));

  static Features.Normalisation card(String trim) {
    return new Features.Normalisation(trim, true, true, List.of());
  }

  @Test
  void normalise_alreadyNormal_returnsSameString() {
    String token = "cmp-0000042";
    assertThat(normaliser.normalise(token)).isSameAs(token);
  }

  @Test
  void trimmedStartAndEnd_tokenInsideALargerArray_boundsOfTheTrimmedToken() {
    byte[] bytes = "xx \tAbc \u00a0\r\nyy".getBytes(StandardCharsets.UTF_8);
    int offset = 2;
    int end = bytes.length - 2;

    int start = normaliser.trimmedStart(bytes, offset, end);
    int last = normaliser.trimmedEnd(bytes, start, end);

    // U+00A0 is two bytes (C2 A0) and stays; the ASCII trim characters around it go.
    assertThat(new String(bytes, start, last - start, StandardCharsets.UTF_8))
        .isEqualTo("Abc \u00a0");
  }

  @Test
  void trimmedStartAndEnd_onlyTrimCharacters_emptyRange() {
    byte[] bytes = " \t\r\n ".getBytes(StandardCharsets.UTF_8);

    int start = normaliser.trimmedStart(bytes, 0, bytes.length);

    assertThat(start).isEqualTo(bytes.length);
    assertThat(normaliser.trimmedEnd(bytes, start, bytes.length)).isEqualTo(start);
  }

  @Test
  void lower_everyByteValue_onlyAsciiUpperCaseChanges() {
    for (int b = Byte.MIN_VALUE; b <= Byte.MAX_VALUE; b++) {
      int expected = b >= 'A' && b <= 'Z' ? b + 32 : b;
      assertThat(TokenNormaliser.lower((byte) b)).as("byte %d", b).isEqualTo(expected);
    }
    assertThat(TokenNormaliser.lower('\u00c9')).isEqualTo('\u00c9');
  }

  @Test
  void lowerEightBytes_everyByteValueInEveryPosition_likeEachByteAlone() {
    java.util.Random random = new java.util.Random(7);
    for (int b = 0; b < 256; b++) {
      for (int position = 0; position < 8; position++) {
        long word = random.nextLong();
        word = (word & ~(0xFFL << (8 * position))) | ((long) b << (8 * position));
        long expected = 0;
        for (int i = 0; i < 8; i++) {
          long lowered = TokenNormaliser.lower((byte) (word >>> (8 * i))) & 0xFF;
          expected |= lowered << (8 * i);
        }
        assertThat(TokenNormaliser.lower(word))
            .as("byte %d at %d", b, position)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void of_nonAsciiTrimCharacter_rejectedNamingIt() {
    assertThatThrownBy(() -> TokenNormaliser.of(card(" \u00a0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trimCharacters must be ASCII")
        .hasMessageContaining("U+00A0");
  }
}
