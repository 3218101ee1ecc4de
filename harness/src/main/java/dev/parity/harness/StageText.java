package dev.parity.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words and table rows every report shares for the stage-by-stage localisation, the noise
 * floor, slices and a drift run, so that the console, Markdown and HTML reports say the same.
 */
final class StageText {
  /** How many slices the console and Markdown reports list per engine (JSON and HTML: all). */
  static final int SLICES_SHOWN = 5;

  private StageText() {}

  /**
   * The lead of an engine's report: where the JVM first parts from the reference.
   *
   * @param l the localisation
   * @return e.g. {@code first divergence: layer `mlp.1` in 312 of 2,048 records (max 3.10E-03);
   *     every earlier stage within tolerance}
   */
  static String lead(Localisation l) {
    Optional<Stage> lead = l.lead();
    if (lead.isEmpty()) {
      return "no divergence: every stage within tolerance ("
          + String.join(", ", l.stages().stream().map(Stage::label).toList())
          + (l.tapRecords() > 0
              ? String.format(Locale.ROOT, "; taps on the first %,d records", l.tapRecords())
              : "")
          + ")";
    }
    Stage s = lead.get();
    boolean first = l.stages().indexOf(s) == 0;
    return String.format(
        Locale.ROOT,
        "first divergence: %s in %,d of %,d records%s%s; %s",
        s.described(),
        s.firstDiverging(),
        s.records(),
        Double.isNaN(s.max()) ? "" : " (max " + Numbers.scientific(s.max()) + ")",
        s.worstRecord() < 0
            ? ""
            : ", e.g. record "
                + s.worstRecord()
                + (s.worstId() == null ? "" : " (" + s.worstId() + ")"),
        first ? "it is the first stage compared" : "every earlier stage within tolerance");
  }

  static List<String> stageHeader() {
    return List.of("Stage", "Records", "Beyond tolerance", "First diverging here", "Max", "P99");
  }

  static List<List<String>> stageRows(Localisation l) {
    List<List<String>> rows = new ArrayList<>();
    for (Stage s : l.stages()) {
      rows.add(
          List.of(
              s.kind() == Stage.Kind.TAP ? "layer " + s.label() : s.label(),
              Long.toString(s.records()),
              Long.toString(s.diverging()),
              Long.toString(s.firstDiverging()),
              dash(s.max()),
              dash(s.p99())));
    }
    return rows;
  }

  /**
   * Describes what the noise floor ran.
   *
   * @param engine the engine's name
   * @param f the noise floor
   * @return one sentence
   */
  static String floorNote(String engine, NoiseFloor f) {
    return String.format(
            Locale.ROOT,
            "Noise floor: %s run again over the first %,d records (%s), each against the validated"
                + " run",
            engine,
            f.records(),
            String.join(", ", f.variants().stream().map(NoiseFloor.Variant::name).toList()))
        + (f.note() == null ? "" : "; " + f.note());
  }

  static List<String> floorHeader(String versus) {
    return List.of(
        "Output",
        versus + " max",
        versus + " P99",
        "Noise floor max",
        "Noise floor P99",
        "Batch 1 vs batch N max");
  }

  static List<List<String>> floorRows(EngineEvaluation e) {
    List<List<String>> rows = new ArrayList<>();
    NoiseFloor f = e.noiseFloor();
    for (OutputComparison c : e.outputs()) {
      double batch =
          f.batch()
              .flatMap(v -> v.output(c.output()))
              .map(o -> o.absolute().max())
              .orElse(Double.NaN);
      rows.add(
          List.of(
              c.output(),
              Numbers.scientific(c.absolute().max()),
              Numbers.scientific(c.absolute().p99()),
              dash(f.max(c.output())),
              dash(f.p99(c.output())),
              dash(batch)));
    }
    return rows;
  }

  /**
   * The batch-invariance gates that failed, in words, per engine.
   *
   * @param e the engine's evaluation
   * @return one line per failed gate
   */
  static List<String> batchFailures(EngineEvaluation e) {
    List<String> out = new ArrayList<>();
    for (Gate g : e.gates()) {
      if (!g.passed() && g.name().endsWith(".batchInvariance")) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s: a record's outputs depend on the batch it sits in (%s): |one record per call"
                    + " - the validated batch| max %s > %s",
                e.engine().cliName(),
                g.name(),
                Numbers.scientific(g.measured()),
                Numbers.scientific(g.threshold())));
      }
    }
    return out;
  }

  static List<String> sliceHeader() {
    return List.of("Slice", "Value", "Records", "Max", "P99", "Quality delta");
  }

  static List<List<String>> sliceRows(List<SliceComparison> slices, int limit) {
    List<List<String>> rows = new ArrayList<>();
    for (SliceComparison s : slices.subList(0, Math.min(limit, slices.size()))) {
      rows.add(
          List.of(
              s.key(),
              s.value(),
              Long.toString(s.records()),
              Numbers.scientific(s.difference().max()),
              Numbers.scientific(s.difference().p99()),
              Double.isNaN(s.qualityDelta())
                  ? "-"
                  : s.qualityMetric() + " " + Numbers.scientific(s.qualityDelta())));
    }
    return rows;
  }

  /**
   * A drift run's two sides as rows: model, card, then every provenance key either side records.
   *
   * @param d the drift
   * @return rows of {@code key, reference run, this run}
   */
  static List<List<String>> driftRows(Drift d) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model", d.referenceModel(), d.model()));
    rows.add(
        List.of(
            "model card sha256",
            d.referenceCardSha256() == null ? "(not recorded)" : d.referenceCardSha256(),
            d.cardSha256()));
    Set<String> keys = new LinkedHashSet<>(d.reference().keySet());
    keys.addAll(d.current().keySet());
    for (String k : keys) {
      rows.add(List.of(k, d.reference().getOrDefault(k, "-"), d.current().getOrDefault(k, "-")));
    }
    return rows;
  }

  /**
   * Names a drift run's card change, or says there is none.
   *
   * @param d the drift
   * @return one sentence
   */
  static String cardChange(Drift d) {
    return d.cardChanged()
        ? "The model card changed since the reference run ("
            + d.referenceModel()
            + " -> "
            + d.model()
            + "): expected in a drift run."
        : "The model card is the one the reference run used.";
  }

  /**
   * What the JVM is compared with, in the reports' words.
   *
   * @param report the report
   * @return {@code Python} against the model's own reference, {@code earlier run} in a drift run
   */
  static String versus(ValidationReport report) {
    return report.drift() == null ? "Python" : "earlier run";
  }

  /**
   * What the JVM is compared with, in a sentence.
   *
   * @param report the report
   * @return {@code Python}, or {@code the earlier run} in a drift run
   */
  static String versusInWords(ValidationReport report) {
    return report.drift() == null ? "Python" : "the earlier run";
  }

  private static String dash(double v) {
    return Double.isNaN(v) ? "-" : Numbers.scientific(v);
  }
}
