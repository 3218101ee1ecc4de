package dev.parity.harness;

import dev.parity.report.TextRendering;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a report as Markdown for a pull request ({@code report.md}): the verdict first, the
 * failed gates, a drift run's two sides, then per engine where the JVM first parts from the
 * reference with the table of every stage, the seed-style table, the noise floor, quality parity
 * and the worst slices; then the engine matrix, every gate and the provenance.
 */
public final class MarkdownReport extends TextRendering<ValidationReport> {

  /** Creates the rendering, written as {@code report.md}. */
  public MarkdownReport() {
    super("report.md");
  }

  /**
   * Renders a report.
   *
   * @param report the report
   * @return Markdown text
   */
  @Override
  public String render(ValidationReport report) {
    Provenance p = report.provenance();
    StringBuilder out = new StringBuilder();
    out.append("# Parity validation: ").append(report.passed() ? "PASS" : "FAIL").append("\n\n");
    out.append(ConsoleReport.verdict(report)).append(".\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Model `%s`, reference set `%s` (%d records), plan: %s.%n%n",
            p.model(),
            p.referenceSet(),
            p.records(),
            p.plan()));
    if (!report.passed()) {
      out.append("## Failed gates\n\n| Gate | Threshold | Measured |\n|---|---|---|\n");
      for (Gate g : report.failedGates()) {
        out.append(
            String.format(
                "| `%s` | %s | %s |%n",
                g.name(), Numbers.compact(g.threshold()), Numbers.compact(g.measured())));
      }
      out.append('\n');
    }
    String versus = StageText.versus(report);
    if (report.drift() != null) {
      out.append("## Drift run\n\n")
          .append(
              table(List.of("", "reference run", "this run"), StageText.driftRows(report.drift())))
          .append('\n')
          .append(StageText.cardChange(report.drift()))
          .append("\n\n");
    }
    PreprocessingComparison pre = report.preprocessing();
    out.append("## Pre-processing\n\n")
        .append(
            pre == null
                ? "Not compared: the reference set holds no raw records.\n\n"
                : String.format(
                    Locale.ROOT,
                    "%d of %d records encode differently in Java and %s: fields %s, input tensors"
                        + " %s.%n%n",
                    pre.mismatchedRecords(),
                    pre.records(),
                    StageText.versusInWords(report),
                    pre.mismatchedByField(),
                    pre.mismatchedByInput()));
    for (EngineEvaluation e : report.engines()) {
      EngineProvenance ep = e.provenance();
      out.append(
          String.format(
              Locale.ROOT,
              "## %s %s (%s)%n%n`%s` sha256 `%s`; predicted in %.1f s.%n%n",
              ep.engine().cliName(),
              ep.engineVersion(),
              ep.device(),
              ep.modelFile(),
              ep.modelFileSha256(),
              e.predictSeconds()));
      out.append("**")
          .append(StageText.lead(e.localisation()))
          .append("**\n\n")
          .append(table(StageText.stageHeader(), StageText.stageRows(e.localisation())))
          .append('\n');
      List<OutputComparison> columns = new ArrayList<>(e.outputs());
      if (e.outputs().size() > 1) {
        columns.add(e.all());
      }
      out.append(table(columns)).append('\n');
      for (OutputComparison c : e.outputs()) {
        out.append(
            String.format(
                Locale.ROOT,
                "- `%s`: %d elements over tolerance (atol %s, rtol %s); relative P99 %s, max %s%n",
                c.output(),
                c.overTolerance(),
                Numbers.compact(c.tolerance().atol()),
                Numbers.compact(c.tolerance().rtol()),
                Numbers.scientific(c.relative().p99()),
                Numbers.scientific(c.relative().max())));
      }
      QualityComparison q = e.quality();
      if (q != null) {
        out.append("- " + QualitySentence.of(q, versus) + "\n");
      }
      out.append('\n');
      if (e.noiseFloor() != null) {
        out.append(StageText.floorNote(ep.engine().cliName(), e.noiseFloor()))
            .append(".\n\n")
            .append(table(StageText.floorHeader("JVM-" + versus), StageText.floorRows(e)))
            .append('\n');
        StageText.batchFailures(e).forEach(line -> out.append("- **").append(line).append("**\n"));
      }
      if (!e.slices().isEmpty()) {
        out.append(
                String.format(
                    Locale.ROOT,
                    "Worst %d of %d slices of the task output:%n%n",
                    Math.min(StageText.SLICES_SHOWN, e.slices().size()),
                    e.slices().size()))
            .append(
                table(
                    StageText.sliceHeader(),
                    StageText.sliceRows(e.slices(), StageText.SLICES_SHOWN)))
            .append('\n');
      }
    }
    if (!report.matrix().isEmpty()) {
      out.append("## Engine vs engine\n\n| Pair | Max | P99 | Mean |\n|---|---|---|---|\n");
      for (EnginePairComparison pair : report.matrix()) {
        DiffStatistics s = pair.all().absolute();
        out.append(
            String.format(
                "| %s vs %s | %s | %s | %s |%n",
                pair.first().cliName(),
                pair.second().cliName(),
                Numbers.scientific(s.max()),
                Numbers.scientific(s.p99()),
                Numbers.scientific(s.mean())));
      }
      out.append('\n');
    }
    out.append("## Gates\n\n| Verdict | Gate | Threshold | Measured |\n|---|---|---|---|\n");
    for (Gate g : report.gates()) {
      out.append(
          String.format(
              "| %s | `%s` | %s | %s |%n",
              g.passed() ? "pass" : "**FAIL**",
              g.name(),
              Numbers.compact(g.threshold()),
              Numbers.compact(g.measured())));
    }
    out.append("\n## Provenance\n\n");
    out.append("- ").append(ConsoleReport.machine(p)).append('\n');
    out.append(
        String.format("- model card `%s` sha256 `%s`%n", p.modelCard(), p.modelCardSha256()));
    out.append(
        String.format(
            "- reference manifest sha256 `%s`; Python side %s%n",
            p.referenceSetSha256(), p.pythonEnvironment()));
    out.append(
        String.format(Locale.ROOT, "- started %s, took %.1f s%n", p.startedAt(), p.seconds()));
    return out.toString();
  }

  private static String table(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder("|");
    header.forEach(h -> out.append(' ').append(h).append(" |"));
    out.append("\n|");
    header.forEach(h -> out.append("---|"));
    out.append('\n');
    for (List<String> row : rows) {
      out.append('|');
      row.forEach(c -> out.append(' ').append(c.replace("|", "\\|")).append(" |"));
      out.append('\n');
    }
    return out.toString();
  }

  private static String table(List<OutputComparison> columns) {
    StringBuilder out = new StringBuilder("| Item |");
    columns.forEach(c -> out.append(' ').append(c.output()).append(" |"));
    out.append(" Explanation |\n|---|");
    columns.forEach(c -> out.append("---|"));
    out.append("---|\n");
    for (StatisticRow r : StatisticRow.ALL) {
      out.append("| ").append(r.item).append(" |");
      columns.forEach(c -> out.append(' ').append(r.format(c.absolute())).append(" |"));
      out.append(' ').append(r.explanation).append(" |\n");
    }
    return out.toString();
  }
}
