package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parse_unitsAndDecimals_giveTheNanoseconds() {
    assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("10ms")).isEqualTo(Duration.ofMillis(10));
    assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void parse_numberWithoutUnit_isRejectedWithAnExample() {
    assertThatThrownBy(() -> DurationText.parse("30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit")
        .hasMessageContaining("'30'");
  }

  @Test
  void format_anyDuration_parsesBackUnchanged() {
    for (Duration d :
        new Duration[] {
          Duration.ofSeconds(30),
          Duration.ofMillis(1),
          Duration.ofNanos(1_500_000),
          Duration.ofNanos(7),
          Duration.ofMinutes(90),
          Duration.ZERO
        }) {
      assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }
    assertThat(DurationText.format(Duration.ofNanos(1_500_000))).isEqualTo("1500us");
  }
}
