package dev.parity.bench.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them on the command line and read them in reports: {@code 30s}. */
public final class DurationText {

  private static final Pattern TEXT =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|min|h)\\s*");

  private DurationText() {}

  /**
   * Parses a duration with a unit: {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m} (or
   * {@code min}), {@code h}; decimals allowed, e.g. {@code 1.5s}.
   *
   * @param text e.g. {@code 30s} or {@code 10ms}
   * @return the duration, to the nanosecond
   * @throws IllegalArgumentException if the text is not a number with one of those units
   */
  public static Duration parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a duration needs a number and a unit (ns, us, ms, s, m, h), e.g. 30s or 10ms; found '"
              + text
              + "'");
    }
    long unitNanos =
        switch (m.group(2)) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m", "min" -> 60_000_000_000L;
          default -> 3_600_000_000_000L;
        };
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
    try {
      return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too long", e);
    }
  }

  /**
   * Writes a duration in the largest unit that holds it exactly, so that {@link #parse} reads it
   * back unchanged: {@code 30s}, {@code 1ms}, {@code 1500us}.
   *
   * @param d a duration, not negative
   * @return e.g. {@code 10ms}
   */
  public static String format(Duration d) {
    long n = d.toNanos();
    long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] names = {"h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < units.length; i++) {
      if (n != 0 && n % units[i] == 0) {
        return String.format(Locale.ROOT, "%d%s", n / units[i], names[i]);
      }
    }
    return "0s";
  }
}
