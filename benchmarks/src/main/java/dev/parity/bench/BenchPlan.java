package dev.parity.bench;

import dev.parity.plan.PlanFile;
import dev.parity.plan.PlanFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The performance targets a bench run is judged against, read from a YAML or JSON file, each a
 * {@link BenchTarget}. The plan shipped with Parity is {@value #SHIPPED}; its comments give the
 * reason for each target.
 *
 * <pre>
 * schema: parity.bench-plan/1
 * targets:
 *   python-ratio:                # the name reports use
 *     figure: pythonRatio        # one of Figure's keys
 *     atLeast: 2.0               # or atMost
 *   roofline:
 *     figure: engineOnlyRooflineFraction
 *     atLeast: 0.5
 *     presets: [large]           # judged only on these presets (default: every preset)
 * </pre>
 *
 * @param schema the plan format, {@value #SCHEMA}
 * @param targets the targets, in the plan's order
 * @param source where the plan came from, for messages and reports
 */
public record BenchPlan(String schema, List<BenchTarget> targets, String source) {

  /** The only plan format this reader understands. */
  public static final String SCHEMA = "parity.bench-plan/1";

  /** The plan shipped with Parity, a classpath resource. */
  public static final String SHIPPED = "dev/parity/bench/default-bench-plan.yaml";

  /** Copies the list. */
  public BenchPlan {
    targets = List.copyOf(targets);
  }

  /** The file as written, before validation. */
  record Document(String schema, LinkedHashMap<String, TargetDocument> targets) {}

  /** One target as written. */
  record TargetDocument(String figure, Double atLeast, Double atMost, List<String> presets) {}

  /**
   * Reads a plan file: YAML, or JSON when the name ends in {@code .json}.
   *
   * @param file the plan
   * @return the plan
   * @throws PlanFileException if the file is missing or malformed, holds an unknown key or an
   *     invalid target; the message names the file and the key
   */
  public static BenchPlan read(Path file) throws PlanFileException {
    return validate(PlanFile.read(file, Document.class, SCHEMA), file.toString());
  }

  /**
   * Returns the plan shipped with Parity.
   *
   * @return the plan in {@value #SHIPPED}
   */
  public static BenchPlan shipped() {
    try {
      return validate(PlanFile.shipped(SHIPPED, Document.class, SCHEMA), "shipped plan");
    } catch (PlanFileException e) {
      throw new IllegalStateException("the shipped plan " + SHIPPED + " is invalid: " + e, e);
    }
  }

  /**
   * Parses plan text.
   *
   * @param text the plan
   * @param source names the plan in messages
   * @param json whether the text is JSON (else YAML)
   * @return the plan
   * @throws PlanFileException if the text is malformed or holds an invalid target
   */
  public static BenchPlan parse(String text, String source, boolean json) throws PlanFileException {
    return validate(PlanFile.parse(text, source, json, Document.class, SCHEMA), source);
  }

  /**
   * Finds a target by name.
   *
   * @param name the target's name
   * @return the target, empty when the plan has none of that name
   */
  public Optional<BenchTarget> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static BenchPlan validate(Document doc, String source) throws PlanFileException {
    List<String> problems = new ArrayList<>();
    if (!SCHEMA.equals(doc.schema())) {
      problems.add("schema must be " + SCHEMA + ", found " + doc.schema());
    }
    List<BenchTarget> targets = new ArrayList<>();
    Map<String, TargetDocument> written = doc.targets() == null ? Map.of() : doc.targets();
    for (Map.Entry<String, TargetDocument> e : written.entrySet()) {
      String at = "targets." + e.getKey();
      TargetDocument t = e.getValue();
      if (t == null) {
        problems.add(at + " is empty; give it a figure and atLeast or atMost");
        continue;
      }
      BenchTarget.Builder b = BenchTarget.builder().setName(e.getKey());
      if (t.figure() != null) {
        Optional<Figure> figure = Figure.byKey(t.figure());
        if (figure.isEmpty()) {
          problems.add(
              at
                  + ".figure names an unknown figure '"
                  + t.figure()
                  + "'; expected one of "
                  + Figure.keys());
          continue;
        }
        b.setFigure(figure.get());
      }
      if (t.atLeast() != null) {
        b.optAtLeast(t.atLeast());
      }
      if (t.atMost() != null) {
        b.optAtMost(t.atMost());
      }
      if (t.presets() != null) {
        b.optPresets(t.presets());
      }
      try {
        targets.add(b.build());
      } catch (IllegalArgumentException x) {
        problems.add(at + ": " + x.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanFileException(
          "plan " + source + " is invalid:\n  " + String.join("\n  ", problems));
    }
    return new BenchPlan(doc.schema(), targets, source);
  }
}
