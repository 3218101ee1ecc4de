package dev.parity.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.report.TextRendering;
import java.io.UncheckedIOException;

/**
 * Renders a {@link BenchSummary} as JSON ({@code bench-summary.json}), schema {@value
 * BenchSummary#SCHEMA}:
 *
 * <pre>
 * { "schema", "preset", "cores", "plan", "versions": {"parity", "djl", ...},
 *   "cost", "roofline": [...], "engines": [...], "translationShare",
 *   "recommendation": {"cores", "engine", "setting", "recordsPerSecond", "scaledCallers", "advice"},
 *   "targets": [{"name", "goal", "measured", "threshold", "verdict": "met"|"missed"|"not measured",
 *                "detail", "figure", "comparison": "atLeast"|"atMost", "presets", "engine",
 *                "reason"}],
 *   "notes": [...], "python": {...}, "sweep": [{"engine", "setting", "recordsPerSecond"}] }
 * </pre>
 *
 * The keys up to {@code notes} are those of the first bench summaries; {@code plan}, {@code
 * versions}, {@code python}, {@code sweep}, {@code recommendation.scaledCallers} and the targets'
 * keys after {@code detail} were added with bench plans.
 */
public final class BenchJson extends TextRendering<BenchSummary> {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Creates the rendering, written as {@code bench-summary.json}. */
  public BenchJson() {
    super("bench-summary.json");
  }

  /**
   * Renders a summary.
   *
   * @param s the summary
   * @return pretty-printed JSON ending in a newline
   */
  @Override
  public String render(BenchSummary s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", s.schema());
    root.put("preset", s.preset());
    root.put("cores", s.cores());
    root.put("plan", s.plan());
    root.set("versions", JSON.valueToTree(s.versions()));
    root.set("cost", JSON.valueToTree(s.cost()));
    root.set("roofline", JSON.valueToTree(s.roofline()));
    root.set("engines", JSON.valueToTree(s.engines()));
    root.put("translationShare", s.translationShare());
    if (s.recommendation() == null) {
      root.putNull("recommendation");
    } else {
      ObjectNode r = JSON.valueToTree(s.recommendation());
      r.put("advice", SummaryWords.advice(s.recommendation()));
      root.set("recommendation", r);
    }
    ArrayNode targets = root.putArray("targets");
    for (BenchSummary.Target t : s.targets()) {
      ObjectNode n = targets.addObject();
      n.put("name", t.name());
      n.put("goal", SummaryWords.goal(t.target()));
      n.put("measured", t.measured().value());
      n.put("threshold", t.target().threshold());
      n.put("verdict", SummaryWords.verdict(t.verdict()));
      n.put("detail", SummaryWords.detail(t, s));
      n.put("figure", t.target().figure().key());
      n.put("comparison", t.target().direction().key());
      n.set("presets", JSON.valueToTree(t.target().presets()));
      n.put("engine", t.measured().engine());
      n.put("reason", t.reason());
    }
    root.set("notes", JSON.valueToTree(s.notes()));
    root.set("python", JSON.valueToTree(s.python()));
    root.set("sweep", JSON.valueToTree(s.sweep()));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a bench summary tree always serialises", e);
    }
  }
}
