package dev.parity.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.report.TextRendering;
import java.io.UncheckedIOException;

/**
 * Renders a report as JSON ({@code report.json}), every figure at full double precision. Layout,
 * schema {@value #SCHEMA}:
 *
 * <pre>
 * { "schema", "verdict": "PASS"|"FAIL", "failedGates": [names],
 *   "provenance": {...},
 *   "mode": "parity"|"drift",
 *   "drift": {"referenceModel", "referenceCardSha256", "model", "cardSha256", "cardChanged",
 *             "reference": {...}, "current": {...}},                        (drift runs only)
 *   "preprocessing": {"records", "mismatchedRecords", "mismatchedByField", "mismatchedByInput",
 *                     "examples"},
 *   "engines": {
 *     "&lt;engine&gt;": {
 *       "provenance": {"engine", "engineVersion", "device", "settings", "modelFile", "modelFileSha256"},
 *       "predictSeconds",
 *       "localisation": {"firstDivergence": {stage} or null, "lead": "sentence", "tapRecords",
 *         "stages": [{"kind", "label", "records", "diverging", "firstDiverging", "max", "p99",
 *                     "worstRecord", "worstId"}]},
 *       "outputs": {
 *         "probability" | "hidden" | "all": {
 *           "count", "mean", "std", "p25", "p50", "p75", "p99", "max",   (of |JVM - Python|)
 *           "shape", "tolerance": {"atol", "rtol"}, "overTolerance", "overToleranceFraction",
 *           "relative": {"count", "mean", ...}, "worst": [...], "histogram": {...} } },
 *       "taps": {"&lt;tap&gt;": {... as an output}},
 *       "quality": {...},
 *       "noiseFloor": {"records", "note", "outputs": {"&lt;output&gt;": {"max", "p99"}},
 *                      "variants": [{"name", "change", "outputs": {... as an output}}]},
 *       "slices": [{"key", "field", "value", "records", "difference": {"count", ..., "max"},
 *                   "qualityMetric", "qualityDelta"}],                     (worst first)
 *       "gates": [{"name", "threshold", "measured", "verdict"}] } },
 *   "matrix": [{"first", "second", "outputs": {... as above}}],
 *   "gates": [every gate] }
 * </pre>
 */
public final class JsonReport extends TextRendering<ValidationReport> {

  /** The report format. */
  public static final String SCHEMA = "parity.validation-report/1";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Creates the rendering, written as {@code report.json}. */
  public JsonReport() {
    super("report.json");
  }

  /**
   * Renders a report.
   *
   * @param report the report
   * @return pretty-printed JSON ending in a newline
   */
  @Override
  public String render(ValidationReport report) {
    try {
      return JSON.writeValueAsString(tree(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a report tree always serialises", e);
    }
  }

  /**
   * Builds the report's JSON tree.
   *
   * @param report the report
   * @return the tree
   */
  public static ObjectNode tree(ValidationReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("verdict", report.passed() ? "PASS" : "FAIL");
    ArrayNode failed = root.putArray("failedGates");
    report.failedGates().forEach(g -> failed.add(g.name()));
    root.set("provenance", provenance(report.provenance()));
    root.put("mode", report.drift() == null ? "parity" : "drift");
    if (report.drift() != null) {
      root.set("drift", drift(report.drift()));
    }
    // null when the reference set holds no raw records: nothing was compared.
    root.set(
        "preprocessing",
        report.preprocessing() == null ? null : preprocessing(report.preprocessing()));
    root.set("runGates", gates(report.runGates()));
    ObjectNode engines = root.putObject("engines");
    for (EngineEvaluation e : report.engines()) {
      ObjectNode node = engines.putObject(e.engine().cliName());
      EngineProvenance p = e.provenance();
      ObjectNode prov = node.putObject("provenance");
      prov.put("engine", p.engine().djlName());
      prov.put("engineVersion", p.engineVersion());
      prov.put("device", p.device());
      prov.put("settings", p.settings());
      prov.put("modelFile", p.modelFile());
      prov.put("modelFileSha256", p.modelFileSha256());
      node.put("predictSeconds", e.predictSeconds());
      node.set("localisation", localisation(e.localisation()));
      ObjectNode outputs = node.putObject("outputs");
      e.outputs().forEach(c -> outputs.set(c.output(), comparison(c)));
      outputs.set(OutputComparison.ALL, comparison(e.all()));
      ObjectNode taps = node.putObject("taps");
      e.taps().forEach(c -> taps.set(c.output(), comparison(c)));
      if (e.quality() != null) {
        node.set("quality", quality(e.quality()));
      }
      if (e.noiseFloor() != null) {
        node.set("noiseFloor", noiseFloor(e));
      }
      ArrayNode slices = node.putArray("slices");
      for (SliceComparison sc : e.slices()) {
        ObjectNode x = slices.addObject();
        x.put("key", sc.key());
        x.put("field", sc.field());
        x.put("value", sc.value());
        x.put("records", sc.records());
        statistics(x.putObject("difference"), sc.difference());
        x.put("qualityMetric", sc.qualityMetric());
        x.put("qualityDelta", sc.qualityDelta());
      }
      node.set("gates", gates(e.gates()));
    }
    ArrayNode matrix = root.putArray("matrix");
    for (EnginePairComparison pair : report.matrix()) {
      ObjectNode node = matrix.addObject();
      node.put("first", pair.first().cliName());
      node.put("second", pair.second().cliName());
      ObjectNode outputs = node.putObject("outputs");
      pair.outputs().forEach(c -> outputs.set(c.output(), comparison(c)));
      outputs.set(OutputComparison.ALL, comparison(pair.all()));
    }
    root.set("gates", gates(report.gates()));
    return root;
  }

  private static ObjectNode provenance(Provenance p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("startedAt", p.startedAt().toString());
    n.put("seconds", p.seconds());
    n.put("javaVersion", p.javaVersion());
    n.put("javaVendor", p.javaVendor());
    n.put("os", p.os());
    n.put("arch", p.arch());
    n.put("cpus", p.cpus());
    n.put("parityVersion", p.parityVersion());
    n.put("djlVersion", p.djlVersion());
    n.put("model", p.model());
    n.put("modelCard", p.modelCard());
    n.put("modelCardSha256", p.modelCardSha256());
    n.put("referenceSet", p.referenceSet());
    n.put("referenceSetSha256", p.referenceSetSha256());
    n.put("records", p.records());
    ObjectNode env = n.putObject("pythonEnvironment");
    p.pythonEnvironment().forEach(env::put);
    n.put("plan", p.plan());
    return n;
  }

  private static ObjectNode drift(Drift d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("referenceModel", d.referenceModel());
    n.put("referenceCardSha256", d.referenceCardSha256());
    n.put("model", d.model());
    n.put("cardSha256", d.cardSha256());
    n.put("cardChanged", d.cardChanged());
    ObjectNode reference = n.putObject("reference");
    d.reference().forEach(reference::put);
    ObjectNode current = n.putObject("current");
    d.current().forEach(current::put);
    return n;
  }

  private static ObjectNode localisation(Localisation l) {
    ObjectNode n = JSON.createObjectNode();
    if (l.lead().isPresent()) {
      n.set("firstDivergence", stage(l.lead().get()));
    } else {
      n.putNull("firstDivergence");
    }
    n.put("lead", StageText.lead(l));
    n.put("tapRecords", l.tapRecords());
    ArrayNode stages = n.putArray("stages");
    l.stages().forEach(s -> stages.add(stage(s)));
    return n;
  }

  private static ObjectNode stage(Stage s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
    n.put("label", s.label());
    n.put("records", s.records());
    n.put("diverging", s.diverging());
    n.put("firstDiverging", s.firstDiverging());
    n.put("max", s.max());
    n.put("p99", s.p99());
    n.put("worstRecord", s.worstRecord());
    n.put("worstId", s.worstId());
    return n;
  }

  private static ObjectNode noiseFloor(EngineEvaluation e) {
    NoiseFloor f = e.noiseFloor();
    ObjectNode n = JSON.createObjectNode();
    n.put("records", f.records());
    n.put("note", f.note());
    ObjectNode outputs = n.putObject("outputs");
    for (OutputComparison c : e.outputs()) {
      ObjectNode o = outputs.putObject(c.output());
      o.put("max", f.max(c.output()));
      o.put("p99", f.p99(c.output()));
    }
    ArrayNode variants = n.putArray("variants");
    for (NoiseFloor.Variant v : f.variants()) {
      ObjectNode x = variants.addObject();
      x.put("name", v.name());
      x.put("change", v.change().name().toLowerCase(java.util.Locale.ROOT));
      ObjectNode o = x.putObject("outputs");
      v.outputs().forEach(c -> o.set(c.output(), comparison(c)));
    }
    return n;
  }

  private static ObjectNode preprocessing(PreprocessingComparison pre) {
    ObjectNode n = JSON.createObjectNode();
    n.put("records", pre.records());
    n.put("mismatchedRecords", pre.mismatchedRecords());
    ObjectNode by = n.putObject("mismatchedByField");
    pre.mismatchedByField().forEach(by::put);
    ObjectNode byInput = n.putObject("mismatchedByInput");
    pre.mismatchedByInput().forEach(byInput::put);
    ArrayNode examples = n.putArray("examples");
    for (IndexMismatch m : pre.examples()) {
      ObjectNode x = examples.addObject();
      x.put("record", m.record());
      x.put("id", m.id());
      x.put("field", m.field());
      ArrayNode java = x.putArray("java");
      m.java().forEach(v -> java.add(v.doubleValue()));
      ArrayNode python = x.putArray("python");
      m.python().forEach(v -> python.add(v.doubleValue()));
    }
    return n;
  }

  static ObjectNode statistics(ObjectNode n, DiffStatistics s) {
    n.put("count", s.count());
    n.put("mean", s.mean());
    n.put("std", s.std());
    n.put("p25", s.p25());
    n.put("p50", s.p50());
    n.put("p75", s.p75());
    n.put("p99", s.p99());
    n.put("max", s.max());
    return n;
  }

  private static ObjectNode comparison(OutputComparison c) {
    ObjectNode n = statistics(JSON.createObjectNode(), c.absolute());
    ArrayNode shape = n.putArray("shape");
    c.shape().forEach(shape::add);
    if (c.tolerance() != null) {
      ObjectNode t = n.putObject("tolerance");
      t.put("atol", c.tolerance().atol());
      t.put("rtol", c.tolerance().rtol());
    }
    n.put("overTolerance", c.overTolerance());
    n.put("overToleranceFraction", c.overToleranceFraction());
    n.put("nonFinite", c.nonFinite());
    statistics(n.putObject("relative"), c.relative());
    ArrayNode worst = n.putArray("worst");
    for (WorstElement w : c.worst()) {
      ObjectNode x = worst.addObject();
      x.put("output", w.output());
      x.put("record", w.record());
      x.put("id", w.id());
      x.put("column", w.column());
      x.put("actual", w.actual());
      x.put("expected", w.expected());
      x.put("difference", w.difference());
    }
    Histogram h = c.histogram();
    ObjectNode hist = n.putObject("histogram");
    hist.put("lowestExponent", h.lowestExponent());
    hist.put("binsPerDecade", h.binsPerDecade());
    hist.put("zeros", h.zeros());
    hist.put("below", h.below());
    ArrayNode counts = hist.putArray("counts");
    h.counts().forEach(counts::add);
    hist.put("above", h.above());
    return n;
  }

  private static ObjectNode quality(QualityComparison quality) {
    ObjectNode n = JSON.createObjectNode();
    if (quality instanceof BinaryQuality q) {
      n.put("task", "binary");
      n.put("precisionTarget", q.precisionTarget());
      n.put("aucJvm", q.aucActual());
      n.put("aucPython", q.aucExpected());
      n.put("aucDelta", q.aucDelta());
      n.put("recallJvm", q.recallActual());
      n.put("recallPython", q.recallExpected());
      n.put("recallDelta", q.recallDelta());
      n.put("decisionThreshold", q.decisionThreshold());
      n.put("flipBand", q.flipBand());
      n.put("flips", q.flips());
      n.put("flipsInBand", q.flipsInBand());
    } else if (quality instanceof MulticlassQuality q) {
      n.put("task", "multiclass");
      n.put("classes", q.classes());
      n.put("argmaxFlips", q.argmaxFlips());
      n.put("topK", q.topK());
      n.put("topKAgreement", q.topKAgreement());
      n.put("accuracyJvm", q.accuracyActual());
      n.put("accuracyPython", q.accuracyExpected());
      n.put("accuracyDelta", q.accuracyDelta());
      n.put("logLossJvm", q.logLossActual());
      n.put("logLossPython", q.logLossExpected());
      n.put("logLossDelta", q.logLossDelta());
    } else if (quality instanceof RegressionQuality q) {
      n.put("task", "regression");
      n.put("rmseJvm", q.rmseActual());
      n.put("rmsePython", q.rmseExpected());
      n.put("rmseDelta", q.rmseDelta());
      n.put("maeJvm", q.maeActual());
      n.put("maePython", q.maeExpected());
      n.put("maeDelta", q.maeDelta());
    }
    return n;
  }

  private static ArrayNode gates(java.util.List<Gate> gates) {
    ArrayNode a = JSON.createArrayNode();
    for (Gate g : gates) {
      ObjectNode n = a.addObject();
      n.put("name", g.name());
      n.put("threshold", g.threshold());
      n.put("measured", g.measured());
      n.put("verdict", g.verdict().name());
      n.put("bound", g.bound() == Gate.Bound.AT_LEAST ? ">=" : "<=");
    }
    return a;
  }
}
