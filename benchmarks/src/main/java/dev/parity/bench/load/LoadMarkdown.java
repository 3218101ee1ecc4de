package dev.parity.bench.load;

import java.util.Locale;

/** Renders a {@link LoadReport} as Markdown ({@code load-report.md}). */
public final class LoadMarkdown {

  private LoadMarkdown() {}

  /**
   * Renders a report.
   *
   * @param r the report
   * @param plot the p99-against-load plot's file name, or null when there is none
   * @return the document
   */
  public static String render(LoadReport r, String plot) {
    StringBuilder b = new StringBuilder();
    b.append(r.run() != null ? "# Latency under load\n\n" : "# Peak rate under a p99 bound\n\n");
    b.append("- machine: ").append(LoadTables.machine(r.machine())).append('\n');
    b.append("- started: ").append(r.started()).append('\n');
    if (r.run() != null) {
      LoadResult result = r.run().result();
      b.append("- model: ").append(LoadTables.model(r.run().model())).append('\n');
      b.append(
          String.format(
              Locale.ROOT,
              "- offered %s requests/s: %s%n%n",
              LoadTables.rate(result.targetRate()),
              LoadTables.settings(r.load(), false)));
      b.append("## Measured\n\n").append(LoadTables.phase(result.measured())).append(".\n\n");
      b.append(LoadTables.latency(result.measured().latency()).markdown()).append('\n');
      b.append(
          String.format(
              Locale.ROOT,
              "Queue: deepest %,d while measuring, %,d when the schedule ended.%n%n",
              result.maxQueueDepth(),
              result.queueDepthAtEnd()));
      for (String note : result.notes()) {
        b.append("> ").append(note).append("\n\n");
      }
      b.append("## Warm-up (excluded)\n\n")
          .append(LoadTables.phase(result.warmup()))
          .append(".\n\n");
      b.append(LoadTables.latency(result.warmup().latency()).markdown());
    }
    if (r.peak() != null) {
      b.append("- each step: ").append(LoadTables.settings(r.load(), true)).append("\n\n");
      b.append(LoadTables.best(r.peak())).append("\n\n");
      b.append(LoadTables.peaks(r.peak()).markdown()).append('\n');
      if (plot != null) {
        b.append("![p99 against offered load](").append(plot).append(")\n\n");
      }
      for (CandidatePeak c : r.peak().candidates()) {
        b.append("## ").append(c.label()).append("\n\n");
        if (c.model() != null) {
          b.append(LoadTables.model(c.model())).append(".\n\n");
        }
        if (c.error() != null) {
          b.append("Error: ").append(c.error()).append("\n\n");
        } else {
          b.append(LoadTables.steps(c).markdown()).append('\n');
          b.append(c.stop()).append(".\n\n");
        }
      }
    }
    return b.toString();
  }
}
