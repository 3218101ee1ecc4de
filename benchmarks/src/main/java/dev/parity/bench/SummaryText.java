package dev.parity.bench;

import dev.parity.report.TextRendering;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link BenchSummary} as Markdown ({@code bench-summary.md}, and what {@code parity
 * bench} prints): a table per engine of full-path records/s (thread setting × batch), the best
 * setting per engine, the recommendation, the roofline, the plan's targets with their verdicts and
 * the notes.
 */
public final class SummaryText extends TextRendering<BenchSummary> {

  /** Creates the rendering, written as {@code bench-summary.md}. */
  public SummaryText() {
    super("bench-summary.md");
  }

  @Override
  public String render(BenchSummary summary) {
    StringBuilder out = new StringBuilder();
    out.append("# Parity bench: preset ").append(summary.preset()).append("\n\n");
    out.append(versionLine(summary)).append("\n\n");
    if (summary.cost() != null) {
      out.append(costLine(summary.cost())).append("\n\n");
    }
    out.append(pythonLine(summary.python())).append("\n\n");
    for (String engine : engines(summary)) {
      out.append(engineTable(engine, summary)).append('\n');
    }
    out.append(bestTable(summary)).append('\n');
    BenchSummary.Recommendation r = summary.recommendation();
    if (r != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "Recommended for %d cores: %s, %s (%s records/s); %s.%n%n",
              r.cores(),
              r.engine(),
              SummaryWords.setting(r.setting()),
              rate(r.recordsPerSecond()),
              SummaryWords.advice(r)));
    }
    out.append(rooflineTable(summary)).append('\n');
    out.append("## Targets (").append(summary.plan()).append("; reported, not asserted)\n\n");
    for (BenchSummary.Target t : summary.targets()) {
      out.append(
          String.format(
              Locale.ROOT,
              "- %s: %s. %s%n",
              SummaryWords.verdict(t.verdict()).toUpperCase(Locale.ROOT),
              SummaryWords.goal(t.target()),
              SummaryWords.detail(t, summary)));
    }
    if (!summary.notes().isEmpty()) {
      out.append("\n## Notes\n\n");
      for (String n : summary.notes()) {
        out.append("- ").append(n).append('\n');
      }
    }
    return out.toString();
  }

  static String versionLine(BenchSummary s) {
    return String.format(
        Locale.ROOT,
        "Parity %s, DJL %s (PyTorch %s, ONNX Runtime %s, TensorFlow %s, MXNet %s); Python %s,"
            + " torch %s.",
        s.versions().get("parity"),
        s.versions().get("djl"),
        s.versions().get("pytorch"),
        s.versions().get("onnxruntime"),
        s.versions().get("tensorflow"),
        s.versions().get("mxnet"),
        s.python().python() == null ? "-" : s.python().python(),
        s.python().torch() == null ? "-" : s.python().torch());
  }

  /**
   * What the Python baseline ran on: the BLAS torch loaded and its thread settings.
   *
   * @param p the baseline
   * @return one sentence
   */
  static String pythonLine(PythonBaseline p) {
    if (p.skipped() != null) {
      return "Python baseline: not measured (" + p.skipped() + ").";
    }
    if (p.blas() == null) {
      return "Python baseline: torch " + p.torch() + " (BLAS and threads not reported).";
    }
    List<String> threads = new ArrayList<>();
    p.threading()
        .forEach(
            (k, v) -> {
              if (!k.equals("threadsPerResult")) {
                threads.add(k + " " + v);
              }
            });
    return String.format(
        Locale.ROOT,
        "Python baseline: torch %s on %s (%s); threads: %s; each row sets %s.",
        p.torch(),
        p.blas(),
        p.blasLibraries().isEmpty()
            ? "no BLAS library mapped"
            : String.join(", ", p.blasLibraries()),
        String.join(", ", threads),
        p.threading().getOrDefault("threadsPerResult", "its thread count"));
  }

  static String costLine(ModelCost c) {
    return String.format(
        Locale.ROOT,
        "Model cost per record (from the model card): %,d FLOPs (masked mean %,d + MLP %,d),"
            + " %,d bytes read (embedding rows %,d + ids %,d).",
        c.flopsPerRecord(),
        c.maskedMeanFlops(),
        c.mlpFlops(),
        c.bytesPerRecord(),
        c.gatherBytes(),
        c.indexBytes());
  }

  /**
   * One engine's full-path records/s: a row per thread setting, a column per batch size.
   *
   * @param engine the engine
   * @param summary the summary holding the sweep
   * @return a Markdown table with a heading
   */
  static String engineTable(String engine, BenchSummary summary) {
    TreeSet<Integer> batches = new TreeSet<>();
    Map<String, Map<Integer, Double>> rows = new TreeMap<>();
    for (BenchSummary.SweepPoint p : summary.sweep()) {
      if (p.engine().equals(engine)) {
        BenchSummary.Setting m = p.setting();
        batches.add(m.batch());
        InputPath path = InputPath.of(m.path());
        String row =
            String.format(
                Locale.ROOT,
                "%d caller%s × inter %d / intra %d (%s%s)",
                m.callerThreads(),
                m.callerThreads() == 1 ? "" : "s",
                m.interOp(),
                m.intraOp(),
                path == InputPath.RECORDS ? "" : path.key() + ", ",
                m.device());
        rows.computeIfAbsent(row, k -> new TreeMap<>()).put(m.batch(), p.recordsPerSecond());
      }
    }
    List<String> header = new ArrayList<>();
    header.add("threads \\ batch");
    batches.forEach(b -> header.add(Integer.toString(b)));
    List<List<String>> body = new ArrayList<>();
    rows.forEach(
        (label, cells) -> {
          List<String> row = new ArrayList<>();
          row.add(label);
          batches.forEach(b -> row.add(cells.containsKey(b) ? rate(cells.get(b)) : "-"));
          body.add(row);
        });
    return "## " + engine + ": full path, records/s\n\n" + table(header, body);
  }

  static String bestTable(BenchSummary s) {
    List<String> header =
        List.of(
            "engine",
            "best full path",
            "records/s",
            "Python same cores",
            "ratio",
            "Python model alone",
            "ratio (model alone)",
            "roofline",
            "engine only",
            "roofline (engine only)",
            "full / engine only (same batch, cores)",
            "translation");
    List<List<String>> body = new ArrayList<>();
    for (BenchSummary.EngineResult e : s.engines()) {
      body.add(
          List.of(
              e.engine(),
              e.fullPath() == null ? "-" : SummaryWords.setting(e.fullPath()),
              rate(e.fullPathRecordsPerSecond()),
              e.pythonRecordsPerSecond() == null ? "-" : rate(e.pythonRecordsPerSecond()),
              times(e.ratioToPython()),
              e.pythonModelRecordsPerSecond() == null ? "-" : rate(e.pythonModelRecordsPerSecond()),
              times(e.ratioToPythonModel()),
              percent(e.fullPathRooflineFraction()),
              e.engineOnlyRecordsPerSecond() == null
                  ? "-"
                  : rate(e.engineOnlyRecordsPerSecond())
                      + " ("
                      + SummaryWords.setting(e.engineOnly()).replace(", cpu", "")
                      + ")",
              percent(e.engineOnlyRooflineFraction()),
              e.fullPathOverEngineOnly() == null
                  ? "-"
                  : percent(e.fullPathOverEngineOnly())
                      + " of "
                      + rate(e.engineOnlyAtFullPathRecordsPerSecond())
                      + " (intra "
                      + e.engineOnlyAtFullPath().intraOp()
                      + ")",
              percent(e.translationShare())));
    }
    return "## Best setting per engine\n\n" + table(header, body);
  }

  static String rooflineTable(BenchSummary s) {
    if (s.roofline().isEmpty()) {
      return "## Roofline\n\nNot measured (see the notes).\n";
    }
    List<List<String>> body = new ArrayList<>();
    for (Roofline r : s.roofline()) {
      body.add(
          List.of(
              Integer.toString(r.threads()),
              String.format(Locale.ROOT, "%.1f", r.gflops()),
              String.format(Locale.ROOT, "%.1f", r.gigabytesPerSecond()),
              rate(r.computeRecordsPerSecond()),
              rate(r.memoryRecordsPerSecond()),
              rate(r.recordsPerSecond()) + " (" + r.bound() + ")"));
    }
    return "## Roofline (measured through DJL PyTorch NDArray)\n\n"
        + table(
            List.of(
                "threads",
                "GEMM GFLOP/s",
                "read GB/s",
                "compute roof rec/s",
                "memory roof rec/s",
                "bound rec/s"),
            body);
  }

  private static List<String> engines(BenchSummary summary) {
    TreeSet<String> out = new TreeSet<>();
    for (BenchSummary.SweepPoint p : summary.sweep()) {
      out.add(p.engine());
    }
    return new ArrayList<>(out);
  }

  static String table(List<String> header, List<List<String>> body) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|").append("---|".repeat(header.size())).append('\n');
    for (List<String> row : body) {
      out.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return out.toString();
  }

  static String rate(double recordsPerSecond) {
    if (Double.isNaN(recordsPerSecond)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.0f", recordsPerSecond);
  }

  static String times(Double ratio) {
    return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
