package dev.parity.harness;

import java.util.Locale;

/** Number formats shared by the reports. */
final class Numbers {
  private Numbers() {}

  /** Formats like the seed's table: three significant digits, scientific, e.g. {@code 5.27E-08}. */
  static String scientific(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return String.format(Locale.ROOT, "%.2E", v);
  }

  /** Formats a gate's figure: whole numbers as they are (counts), others as {@link #scientific}. */
  static String compact(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return scientific(v);
  }

  /** Formats a metric such as an AUC with six decimals. */
  static String fixed(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
