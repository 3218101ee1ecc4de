package dev.parity.harness;

import dev.parity.report.TextRendering;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a report as one self-contained HTML page ({@code report.html}): no scripts, no external
 * files. Each engine has where the JVM first parts from the reference, the table of every stage
 * with an inline SVG plot of each stage's max and P99 difference (log scale), its seed-style table,
 * an inline SVG histogram of {@code |JVM - Python|} per output on a log scale (exact zeros in a bar
 * of their own), the noise floor and every slice. A drift run shows the two runs side by side.
 */
public final class HtmlReport extends TextRendering<ValidationReport> {

  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 260;
  private static final int LEFT = 56;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 44;

  /** Creates the rendering, written as {@code report.html}. */
  public HtmlReport() {
    super("report.html");
  }

  /**
   * Renders a report.
   *
   * @param report the report
   * @return the HTML page
   */
  @Override
  public String render(ValidationReport report) {
    Provenance p = report.provenance();
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>Parity validation: ")
        .append(report.passed() ? "PASS" : "FAIL")
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1em}\n")
        .append("td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}\n")
        .append("th{background:#f3f3f3}td.l,th.l{text-align:left}\n")
        .append(".pass{color:#17692c;font-weight:bold}.fail{color:#b00020;font-weight:bold}\n")
        .append(".banner{padding:.6em 1em;border-radius:4px;font-size:1.2em}\n")
        .append(".banner.pass{background:#e3f5e8}.banner.fail{background:#fde7ea}\n")
        .append("code{font-size:.9em}\n</style></head><body>\n");
    out.append("<h1>Parity validation</h1>\n<p class=\"banner ")
        .append(report.passed() ? "pass" : "fail")
        .append("\">")
        .append(esc(ConsoleReport.verdict(report)))
        .append("</p>\n");
    out.append("<h2>Provenance</h2>\n<table>\n");
    row(out, "Model", p.model());
    row(out, "Model card", p.modelCard() + " (sha256 " + p.modelCardSha256() + ")");
    row(out, "Reference set", p.referenceSet() + " (" + p.records() + " records)");
    row(out, "Reference manifest sha256", p.referenceSetSha256());
    row(out, "Python side", p.pythonEnvironment().toString());
    row(out, "Plan", p.plan());
    row(out, "Machine", ConsoleReport.machine(p));
    row(out, "Started", p.startedAt() + String.format(Locale.ROOT, ", took %.1f s", p.seconds()));
    out.append("</table>\n");
    String versus = StageText.versus(report);
    if (report.drift() != null) {
      out.append("<h2>Drift run</h2>\n");
      table(out, List.of("", "reference run", "this run"), StageText.driftRows(report.drift()));
      out.append("<p>").append(esc(StageText.cardChange(report.drift()))).append("</p>\n");
    }
    PreprocessingComparison pre = report.preprocessing();
    if (pre == null) {
      out.append(
          "<h2>Pre-processing</h2>\n<p>Not compared: the reference set holds no raw records.</p>\n");
    } else {
      out.append("<h2>Pre-processing</h2>\n<p>")
          .append(pre.mismatchedRecords())
          .append(" of ")
          .append(pre.records())
          .append(" records encode differently in Java and ")
          .append(StageText.versusInWords(report))
          .append(": fields ")
          .append(esc(pre.mismatchedByField().toString()))
          .append(", input tensors ")
          .append(esc(pre.mismatchedByInput().toString()))
          .append(".</p>\n");
    }
    for (EngineEvaluation e : report.engines()) {
      engine(out, e, versus);
    }
    if (!report.matrix().isEmpty()) {
      out.append("<h2>Engine vs engine</h2>\n<table><tr><th class=\"l\">Pair</th><th>Count</th>")
          .append("<th>Mean</th><th>P99</th><th>Max</th></tr>\n");
      for (EnginePairComparison pair : report.matrix()) {
        DiffStatistics s = pair.all().absolute();
        out.append("<tr><td class=\"l\">")
            .append(pair.first().cliName())
            .append(" vs ")
            .append(pair.second().cliName())
            .append("</td><td>")
            .append(s.count())
            .append("</td><td>")
            .append(Numbers.scientific(s.mean()))
            .append("</td><td>")
            .append(Numbers.scientific(s.p99()))
            .append("</td><td>")
            .append(Numbers.scientific(s.max()))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    out.append("<h2>Gates</h2>\n<table><tr><th class=\"l\">Verdict</th><th class=\"l\">Gate</th>")
        .append("<th>Threshold</th><th>Measured</th></tr>\n");
    for (Gate g : report.gates()) {
      out.append("<tr><td class=\"l ")
          .append(g.passed() ? "pass" : "fail")
          .append("\">")
          .append(g.verdict())
          .append("</td><td class=\"l\"><code>")
          .append(esc(g.name()))
          .append("</code></td><td>")
          .append(Numbers.compact(g.threshold()))
          .append("</td><td>")
          .append(Numbers.compact(g.measured()))
          .append("</td></tr>\n");
    }
    out.append("</table>\n</body></html>\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append("<tr><th class=\"l\">")
        .append(esc(key))
        .append("</th><td class=\"l\">")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
    out.append("<table><tr>");
    for (int i = 0; i < header.size(); i++) {
      out.append(i == 0 ? "<th class=\"l\">" : "<th>").append(esc(header.get(i))).append("</th>");
    }
    out.append("</tr>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        out.append(i == 0 ? "<td class=\"l\">" : "<td>").append(esc(row.get(i))).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
  }

  private static void engine(StringBuilder out, EngineEvaluation e, String versus) {
    EngineProvenance p = e.provenance();
    out.append("<h2>")
        .append(esc(p.engine().cliName()))
        .append(' ')
        .append(esc(p.engineVersion()))
        .append(" <span class=\"")
        .append(e.passed() ? "pass\">PASS" : "fail\">FAIL")
        .append("</span></h2>\n<p>")
        .append(esc(p.settings()))
        .append("; <code>")
        .append(esc(p.modelFile()))
        .append("</code> sha256 <code>")
        .append(esc(p.modelFileSha256()))
        .append("</code>; ")
        .append(String.format(Locale.ROOT, "predicted in %.1f s", e.predictSeconds()))
        .append("</p>\n");
    out.append("<p class=\"banner ")
        .append(e.localisation().lead().isEmpty() ? "pass" : "fail")
        .append("\">")
        .append(esc(StageText.lead(e.localisation())))
        .append("</p>\n");
    table(out, StageText.stageHeader(), StageText.stageRows(e.localisation()));
    out.append(stagePlot(e.localisation()));
    List<OutputComparison> columns = new ArrayList<>(e.outputs());
    if (e.outputs().size() > 1) {
      columns.add(e.all());
    }
    out.append("<table><tr><th class=\"l\">Item</th>");
    columns.forEach(c -> out.append("<th>").append(esc(c.output())).append("</th>"));
    out.append("<th class=\"l\">Explanation</th></tr>\n");
    for (StatisticRow r : StatisticRow.ALL) {
      out.append("<tr><td class=\"l\">").append(r.item).append("</td>");
      columns.forEach(c -> out.append("<td>").append(r.format(c.absolute())).append("</td>"));
      out.append("<td class=\"l\">").append(esc(r.explanation)).append("</td></tr>\n");
    }
    out.append("<tr><td class=\"l\">Over tolerance</td>");
    columns.forEach(c -> out.append("<td>").append(c.overTolerance()).append("</td>"));
    out.append("<td class=\"l\">Elements with |a-b| &gt; atol + rtol·|b|</td></tr>\n");
    out.append("<tr><td class=\"l\">Relative P99</td>");
    columns.forEach(
        c -> out.append("<td>").append(Numbers.scientific(c.relative().p99())).append("</td>"));
    out.append("<td class=\"l\">|a-b|/|b| over non-zero references</td></tr>\n</table>\n");
    QualityComparison q = e.quality();
    if (q != null) {
      out.append("<p>" + QualitySentence.of(q, versus) + "</p>\n");
    }
    if (e.noiseFloor() != null) {
      out.append("<p>")
          .append(esc(StageText.floorNote(p.engine().cliName(), e.noiseFloor())))
          .append(".</p>\n");
      table(out, StageText.floorHeader("JVM-" + versus), StageText.floorRows(e));
      for (String line : StageText.batchFailures(e)) {
        out.append("<p class=\"fail\">").append(esc(line)).append("</p>\n");
      }
    }
    out.append(histogram(e.outputs()));
    List<WorstElement> worst = e.all().worst();
    if (!worst.isEmpty()) {
      out.append("<table><tr><th class=\"l\">Output</th><th>Record</th><th class=\"l\">Id</th>")
          .append("<th>Column</th><th>JVM</th><th>")
          .append(versus)
          .append("</th><th>|diff|</th></tr>\n");
      for (WorstElement w : worst) {
        out.append("<tr><td class=\"l\">")
            .append(esc(w.output()))
            .append("</td><td>")
            .append(w.record())
            .append("</td><td class=\"l\">")
            .append(esc(w.id()))
            .append("</td><td>")
            .append(w.column())
            .append("</td><td>")
            .append(Float.toString((float) w.actual()))
            .append("</td><td>")
            .append(Float.toString((float) w.expected()))
            .append("</td><td>")
            .append(Numbers.scientific(w.difference()))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    if (!e.slices().isEmpty()) {
      out.append("<h3>Slices of the task output, worst first</h3>\n");
      table(out, StageText.sliceHeader(), StageText.sliceRows(e.slices(), e.slices().size()));
    }
  }

  /**
   * Plots each stage's max and P99 of {@code |JVM - reference|} on a log scale, in pipeline order;
   * a stage compared for equality shows its max only, a stage with no difference at all sits on the
   * floor of the axis.
   */
  static String stagePlot(Localisation l) {
    List<Stage> stages = l.stages();
    if (stages.isEmpty()) {
      return "";
    }
    double lowest = Double.POSITIVE_INFINITY;
    double highest = Double.NEGATIVE_INFINITY;
    for (Stage s : stages) {
      for (double v : new double[] {s.max(), s.p99()}) {
        if (v > 0 && Double.isFinite(v)) {
          lowest = Math.min(lowest, v);
          highest = Math.max(highest, v);
        }
      }
    }
    if (lowest > highest) {
      lowest = 1e-9;
      highest = 1e-8;
    }
    int bottom = (int) Math.floor(Math.log10(lowest)) - 1;
    int top = Math.max(bottom + 1, (int) Math.ceil(Math.log10(highest)));
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM - 40;
    double slot = plotWidth / stages.size();
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" role=\"img\" aria-label=\"max and P99 difference per stage\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append("<style>text{font:11px sans-serif;fill:#333}</style>\n");
    for (int k = bottom; k <= top; k++) {
      double y = TOP + plotHeight * (1 - (double) (k - bottom) / (top - bottom));
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">1e%d</text>%n",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              LEFT - 4,
              y + 4,
              k));
    }
    String[] names = {"max", "P99"};
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      double[] values = {s.max(), s.p99()};
      for (int v = 0; v < 2; v++) {
        if (Double.isNaN(values[v])) {
          continue;
        }
        double clamped = Math.max(values[v], Math.pow(10, bottom));
        double height = plotHeight * (Math.log10(clamped) - bottom) / (top - bottom);
        double width = slot * 0.35;
        double x = LEFT + i * slot + slot * 0.12 + v * width;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %s; %d of %d records beyond tolerance</title></rect>%n",
                x,
                TOP + plotHeight - height,
                width,
                Math.max(height, 1),
                s.diverging() > 0 ? (v == 0 ? "#d62728" : "#ff9896") : COLOURS[v],
                esc(s.label()),
                names[v],
                Numbers.scientific(values[v]),
                s.diverging(),
                s.records()));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-35 %.1f"
                  + " %.1f)\">%s</text>%n",
              LEFT + i * slot + slot / 2,
              TOP + plotHeight + 14,
              LEFT + i * slot + slot / 2,
              TOP + plotHeight + 14,
              esc(s.label())));
    }
    double axis = TOP + plotHeight;
    axisLine(svg, axis);
    legend(svg, List.of(names[0] + " |diff|", names[1] + " |diff|"), WIDTH - RIGHT - 90);
    svg.append("</svg>\n");
    return svg.toString();
  }

  /**
   * Draws the outputs' histograms as grouped bars: elements per log-scale bin of the absolute
   * difference, exact zeros first, counts on a log scale.
   */
  static String histogram(List<OutputComparison> outputs) {
    if (outputs.isEmpty()) {
      return "";
    }
    Histogram first = outputs.get(0).histogram();
    int bins = first.counts().size();
    int lo = bins;
    int hi = -1;
    for (OutputComparison c : outputs) {
      List<Long> counts = c.histogram().counts();
      for (int i = 0; i < bins; i++) {
        if (counts.get(i) > 0) {
          lo = Math.min(lo, i);
          hi = Math.max(hi, i);
        }
      }
    }
    if (hi < 0) {
      lo = 0;
      hi = 0;
    }
    // Whole decades on both ends, so the axis labels fall on the edges.
    lo = lo / first.binsPerDecade() * first.binsPerDecade();
    hi = Math.min(bins - 1, (hi / first.binsPerDecade() + 1) * first.binsPerDecade() - 1);
    int slots = hi - lo + 2; // one for the zeros
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double slot = plotWidth / slots;
    // Counts on a log scale too, so that a single stray element still shows; 0.5 is the floor.
    long most = 1;
    for (OutputComparison c : outputs) {
      Histogram h = c.histogram();
      most = Math.max(most, h.zeros());
      for (int i = lo; i <= hi; i++) {
        most = Math.max(most, h.counts().get(i));
      }
    }
    int decades = Math.max(1, (int) Math.ceil(Math.log10(most)));
    double floor = Math.log10(0.5);
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" role=\"img\" aria-label=\"histogram of absolute differences\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append("<style>text{font:11px sans-serif;fill:#333}</style>\n");
    for (int k = 0; k <= decades; k++) {
      double y = TOP + plotHeight * (1 - (k - floor) / (decades - floor));
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              LEFT - 4,
              y + 4,
              k < 4 ? Long.toString((long) Math.pow(10, k)) : "1e" + k));
    }
    double barWidth = slot * 0.8 / outputs.size();
    for (int o = 0; o < outputs.size(); o++) {
      Histogram h = outputs.get(o).histogram();
      double total = Math.max(1, h.total());
      String colour = COLOURS[o % COLOURS.length];
      for (int s = 0; s < slots; s++) {
        long count = s == 0 ? h.zeros() : h.counts().get(lo + s - 1);
        if (count == 0) {
          continue;
        }
        double height = plotHeight * (Math.log10(count) - floor) / (decades - floor);
        double x = LEFT + s * slot + slot * 0.1 + o * barWidth;
        String label =
            s == 0
                ? "exactly 0"
                : String.format(
                    Locale.ROOT, "[%.1e, %.1e)", h.lowerEdge(lo + s - 1), h.lowerEdge(lo + s));
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %d (%.2f%%)</title></rect>%n",
                x,
                TOP + plotHeight - height,
                barWidth,
                height,
                colour,
                esc(outputs.get(o).output()),
                label,
                count,
                100.0 * count / total));
      }
    }
    double axis = TOP + plotHeight;
    axisLine(svg, axis);
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">0</text>%n",
            LEFT + slot / 2,
            axis + 14));
    for (int i = lo; i <= hi + 1; i += first.binsPerDecade()) {
      double x = LEFT + (i - lo + 1) * slot;
      int exponent = first.lowestExponent() + i / first.binsPerDecade();
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">1e%d</text>%n",
              x,
              axis,
              x,
              axis + 4,
              x,
              axis + 14,
              exponent));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">|JVM - Python| (log scale);"
                + " elements per bin (log scale)</text>%n",
            LEFT + plotWidth / 2,
            HEIGHT - 6));
    legend(svg, outputs.stream().map(OutputComparison::output).toList(), WIDTH - RIGHT - 140);
    svg.append("</svg>\n");
    return svg.toString();
  }

  // One coloured square and name per series, top right.
  private static void legend(StringBuilder svg, List<String> names, double x) {
    for (int i = 0; i < names.size(); i++) {
      double y = TOP + 12 + i * 16;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n",
              x,
              y - 9,
              COLOURS[i % COLOURS.length],
              x + 14,
              y,
              esc(names.get(i))));
    }
  }

  private static void axisLine(StringBuilder svg, double y) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
            LEFT,
            y,
            WIDTH - RIGHT,
            y));
  }

  private static String esc(String s) {
    return JunitReport.escape(s);
  }
}
