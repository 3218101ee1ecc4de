package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void next_fixed_givesExactIntervalsFromZero() {
    ArrivalSchedule s = ArrivalSchedule.of(ArrivalProcess.FIXED, 1000, 1);

    assertThat(new long[] {s.next(), s.next(), s.next()})
        .containsExactly(0L, 1_000_000L, 2_000_000L);
  }

  @Test
  void next_fixedAtAnAwkwardRate_doesNotDriftOverAMillionRequests() {
    ArrivalSchedule s = ArrivalSchedule.of(ArrivalProcess.FIXED, 3000, 1);
    long last = 0;
    for (int i = 0; i < 1_000_000; i++) {
      last = s.next();
    }

    // Request 999,999 is due at 999,999 / 3000 s, rounded once.
    assertThat(last).isEqualTo(Math.round(999_999 * (1e9 / 3000)));
  }

  @Test
  void next_poisson_meanRateAndSpreadAsExponentialGaps() {
    double rate = 5000;
    int n = 200_000;
    ArrivalSchedule s = ArrivalSchedule.of(ArrivalProcess.POISSON, rate, 42);
    long previous = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      long t = s.next();
      assertThat(t).isGreaterThanOrEqualTo(previous);
      double gap = t - previous;
      sum += gap;
      sumSquares += gap * gap;
      previous = t;
    }
    double mean = sum / n;
    double std = Math.sqrt(sumSquares / n - mean * mean);

    // Offered rate within 2% of the target; exponential gaps have std = mean.
    assertThat(1e9 / mean).isBetween(rate * 0.98, rate * 1.02);
    assertThat(std / mean).isBetween(0.97, 1.03);
  }

  @Test
  void next_poissonSameSeed_sameScheduleAndOtherSeedAnother() {
    ArrivalSchedule a = ArrivalSchedule.of(ArrivalProcess.POISSON, 100, 7);
    ArrivalSchedule b = ArrivalSchedule.of(ArrivalProcess.POISSON, 100, 7);
    ArrivalSchedule c = ArrivalSchedule.of(ArrivalProcess.POISSON, 100, 8);
    boolean differs = false;
    for (int i = 0; i < 100; i++) {
      long x = a.next();
      assertThat(b.next()).isEqualTo(x);
      differs |= c.next() != x;
    }
    assertThat(differs).isTrue();
  }

  @Test
  void of_zeroRate_isRejected() {
    assertThatThrownBy(() -> ArrivalSchedule.of(ArrivalProcess.FIXED, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
