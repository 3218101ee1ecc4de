package dev.parity.bench.load;

import java.util.SplittableRandom;

/**
 * The intended start of every request of an open-loop run, as nanoseconds from the run's start.
 * Fixed arrivals come at exactly {@code i / rate}; Poisson arrivals have exponential gaps of mean
 * {@code 1 / rate} drawn from a generator seeded by the caller, so a seed gives the same schedule
 * every time. Times are accumulated in {@code double} and rounded once, so no rounding error builds
 * up over millions of requests. Not thread-safe: one scheduler thread owns it.
 */
public final class ArrivalSchedule {
  private final ArrivalProcess process;
  private final double gapNanos;
  private final SplittableRandom random;
  private long count;
  private double at;

  private ArrivalSchedule(ArrivalProcess process, double ratePerSecond, long seed) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException(
          "the rate must be a positive number of requests per second, found " + ratePerSecond);
    }
    this.process = process;
    this.gapNanos = 1e9 / ratePerSecond;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Starts a schedule.
   *
   * @param process fixed or Poisson
   * @param ratePerSecond requests per second, positive
   * @param seed the generator's seed (Poisson only)
   * @return the schedule, before its first request
   * @throws IllegalArgumentException if the rate is not positive
   */
  public static ArrivalSchedule of(ArrivalProcess process, double ratePerSecond, long seed) {
    return new ArrivalSchedule(process, ratePerSecond, seed);
  }

  /**
   * Returns the intended start of the next request. Fixed: {@code 0, gap, 2·gap, …}; Poisson: the
   * first arrival after one exponential gap, and so on.
   *
   * @return nanoseconds from the run's start, never decreasing
   */
  public long next() {
    if (process == ArrivalProcess.FIXED) {
      return Math.round(count++ * gapNanos);
    }
    // 1 - U lies in (0, 1], so the logarithm is finite.
    at += -Math.log(1.0 - random.nextDouble()) * gapNanos;
    count++;
    return Math.round(at);
  }
}
