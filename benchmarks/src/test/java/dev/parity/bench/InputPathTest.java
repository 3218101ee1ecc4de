package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputPathTest {

  @Test
  void of_everyKey_itsPathAndOnlyPipelinedHasAnEncoderThread() {
    for (InputPath p : InputPath.values()) {
      assertThat(InputPath.of(p.key())).isSameAs(p);
      assertThat(p.encoderThreads()).isEqualTo(p == InputPath.PIPELINED ? 1 : 0);
    }
    assertThat(InputPath.of(null)).isSameAs(InputPath.RECORDS);
  }

  @Test
  void of_unknownKey_failsListingTheKeys() {
    assertThatThrownBy(() -> InputPath.of("arrow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[records, columns, pipelined]")
        .hasMessageContaining("found arrow");
  }
}
