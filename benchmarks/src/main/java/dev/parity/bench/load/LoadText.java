package dev.parity.bench.load;

import java.util.Locale;

/** Renders a {@link LoadReport} for the console. */
public final class LoadText {

  private LoadText() {}

  /**
   * Renders a report.
   *
   * @param r the report
   * @return lines ending in a newline
   */
  public static String render(LoadReport r) {
    StringBuilder b = new StringBuilder();
    b.append(LoadTables.machine(r.machine())).append('\n');
    if (r.run() != null) {
      LoadResult result = r.run().result();
      b.append(LoadTables.model(r.run().model())).append('\n');
      b.append(
          String.format(
              Locale.ROOT,
              "Offered %s requests/s: %s%n",
              LoadTables.rate(result.targetRate()),
              LoadTables.settings(r.load(), false)));
      b.append("\nWarm-up (excluded): ").append(LoadTables.phase(result.warmup())).append('\n');
      b.append("Measured: ").append(LoadTables.phase(result.measured())).append('\n');
      b.append(LoadTables.latency(result.measured().latency()).aligned("  "));
      b.append(
          String.format(
              Locale.ROOT,
              "  queue: deepest %,d while measuring, %,d when the schedule ended%n",
              result.maxQueueDepth(),
              result.queueDepthAtEnd()));
      for (String note : result.notes()) {
        b.append("  NOTE: ").append(note).append('\n');
      }
      if (r.run().p99Bound() != null) {
        b.append(
            String.format(
                Locale.ROOT,
                "%s: p99 %s ms against the bound %s%s%n",
                r.run().withinBound() ? "PASS" : "FAIL",
                LoadTables.ms(result.measured().latency().total().p99Ms()),
                r.run().p99Bound(),
                result.keptUp() ? "" : "; the server did not keep up"));
      }
    }
    if (r.peak() != null) {
      b.append("Each step: ").append(LoadTables.settings(r.load(), true)).append('\n');
      for (CandidatePeak c : r.peak().candidates()) {
        b.append('\n').append(c.label()).append('\n');
        if (c.model() != null) {
          b.append("  ").append(LoadTables.model(c.model())).append('\n');
        }
        if (c.error() != null) {
          b.append("  ERROR: ").append(c.error()).append('\n');
        } else {
          b.append(LoadTables.steps(c).aligned("  "));
          b.append("  ").append(c.stop()).append('\n');
        }
      }
      b.append('\n').append(LoadTables.peaks(r.peak()).aligned(""));
      b.append(LoadTables.best(r.peak())).append('\n');
    }
    return b.toString();
  }
}
