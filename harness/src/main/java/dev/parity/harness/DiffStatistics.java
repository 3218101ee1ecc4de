package dev.parity.harness;

import java.util.Arrays;

/**
 * Summary of a set of non-negative differences, the figures of the seed's correctness table. All
 * figures are exact over every element: the values are sorted once and the percentiles read from
 * the sorted array.
 *
 * <ul>
 *   <li>{@code mean} and {@code std} as numpy computes them: {@code std} is the population standard
 *       deviation ({@code ddof=0}, numpy's default), from the mean in a second pass.
 *   <li>{@code p25 .. p99} by linear interpolation between closest ranks, Hyndman and Fan's
 *       definition 7 (numpy's default {@code method='linear'}, commons-math's {@code
 *       EstimationType.R_7}).
 * </ul>
 *
 * <p>An empty set has count 0 and every other figure NaN.
 *
 * @param count how many values
 * @param mean the arithmetic mean
 * @param std the population standard deviation
 * @param p25 the 25th percentile
 * @param p50 the median
 * @param p75 the 75th percentile
 * @param p99 the 99th percentile
 * @param max the largest value
 */
public record DiffStatistics(
    long count,
    double mean,
    double std,
    double p25,
    double p50,
    double p75,
    double p99,
    double max) {

  /**
   * Summarises values, sorting a copy.
   *
   * @param values the values; not modified
   * @return the statistics
   */
  public static DiffStatistics of(double[] values) {
    return ofSortingInPlace(values.clone());
  }

  /**
   * Summarises values, sorting the given array in place to spare a copy of a large array.
   *
   * @param values the values; sorted ascending on return
   * @return the statistics
   */
  public static DiffStatistics ofSortingInPlace(double[] values) {
    Arrays.sort(values);
    return ofSorted(values);
  }

  /**
   * Summarises values already sorted ascending.
   *
   * @param sorted the values, ascending; NaN values (sorted last by {@link Arrays#sort(double[])})
   *     make every figure but the count NaN
   * @return the statistics
   */
  public static DiffStatistics ofSorted(double[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      return new DiffStatistics(
          0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = mean(sorted);
    double squares = 0;
    double compensation = 0;
    for (double v : sorted) {
      double d = v - mean;
      double y = d * d - compensation;
      double t = squares + y;
      compensation = (t - squares) - y;
      squares = t;
    }
    return new DiffStatistics(
        n,
        mean,
        Math.sqrt(squares / n),
        percentile(sorted, 25),
        percentile(sorted, 50),
        percentile(sorted, 75),
        percentile(sorted, 99),
        sorted[n - 1]);
  }

  // Kahan summation: as close to numpy's pairwise sum as makes no difference (tested).
  private static double mean(double[] values) {
    double sum = 0;
    double compensation = 0;
    for (double v : values) {
      double y = v - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
    }
    return sum / values.length;
  }

  /**
   * Returns a percentile of sorted values by linear interpolation between closest ranks
   * (Hyndman-Fan R_7, numpy's default). The arithmetic follows commons-math's {@code
   * Percentile.EstimationType.R_7} step by step, so both give the same double: position {@code pos
   * = 1 + (n - 1) * percent / 100}, value {@code x[floor(pos) - 1] + (pos - floor(pos)) *
   * (x[floor(pos)] - x[floor(pos) - 1])} (1-based ranks clamped to the ends).
   *
   * @param sorted the values, ascending, at least one
   * @param percent the percentile, 0 to 100
   * @return the interpolated value
   * @throws IllegalArgumentException if {@code sorted} is empty or {@code percent} is outside [0,
   *     100]
   */
  public static double percentile(double[] sorted, double percent) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("a percentile of no values is undefined");
    }
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in [0, 100], found " + percent);
    }
    double p = percent / 100;
    double pos = p == 0 ? 0 : p == 1 ? n : 1 + (n - 1) * p;
    if (pos < 1) {
      return sorted[0];
    }
    if (pos >= n) {
      return sorted[n - 1];
    }
    double floor = Math.floor(pos);
    int rank = (int) floor;
    double lower = sorted[rank - 1];
    double upper = sorted[rank];
    return lower + (pos - floor) * (upper - lower);
  }
}
