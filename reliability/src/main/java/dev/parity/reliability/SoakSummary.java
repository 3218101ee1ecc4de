package dev.parity.reliability;

import java.util.Locale;

/** Renders a {@link SoakReport} as a few lines of console text, ending in PASS or FAIL. */
public final class SoakSummary {
  private SoakSummary() {}

  /**
   * Returns the report's figures as text.
   *
   * @param r the report
   * @return four lines, the last {@code PASS} or {@code FAIL}
   */
  public static String text(SoakReport r) {
    SoakOptions o = r.options();
    Growth g = r.growth();
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "soak %s %s%s: %,d %s%s in %.1f s (%,.0f/s), batch %d, %d thread(s)%n",
            o.engineSettings().engine().cliName(),
            r.engineVersion(),
            o.leakControl() ? " [LEAK CONTROL]" : "",
            r.total(),
            r.mode().words(),
            o.warmup() > 0 ? String.format(Locale.ROOT, " (after %,d warm-up)", o.warmup()) : "",
            r.seconds(),
            r.perSecond(),
            o.engineSettings().batchSize(),
            o.threads()));
    s.append(
        String.format(
            Locale.ROOT,
            "  RSS after %d%%: %s; at the end: %s; growth %s = %.2f%% of the steady RSS (limit"
                + " %.2f%%)%n",
            Math.round(GrowthRule.STEADY_FRACTION * 100),
            mib(g.steadyBytes()),
            mib(g.endBytes()),
            mib(g.growthBytes()),
            g.growthPercent(),
            g.maxGrowthPercent()));
    s.append(
        String.format(
            Locale.ROOT,
            "  peak RSS (VmHWM) %s; heap in use after GC: %s at %d%%, %s at the end; first batch"
                + " scores %s%n",
            mib(r.peakRssBytes()),
            mib(r.steadyHeapUsedBytes()),
            Math.round(GrowthRule.STEADY_FRACTION * 100),
            mib(r.finalHeapUsedBytes()),
            r.scoresStable() ? "unchanged" : "CHANGED"));
    s.append(r.passed() ? "  PASS" : "  FAIL").append(System.lineSeparator());
    return s.toString();
  }

  /**
   * Formats bytes as mebibytes.
   *
   * @param bytes a byte count
   * @return e.g. {@code 712.4 MiB}
   */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
