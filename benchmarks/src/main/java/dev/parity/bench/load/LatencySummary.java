package dev.parity.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution, in milliseconds, read from an HdrHistogram of nanoseconds (3
 * significant digits).
 *
 * @param count values recorded
 * @param meanMs the mean
 * @param p50Ms the median
 * @param p90Ms the 90th percentile
 * @param p99Ms the 99th percentile
 * @param p999Ms the 99.9th percentile
 * @param maxMs the largest value
 */
public record LatencySummary(
    long count,
    double meanMs,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs) {

  /** No values: every figure 0. */
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  /**
   * Reads a histogram of nanoseconds.
   *
   * @param nanos the histogram
   * @return its summary, or {@link #EMPTY} when it holds nothing
   */
  public static LatencySummary of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        nanos.getMean() / 1e6,
        nanos.getValueAtPercentile(50) / 1e6,
        nanos.getValueAtPercentile(90) / 1e6,
        nanos.getValueAtPercentile(99) / 1e6,
        nanos.getValueAtPercentile(99.9) / 1e6,
        nanos.getMaxValue() / 1e6);
  }
}
