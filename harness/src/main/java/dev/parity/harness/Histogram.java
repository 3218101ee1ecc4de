package dev.parity.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counts of absolute differences on a log scale: {@value #BINS_PER_DECADE} bins per decade from
 * {@code 1e}{@value #LOWEST_EXPONENT} to {@code 1e}{@value #HIGHEST_EXPONENT}, with exact zeros,
 * smaller and larger values counted apart. Bin {@code i} holds values in {@code [10^(lowest + i /
 * binsPerDecade), 10^(lowest + (i + 1) / binsPerDecade))}.
 *
 * @param lowestExponent the decade the first bin starts at
 * @param binsPerDecade bins per factor of ten
 * @param zeros values exactly 0
 * @param below values above 0 but below the first bin
 * @param counts one count per bin
 * @param above values at or above the last bin's end, NaN included
 */
public record Histogram(
    int lowestExponent, int binsPerDecade, long zeros, long below, List<Long> counts, long above) {

  /** The decade of the first bin. */
  public static final int LOWEST_EXPONENT = -15;

  /** The decade where the last bin ends. */
  public static final int HIGHEST_EXPONENT = 1;

  /** Bins per factor of ten. */
  public static final int BINS_PER_DECADE = 4;

  /** Copies the counts so the histogram stays immutable. */
  public Histogram {
    counts = List.copyOf(counts);
  }

  /**
   * Bins values.
   *
   * @param values non-negative differences
   * @return the histogram
   */
  public static Histogram of(double[] values) {
    int bins = (HIGHEST_EXPONENT - LOWEST_EXPONENT) * BINS_PER_DECADE;
    long[] counts = new long[bins];
    double low = Math.pow(10, LOWEST_EXPONENT);
    double high = Math.pow(10, HIGHEST_EXPONENT);
    long zeros = 0;
    long below = 0;
    long above = 0;
    for (double v : values) {
      if (v == 0) {
        zeros++;
      } else if (v < low) {
        below++;
      } else if (!(v < high)) {
        above++;
      } else {
        int bin = (int) Math.floor((Math.log10(v) - LOWEST_EXPONENT) * BINS_PER_DECADE);
        counts[Math.min(bins - 1, Math.max(0, bin))]++;
      }
    }
    List<Long> list = new ArrayList<>(bins);
    for (long c : counts) {
      list.add(c);
    }
    return new Histogram(
        LOWEST_EXPONENT, BINS_PER_DECADE, zeros, below, Collections.unmodifiableList(list), above);
  }

  /**
   * Returns where a bin starts.
   *
   * @param bin the bin's position
   * @return its lower edge
   */
  public double lowerEdge(int bin) {
    return Math.pow(10, lowestExponent + (double) bin / binsPerDecade);
  }

  /**
   * Returns how many values were counted.
   *
   * @return zeros, below, every bin and above
   */
  public long total() {
    return zeros + below + above + counts.stream().mapToLong(Long::longValue).sum();
  }
}
