package dev.parity.harness;

import dev.parity.report.TextRendering;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a report for the terminal: the run's provenance (in a drift run, the two runs side by
 * side), then per engine where the JVM first parts from the reference and the table of every stage,
 * the seed's correctness table (Item | one result column per output | Explanation), the noise
 * floor, model-quality parity and the worst slices, then the engine-vs-engine matrix, one verdict
 * line per gate and the overall verdict.
 */
public final class ConsoleReport extends TextRendering<ValidationReport> {

  /**
   * Creates the rendering, written as {@code report.txt} when saved to a folder; {@code parity
   * validate} prints it instead.
   */
  public ConsoleReport() {
    super("report.txt");
  }

  /**
   * Renders a report.
   *
   * @param report the report
   * @return the text, lines ending in {@code \n}
   */
  @Override
  public String render(ValidationReport report) {
    StringBuilder out = new StringBuilder();
    Provenance p = report.provenance();
    out.append(
        String.format(
            Locale.ROOT,
            "Parity validation of %s against %s (%d records)%n",
            p.model(),
            p.referenceSet(),
            p.records()));
    out.append(
        String.format(
            Locale.ROOT,
            "  reference manifest sha256 %s, model card sha256 %s%n",
            p.referenceSetSha256(),
            p.modelCardSha256()));
    out.append(
        String.format(
            Locale.ROOT, "  %s; plan: %s; started %s%n", machine(p), p.plan(), p.startedAt()));
    String versus = StageText.versus(report);
    Drift drift = report.drift();
    if (drift != null) {
      out.append(
          "\nDrift run: the new release against an earlier run, under the plan's drift limits\n");
      TextTable t = new TextTable();
      t.row(List.of("", "reference run", "this run"));
      StageText.driftRows(drift).forEach(t::row);
      out.append(t.render("  "));
      out.append("  ").append(StageText.cardChange(drift)).append('\n');
    }
    PreprocessingComparison pre = report.preprocessing();
    if (pre == null) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nPre-processing: not compared (the reference set holds no raw records)%n"));
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "%nPre-processing: %d of %d records encode differently in Java and %s (fields: %s;"
                  + " input tensors: %s)%n",
              pre.mismatchedRecords(),
              pre.records(),
              StageText.versusInWords(report),
              counts(pre.mismatchedByField()),
              counts(pre.mismatchedByInput())));
      for (IndexMismatch m : pre.examples()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  record %d (%s) %s: Java %s, %s %s%n",
                m.record(),
                m.id(),
                m.field(),
                m.java(),
                versus,
                m.python()));
      }
    }
    for (EngineEvaluation e : report.engines()) {
      out.append('\n').append(engine(e, p.records(), versus));
    }
    if (!report.matrix().isEmpty()) {
      out.append('\n').append(matrix(report));
    }
    out.append("\nGates\n");
    for (Gate g : report.gates()) {
      out.append(
          String.format(Locale.ROOT, "  %s  %s: %s%n", g.verdict(), g.name(), g.explanation()));
    }
    out.append('\n').append(verdict(report)).append('\n');
    return out.toString();
  }

  /**
   * Returns what ran the validation in one line, as every report words it.
   *
   * @param p the provenance
   * @return e.g. {@code Parity 0.1.0, Java 17.0.15 (Debian), Linux 6.1 amd64, 2 CPUs, DJL 0.36.0}
   */
  static String machine(Provenance p) {
    return String.format(
        Locale.ROOT,
        "Parity %s, Java %s (%s), %s %s, %d CPUs, DJL %s",
        p.parityVersion(),
        p.javaVersion(),
        p.javaVendor(),
        p.os(),
        p.arch(),
        p.cpus(),
        p.djlVersion());
  }

  /**
   * Returns the overall verdict in one line, naming the failed gates.
   *
   * @param report the report
   * @return e.g. {@code PASS: all 37 gates passed}
   */
  public static String verdict(ValidationReport report) {
    List<Gate> failed = report.failedGates();
    int total = report.gates().size();
    if (total == 0) {
      // "all 0 gates passed" would read as a check that held; say that nothing was held.
      return report.drift() != null
          ? "PASS: no gate applied: the plan's drift section gates quality, and the baseline has no"
              + " labels (save it with predict --save-outputs and --labels FILE, or from a set with"
              + " labels through --inputs)"
          : "PASS: no gate applied: the plan sets no limit on what this run compares";
    }
    if (failed.isEmpty()) {
      return "PASS: all " + total + " gates passed";
    }
    return "FAIL: "
        + failed.size()
        + " of "
        + total
        + " gates failed: "
        + failed.stream().map(Gate::name).collect(Collectors.joining(", "));
  }

  private static String counts(java.util.Map<String, Long> byName) {
    return byName.isEmpty()
        ? "none compared"
        : byName.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  private static String engine(EngineEvaluation e, long records, String versus) {
    EngineProvenance p = e.provenance();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s %s on %s: %s (sha256 %s), %d records predicted in %.1f s%n",
            p.engine().cliName(),
            p.engineVersion(),
            p.device(),
            p.modelFile(),
            p.modelFileSha256(),
            records,
            e.predictSeconds()));
    out.append("  ").append(StageText.lead(e.localisation())).append('\n');
    TextTable stages = new TextTable();
    stages.row(StageText.stageHeader());
    StageText.stageRows(e.localisation()).forEach(stages::row);
    out.append(stages.render("  "));
    out.append("  |JVM - ").append(versus).append("|, element by element\n");
    List<OutputComparison> columns = new ArrayList<>(e.outputs());
    if (e.outputs().size() > 1) {
      columns.add(e.all());
    }
    out.append(statisticsTable(columns, "  "));
    for (OutputComparison c : e.outputs()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %s: %d of %d elements over tolerance (atol %s, rtol %s)%s; relative difference"
                  + " P99 %s, max %s over %d non-zero references%n",
              c.output(),
              c.overTolerance(),
              c.absolute().count() + c.nonFinite(),
              Numbers.compact(c.tolerance().atol()),
              Numbers.compact(c.tolerance().rtol()),
              c.nonFinite() == 0
                  ? ""
                  : ", " + c.nonFinite() + " of them NaN or infinite (left out of the table)",
              Numbers.scientific(c.relative().p99()),
              Numbers.scientific(c.relative().max()),
              c.relative().count()));
      if (!c.worst().isEmpty()) {
        WorstElement w = c.worst().get(0);
        out.append(
            String.format(
                Locale.ROOT,
                "    worst: record %d%s%s JVM %s vs " + versus + " %s%n",
                w.record(),
                w.id() == null ? "" : " (" + w.id() + ")",
                c.shape().size() > 1 ? " column " + w.column() + ":" : ":",
                Float.toString((float) w.actual()),
                Float.toString((float) w.expected())));
      }
    }
    if (e.noiseFloor() != null) {
      out.append("  ")
          .append(StageText.floorNote(p.engine().cliName(), e.noiseFloor()))
          .append('\n');
      TextTable floor = new TextTable();
      floor.row(StageText.floorHeader("JVM-" + versus));
      StageText.floorRows(e).forEach(floor::row);
      out.append(floor.render("  "));
      StageText.batchFailures(e).forEach(line -> out.append("  ").append(line).append('\n'));
    }
    if (e.quality() != null) {
      for (String line : QualitySentence.consoleLines(e.quality(), versus)) {
        out.append("  ").append(line).append('\n');
      }
    }
    if (!e.slices().isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  Worst %d of %d slices of the task output (report.json and report.html list all)%n",
              Math.min(StageText.SLICES_SHOWN, e.slices().size()),
              e.slices().size()));
      TextTable slices = new TextTable();
      slices.row(StageText.sliceHeader());
      StageText.sliceRows(e.slices(), StageText.SLICES_SHOWN).forEach(slices::row);
      out.append(slices.render("  "));
    }
    return out.toString();
  }

  static String statisticsTable(List<OutputComparison> columns, String indent) {
    TextTable t = new TextTable();
    List<String> head = new ArrayList<>();
    head.add("Item");
    columns.forEach(c -> head.add(c.output()));
    head.add("Explanation");
    t.row(head);
    for (StatisticRow r : StatisticRow.ALL) {
      List<String> row = new ArrayList<>();
      row.add(r.item);
      columns.forEach(c -> row.add(r.format(c.absolute())));
      row.add(r.explanation);
      t.row(row);
    }
    return t.render(indent);
  }

  private static String matrix(ValidationReport report) {
    StringBuilder out =
        new StringBuilder(
            "Engine vs engine: max |difference| over all elements (P99 in parentheses)\n");
    List<String> names = new ArrayList<>();
    report.engines().forEach(e -> names.add(e.engine().cliName()));
    TextTable t = new TextTable();
    List<String> head = new ArrayList<>();
    head.add("");
    head.addAll(names);
    t.row(head);
    for (String a : names) {
      List<String> row = new ArrayList<>();
      row.add(a);
      for (String b : names) {
        row.add(a.equals(b) ? "-" : cell(report, a, b));
      }
      t.row(row);
    }
    return out.append(t.render("  ")).toString();
  }

  private static String cell(ValidationReport report, String a, String b) {
    for (EnginePairComparison pair : report.matrix()) {
      String x = pair.first().cliName();
      String y = pair.second().cliName();
      if ((x.equals(a) && y.equals(b)) || (x.equals(b) && y.equals(a))) {
        DiffStatistics s = pair.all().absolute();
        return Numbers.scientific(s.max()) + " (" + Numbers.scientific(s.p99()) + ")";
      }
    }
    return "";
  }
}
