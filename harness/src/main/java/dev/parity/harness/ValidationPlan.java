package dev.parity.harness;

import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.plan.PlanFile;
import dev.parity.plan.PlanFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The release criteria of a validation run, read from a YAML or JSON file: the tolerances and
 * limits each output and each task's model quality is held to. The top-level {@code engines}
 * section applies to any model; a {@code models} section per {@code groupId:artifactId} overrides
 * it for that model. In each, an engine's section overrides the {@code default} section, and a
 * named output overrides the {@value EngineLimits#ANY_OUTPUT} output, key by key. The plan shipped
 * with Parity is {@value #SHIPPED}; its comments explain each default.
 *
 * <pre>
 * schema: parity.validation-plan/2
 * worstRecords: 10
 * preprocessing: {maxMismatchedRecords: 0}
 * engines:                       # any model
 *   default:
 *     outputs:
 *       "*": {atol: 1.0e-5, rtol: 1.0e-5, maxOverToleranceFraction: 0, maxNonFinite: 0}
 *     quality:
 *       multiclass: {maxArgmaxFlips: 0, topK: 3, minTopKAgreement: 1.0}
 * models:
 *   dev.parity:purchase:         # one model
 *     engines:
 *       default:
 *         outputs:
 *           probability: {atol: 1.0e-6, maxP99: 1.0e-6, maxMax: 1.0e-5}
 *       mxnet:
 *         outputs:
 *           hidden: {maxMax: 2.0e-4}
 * </pre>
 *
 * <p>The most specific value wins: the model's engine section, the model's {@code default} section,
 * the top level's engine section, the top level's {@code default} section.
 *
 * <p>A {@code drift} section, at the top level and per model, holds the same {@code preprocessing}
 * and {@code engines} keys for drift runs: a validation against an earlier JVM run or another
 * version of the model ({@link ReferenceSet.Mode#DRIFT}), where a release may fail on "moved more
 * than X since the last release". Drift runs take their limits from the drift sections only.
 *
 * @param schema the plan format, {@value #SCHEMA}
 * @param worstRecords how many of the worst elements to report per output
 * @param preprocessing the pre-processing limits of any model
 * @param engines limits for any model, by engine name or {@value #DEFAULT_SECTION}
 * @param models per-model sections, by {@code groupId:artifactId}
 * @param drift limits for drift runs of any model
 * @param slices how any model's records are sliced and which slices are gated
 * @param source where the plan came from, for messages and reports
 */
public record ValidationPlan(
    String schema,
    int worstRecords,
    PreprocessingLimits preprocessing,
    Map<String, EngineLimits> engines,
    Map<String, ModelSection> models,
    DriftSection drift,
    SliceLimits slices,
    String source) {

  /** The only plan format this reader understands. */
  public static final String SCHEMA = "parity.validation-plan/2";

  /** The plan shipped with Parity, a classpath resource. */
  public static final String SHIPPED = "dev/parity/harness/default-plan.yaml";

  /** The section every engine inherits from. */
  public static final String DEFAULT_SECTION = "default";

  /** What to do about a plan that cannot be used. */
  public static final String REMEDY = dev.parity.plan.PlanFile.REMEDY;

  private static final int MAX_WORST_RECORDS = 1000;

  /** Copies the maps so the plan stays immutable. */
  public ValidationPlan {
    engines = Collections.unmodifiableMap(new LinkedHashMap<>(engines));
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /**
   * One model's section.
   *
   * @param preprocessing its pre-processing limits, over the top level's
   * @param engines its limits by engine name or {@value #DEFAULT_SECTION}
   * @param drift its limits for drift runs, over the top level's drift section
   * @param slices how its records are sliced and which slices are gated, instead of the top level's
   */
  public record ModelSection(
      PreprocessingLimits preprocessing,
      Map<String, EngineLimits> engines,
      DriftSection drift,
      SliceLimits slices) {

    /** Normalises absent parts. */
    public ModelSection {
      preprocessing = preprocessing == null ? new PreprocessingLimits(null) : preprocessing;
      engines =
          Collections.unmodifiableMap(engines == null ? Map.of() : new LinkedHashMap<>(engines));
      drift = drift == null ? DriftSection.NONE : drift;
    }
  }

  /**
   * The limits of drift runs: the new release against an earlier JVM run or another model version.
   *
   * @param preprocessing how many records may be encoded differently than in the earlier run
   * @param engines limits by engine name or {@value #DEFAULT_SECTION}
   */
  public record DriftSection(PreprocessingLimits preprocessing, Map<String, EngineLimits> engines) {

    /** A drift section with nothing set. */
    static final DriftSection NONE = new DriftSection(null, null);

    /** Normalises absent parts. */
    public DriftSection {
      preprocessing = preprocessing == null ? new PreprocessingLimits(null) : preprocessing;
      engines =
          Collections.unmodifiableMap(engines == null ? Map.of() : new LinkedHashMap<>(engines));
    }
  }

  /** The file as written, before validation. */
  record Document(
      String schema,
      Integer worstRecords,
      PreprocessingLimits preprocessing,
      Map<String, EngineLimits> engines,
      Map<String, ModelSection> models,
      DriftSection drift,
      SliceLimits slices) {}

  /**
   * Reads a plan file: YAML, or JSON when the name ends in {@code .json}.
   *
   * @param file the plan
   * @return the plan
   * @throws PlanException if the file is missing, malformed or holds invalid values
   */
  public static ValidationPlan read(Path file) throws PlanException {
    try {
      return validate(PlanFile.read(file, Document.class, SCHEMA), file.toString());
    } catch (PlanFileException e) {
      throw new PlanException(e.getMessage(), e);
    }
  }

  /**
   * Returns the plan shipped with Parity.
   *
   * @return the plan in {@value #SHIPPED}
   */
  public static ValidationPlan shipped() {
    try {
      return validate(PlanFile.shipped(SHIPPED, Document.class, SCHEMA), "shipped plan");
    } catch (PlanException e) {
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
   * @throws PlanException if the text is malformed or holds invalid values
   */
  public static ValidationPlan parse(String text, String source, boolean json)
      throws PlanException {
    try {
      return validate(PlanFile.parse(text, source, json, Document.class, SCHEMA), source);
    } catch (PlanFileException e) {
      throw new PlanException(e.getMessage(), e);
    }
  }

  private static ValidationPlan validate(Document doc, String source) throws PlanException {
    List<String> problems = new ArrayList<>();
    if ("parity.validation-plan/1".equals(doc.schema())) {
      problems.add(
          "schema parity.validation-plan/1 is version 1; version 2 takes the decision threshold"
              + " from the model card's task, nests quality limits under their task (quality:"
              + " {binary: {...}}) and adds per-model sections (models:); see the shipped plan,"
              + " "
              + SHIPPED);
    } else if (!SCHEMA.equals(doc.schema())) {
      problems.add("schema must be " + SCHEMA + ", found " + doc.schema());
    }
    int worst = doc.worstRecords() == null ? 10 : doc.worstRecords();
    if (worst < 0 || worst > MAX_WORST_RECORDS) {
      problems.add("worstRecords must be 0 to " + MAX_WORST_RECORDS + ", found " + worst);
    }
    PreprocessingLimits pre =
        doc.preprocessing() == null ? new PreprocessingLimits(null) : doc.preprocessing();
    nonNegative(problems, "preprocessing.maxMismatchedRecords", pre.maxMismatchedRecords());
    Map<String, EngineLimits> engines = sections(problems, "engines", doc.engines());
    DriftSection drift = drift(problems, "drift", doc.drift());
    Map<String, ModelSection> models = new LinkedHashMap<>();
    if (doc.models() != null) {
      for (Map.Entry<String, ModelSection> e : doc.models().entrySet()) {
        String key = e.getKey();
        try {
          ModelId id = ModelId.parse(key);
          if (id.version() != null) {
            problems.add("models." + key + ": name a model as groupId:artifactId, no version");
          }
        } catch (IllegalArgumentException x) {
          problems.add("models." + key + ": " + x.getMessage());
        }
        ModelSection m =
            e.getValue() == null ? new ModelSection(null, null, null, null) : e.getValue();
        nonNegative(
            problems,
            "models." + key + ".preprocessing.maxMismatchedRecords",
            m.preprocessing().maxMismatchedRecords());
        models.put(
            key,
            new ModelSection(
                m.preprocessing(),
                sections(problems, "models." + key + ".engines", m.engines()),
                drift(problems, "models." + key + ".drift", m.drift()),
                slices(problems, "models." + key + ".slices", m.slices())));
      }
    }
    SliceLimits slices = slices(problems, "slices", doc.slices());
    if (!problems.isEmpty()) {
      throw new PlanException(source + ": invalid plan: " + String.join("; ", problems));
    }
    return new ValidationPlan(doc.schema(), worst, pre, engines, models, drift, slices, source);
  }

  private static SliceLimits slices(List<String> problems, String where, SliceLimits section) {
    if (section == null) {
      return null;
    }
    if (section.top() != null && section.top() < 1) {
      problems.add(where + ".top must be at least 1, found " + section.top());
    }
    for (int i = 0; i < section.gates().size(); i++) {
      SliceLimits.SliceGate g = section.gates().get(i);
      String at = where + ".gates[" + i + "].";
      if (g == null || g.slice() == null || g.slice().isBlank()) {
        problems.add(
            at
                + "slice is missing: name it field=value, field:d<decile> (1 to 10) or \""
                + SliceLimits.EVERY_SLICE
                + "\"");
        continue;
      }
      nonNegative(problems, at + "maxMax", g.maxMax());
      nonNegative(problems, at + "maxP99", g.maxP99());
      nonNegative(problems, at + "maxQualityDelta", g.maxQualityDelta());
    }
    return section;
  }

  /**
   * Returns how a model's records are sliced and which slices are gated: the model's section, else
   * the top level's, else the defaults (the 10 most frequent values, no gates).
   *
   * @param model the model
   * @return the slice limits
   */
  public SliceLimits slicesFor(ModelId model) {
    ModelSection m = models.get(model.name());
    if (m != null && m.slices() != null) {
      return m.slices();
    }
    return slices != null ? slices : new SliceLimits(null, null);
  }

  private static DriftSection drift(List<String> problems, String where, DriftSection section) {
    if (section == null) {
      return DriftSection.NONE;
    }
    nonNegative(
        problems,
        where + ".preprocessing.maxMismatchedRecords",
        section.preprocessing().maxMismatchedRecords());
    return new DriftSection(
        section.preprocessing(), sections(problems, where + ".engines", section.engines()));
  }

  private static Map<String, EngineLimits> sections(
      List<String> problems, String where, Map<String, EngineLimits> sections) {
    Map<String, EngineLimits> out = new LinkedHashMap<>();
    if (sections == null) {
      return out;
    }
    for (Map.Entry<String, EngineLimits> e : sections.entrySet()) {
      String key = e.getKey();
      EngineLimits limits = e.getValue() == null ? EngineLimits.NONE : e.getValue();
      check(problems, where + "." + key, limits);
      if (key.equals(DEFAULT_SECTION)) {
        out.put(DEFAULT_SECTION, limits);
        continue;
      }
      EngineName engine;
      try {
        engine = EngineName.parse(key);
      } catch (IllegalArgumentException x) {
        problems.add(
            where
                + "."
                + key
                + " names an unknown engine; expected "
                + DEFAULT_SECTION
                + " or one of "
                + Arrays.stream(EngineName.values())
                    .map(EngineName::cliName)
                    .collect(Collectors.joining(", ")));
        continue;
      }
      if (out.put(engine.cliName(), limits) != null) {
        problems.add(where + "." + key + " repeats the section of " + engine.cliName());
      }
    }
    return out;
  }

  private static void check(List<String> problems, String where, EngineLimits limits) {
    limits
        .outputs()
        .forEach(
            (name, l) -> {
              String at = where + ".outputs." + name + ".";
              if (l == null) {
                problems.add(at.substring(0, at.length() - 1) + " is empty");
                return;
              }
              nonNegative(problems, at + "atol", l.atol());
              nonNegative(problems, at + "rtol", l.rtol());
              nonNegative(problems, at + "maxP99", l.maxP99());
              nonNegative(problems, at + "maxMax", l.maxMax());
              nonNegative(problems, at + "maxOverToleranceFraction", l.maxOverToleranceFraction());
              nonNegative(problems, at + "maxNonFinite", l.maxNonFinite());
              nonNegative(problems, at + "maxBatchDifference", l.maxBatchDifference());
              if (l.maxOverToleranceFraction() != null && l.maxOverToleranceFraction() > 1) {
                problems.add(
                    at
                        + "maxOverToleranceFraction is a share of elements, 0 to 1, found "
                        + l.maxOverToleranceFraction());
              }
            });
    QualityLimits q = limits.quality();
    String at = where + ".quality.";
    nonNegative(problems, at + "binary.maxAucDelta", q.binary().maxAucDelta());
    nonNegative(problems, at + "binary.maxRecallDelta", q.binary().maxRecallDelta());
    nonNegative(problems, at + "binary.maxFlips", q.binary().maxFlips());
    nonNegative(problems, at + "binary.flipBand", q.binary().flipBand());
    nonNegative(problems, at + "multiclass.maxAccuracyDelta", q.multiclass().maxAccuracyDelta());
    nonNegative(problems, at + "multiclass.maxArgmaxFlips", q.multiclass().maxArgmaxFlips());
    nonNegative(problems, at + "multiclass.maxLogLossDelta", q.multiclass().maxLogLossDelta());
    if (q.multiclass().topK() != null && q.multiclass().topK() < 1) {
      problems.add(at + "multiclass.topK must be at least 1, found " + q.multiclass().topK());
    }
    Double agree = q.multiclass().minTopKAgreement();
    if (agree != null && !(agree >= 0 && agree <= 1)) {
      problems.add(at + "multiclass.minTopKAgreement is a share, 0 to 1, found " + agree);
    }
    nonNegative(problems, at + "regression.maxRmseDelta", q.regression().maxRmseDelta());
    nonNegative(problems, at + "regression.maxMaeDelta", q.regression().maxMaeDelta());
  }

  private static void nonNegative(List<String> problems, String where, Number value) {
    if (value != null && !(value.doubleValue() >= 0 && Double.isFinite(value.doubleValue()))) {
      problems.add(where + " must be a finite number at least 0, found " + value);
    }
  }

  /**
   * Returns the pre-processing limits of a model: its section over the top level's.
   *
   * @param model the model
   * @return the limits
   */
  public PreprocessingLimits preprocessingFor(ModelId model) {
    return preprocessingFor(model, ReferenceSet.Mode.PARITY);
  }

  /**
   * Returns the pre-processing limits of a model in a mode: its section over the top level's, the
   * drift sections for a drift run.
   *
   * @param model the model
   * @param mode parity (against the model's own reference) or drift
   * @return the limits
   */
  public PreprocessingLimits preprocessingFor(ModelId model, ReferenceSet.Mode mode) {
    ModelSection m = models.get(model.name());
    boolean drifting = mode == ReferenceSet.Mode.DRIFT;
    PreprocessingLimits own =
        m == null ? null : drifting ? m.drift().preprocessing() : m.preprocessing();
    PreprocessingLimits top = drifting ? drift.preprocessing() : preprocessing;
    Long value = own == null ? null : own.maxMismatchedRecords();
    return new PreprocessingLimits(value != null ? value : top.maxMismatchedRecords());
  }

  /**
   * Returns the limits a model is held to under an engine, most specific value first: the model's
   * engine section, the model's default section, the top level's engine section, the top level's
   * default section.
   *
   * @param model the model
   * @param engine the engine
   * @return the merged limits
   */
  public ResolvedLimits limitsFor(ModelId model, EngineName engine) {
    return limitsFor(model, engine, ReferenceSet.Mode.PARITY);
  }

  /**
   * Returns the limits a model is held to under an engine in a mode; a drift run takes them from
   * the drift sections, in the same order.
   *
   * @param model the model
   * @param engine the engine
   * @param mode parity (against the model's own reference) or drift
   * @return the merged limits
   */
  public ResolvedLimits limitsFor(ModelId model, EngineName engine, ReferenceSet.Mode mode) {
    boolean drifting = mode == ReferenceSet.Mode.DRIFT;
    List<EngineLimits> chain = new ArrayList<>();
    ModelSection m = models.get(model.name());
    if (m != null) {
      Map<String, EngineLimits> own = drifting ? m.drift().engines() : m.engines();
      chain.add(own.get(engine.cliName()));
      chain.add(own.get(DEFAULT_SECTION));
    }
    Map<String, EngineLimits> top = drifting ? drift.engines() : engines;
    chain.add(top.get(engine.cliName()));
    chain.add(top.get(DEFAULT_SECTION));
    chain.removeIf(java.util.Objects::isNull);
    return new ResolvedLimits(chain);
  }

  /** The limits of one model under one engine, resolved through the plan's sections. */
  public static final class ResolvedLimits {
    private final List<EngineLimits> chain;

    private ResolvedLimits(List<EngineLimits> chain) {
      this.chain = List.copyOf(chain);
    }

    /**
     * Returns the limits of an output.
     *
     * @param output e.g. {@code probability}
     * @return the merged limits; unset ones are not gated
     */
    public OutputLimits output(String output) {
      OutputLimits merged = OutputLimits.NONE;
      for (int i = chain.size() - 1; i >= 0; i--) {
        merged = chain.get(i).output(output).over(merged);
      }
      return merged;
    }

    /**
     * Returns the quality limits.
     *
     * @return the merged limits, per task kind
     */
    public QualityLimits quality() {
      QualityLimits merged = QualityLimits.NONE;
      for (int i = chain.size() - 1; i >= 0; i--) {
        merged = chain.get(i).quality().over(merged);
      }
      return merged;
    }
  }

  /**
   * Checks the plan against a model and the outputs it is validated on: every output the model's
   * section names must exist, and every output must have a tolerance under every engine.
   *
   * @param model the model
   * @param outputs the outputs compared, e.g. {@code probability, hidden}
   * @param run the engines about to be validated
   * @throws PlanException naming the first section that does not fit
   */
  public void checkAgainst(ModelId model, Collection<String> outputs, Collection<EngineName> run)
      throws PlanException {
    checkAgainst(model, outputs, run, ReferenceSet.Mode.PARITY);
  }

  /**
   * Checks the plan against a model, the outputs and taps it is validated on and the mode: every
   * output or tap the model's section for that mode names must exist, and every one compared must
   * have a tolerance under every engine.
   *
   * @param model the model
   * @param compared the outputs and taps compared, e.g. {@code probability, hidden, mlp.0}
   * @param run the engines about to be validated
   * @param mode parity (against the model's own reference) or drift
   * @throws PlanException naming the first section that does not fit
   */
  public void checkAgainst(
      ModelId model,
      Collection<String> compared,
      Collection<EngineName> run,
      ReferenceSet.Mode mode)
      throws PlanException {
    boolean drifting = mode == ReferenceSet.Mode.DRIFT;
    String where = "models." + model.name() + (drifting ? ".drift.engines." : ".engines.");
    List<String> problems = new ArrayList<>();
    ModelSection m = models.get(model.name());
    if (m != null) {
      (drifting ? m.drift().engines() : m.engines())
          .forEach(
              (key, limits) -> {
                for (String name : limits.outputs().keySet()) {
                  if (!name.equals(EngineLimits.ANY_OUTPUT) && !compared.contains(name)) {
                    problems.add(
                        where
                            + key
                            + ".outputs."
                            + name
                            + " names an output or tap the model is not validated on; it has "
                            + String.join(", ", compared));
                  }
                }
              });
    }
    for (EngineName engine : run) {
      ResolvedLimits limits = limitsFor(model, engine, mode);
      for (String output : compared) {
        OutputLimits l = limits.output(output);
        if (l.atol() == null || l.rtol() == null) {
          problems.add(
              "no atol/rtol for output "
                  + output
                  + " of engine "
                  + engine.cliName()
                  + (drifting
                      ? " in a drift run; set drift.engines.default.outputs.\"*\".atol and .rtol"
                      : "; set engines.default.outputs.\"*\".atol and .rtol"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(
          source + ": the plan does not fit " + model.name() + ": " + String.join("; ", problems));
    }
  }
}
