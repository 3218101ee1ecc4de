package dev.parity.harness;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parity.engine.EngineName;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The release criteria of a validation run, read from a YAML or JSON file: per engine (with a
 * {@code default} section the engines inherit from, key by key) and per output, the tolerances and
 * the limits each gate holds the measured figures to. The plan shipped with Parity is {@value
 * #SHIPPED}; its comments explain each default.
 *
 * <pre>
 * schema: parity.validation-plan/1
 * decisionThreshold: 0.5        # a record is a buyer when its probability is at least this
 * worstRecords: 10              # how many of the worst elements each report lists
 * preprocessing:
 *   maxMismatchedRecords: 0
 * engines:
 *   default:
 *     outputs:
 *       probability: {atol: 1.0e-6, rtol: 1.0e-5, maxP99: 1.0e-6, maxMax: 1.0e-5,
 *                     maxOverToleranceFraction: 1.0e-4}
 *     quality: {maxAucDelta: 1.0e-6, maxRecallDelta: 1.0e-4, maxFlips: 0, flipBand: 1.0e-5}
 *   tensorflow:                 # overrides, key by key
 *     outputs:
 *       hidden: {maxMax: 2.0e-4}
 * </pre>
 *
 * @param schema the plan format, {@value #SCHEMA}
 * @param decisionThreshold the probability at or above which a record is positive
 * @param worstRecords how many of the worst elements to report per output
 * @param preprocessing the pre-processing limit
 * @param engines limits by engine, as written in their own sections
 * @param defaults the {@value #DEFAULT_SECTION} section every engine inherits from
 * @param source where the plan came from, for messages and reports
 */
public record ValidationPlan(
    String schema,
    double decisionThreshold,
    int worstRecords,
    PreprocessingLimits preprocessing,
    Map<EngineName, EngineLimits> engines,
    EngineLimits defaults,
    String source) {

  /** The only plan format this reader understands. */
  public static final String SCHEMA = "parity.validation-plan/1";

  /** The plan shipped with Parity, a classpath resource. */
  public static final String SHIPPED = "dev/parity/harness/default-plan.yaml";

  /** The section every engine inherits from. */
  public static final String DEFAULT_SECTION = "default";

  /** What to do about a plan that cannot be used. */
  public static final String REMEDY = "fix the plan, or leave --plan out for the shipped plan";

  private static final int MAX_WORST_RECORDS = 1000;

  /** Copies the map so the plan stays immutable. */
  public ValidationPlan {
    engines = Collections.unmodifiableMap(new LinkedHashMap<>(engines));
  }

  /** The file as written, before validation. */
  record Document(
      String schema,
      Double decisionThreshold,
      Integer worstRecords,
      PreprocessingLimits preprocessing,
      Map<String, EngineLimits> engines) {}

  /**
   * Reads a plan file: YAML, or JSON when the name ends in {@code .json}.
   *
   * @param file the plan
   * @return the plan
   * @throws PlanException if the file is missing, malformed or holds invalid values
   */
  public static ValidationPlan read(Path file) throws PlanException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PlanException(
          "plan "
              + file
              + " does not exist; pass an existing YAML or JSON file to --plan, or"
              + " leave --plan out for the shipped plan",
          e);
    } catch (IOException e) {
      throw new PlanException("plan " + file + " cannot be read: " + e.getMessage(), e);
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return parse(text, file.toString(), json);
  }

  /**
   * Returns the plan shipped with Parity.
   *
   * @return the plan in {@value #SHIPPED}
   */
  public static ValidationPlan shipped() {
    try (InputStream in = ValidationPlan.class.getClassLoader().getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IllegalStateException("the shipped plan " + SHIPPED + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "shipped plan", false);
    } catch (IOException e) {
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
    ObjectMapper mapper =
        (json ? JsonMapper.builder() : YAMLMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    if (text.isBlank()) {
      throw new PlanException(source + ": the plan is empty; expected at least schema: " + SCHEMA);
    }
    try {
      return validate(DocumentReader.of(mapper).read(text, source, Document.class, REMEDY), source);
    } catch (MalformedFileException e) {
      throw new PlanException(e.getMessage(), e);
    }
  }

  private static ValidationPlan validate(Document doc, String source) throws PlanException {
    List<String> problems = new ArrayList<>();
    if (!SCHEMA.equals(doc.schema())) {
      problems.add("schema must be " + SCHEMA + ", found " + doc.schema());
    }
    double threshold = doc.decisionThreshold() == null ? 0.5 : doc.decisionThreshold();
    if (!(threshold > 0 && threshold < 1)) {
      problems.add("decisionThreshold must lie strictly between 0 and 1, found " + threshold);
    }
    int worst = doc.worstRecords() == null ? 10 : doc.worstRecords();
    if (worst < 0 || worst > MAX_WORST_RECORDS) {
      problems.add("worstRecords must be 0 to " + MAX_WORST_RECORDS + ", found " + worst);
    }
    PreprocessingLimits pre =
        doc.preprocessing() == null ? new PreprocessingLimits(null) : doc.preprocessing();
    nonNegative(problems, "preprocessing.maxMismatchedRecords", pre.maxMismatchedRecords());
    EngineLimits defaults = EngineLimits.NONE;
    Map<EngineName, EngineLimits> engines = new LinkedHashMap<>();
    Map<String, EngineLimits> sections = doc.engines() == null ? Map.of() : doc.engines();
    for (Map.Entry<String, EngineLimits> e : sections.entrySet()) {
      String key = e.getKey();
      EngineLimits limits = e.getValue() == null ? EngineLimits.NONE : e.getValue();
      check(problems, "engines." + key, limits);
      if (key.equals(DEFAULT_SECTION)) {
        defaults = limits;
        continue;
      }
      EngineName engine;
      try {
        engine = EngineName.parse(key);
      } catch (IllegalArgumentException x) {
        problems.add(
            "engines."
                + key
                + " names an unknown engine; expected "
                + DEFAULT_SECTION
                + " or one of "
                + Arrays.stream(EngineName.values())
                    .map(EngineName::cliName)
                    .collect(Collectors.joining(", ")));
        continue;
      }
      if (engines.put(engine, limits) != null) {
        problems.add("engines." + key + " repeats the section of " + engine.cliName());
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(source + ": invalid plan: " + String.join("; ", problems));
    }
    return new ValidationPlan(doc.schema(), threshold, worst, pre, engines, defaults, source);
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
              if (l.maxOverToleranceFraction() != null && l.maxOverToleranceFraction() > 1) {
                problems.add(
                    at
                        + "maxOverToleranceFraction is a share of elements, 0 to 1, found "
                        + l.maxOverToleranceFraction());
              }
            });
    QualityLimits q = limits.quality();
    String at = where + ".quality.";
    nonNegative(problems, at + "maxAucDelta", q.maxAucDelta());
    nonNegative(problems, at + "maxRecallDelta", q.maxRecallDelta());
    nonNegative(problems, at + "maxFlips", q.maxFlips());
    nonNegative(problems, at + "flipBand", q.flipBand());
  }

  private static void nonNegative(List<String> problems, String where, Number value) {
    if (value != null && !(value.doubleValue() >= 0 && Double.isFinite(value.doubleValue()))) {
      problems.add(where + " must be a finite number at least 0, found " + value);
    }
  }

  /**
   * Returns the limits an engine is held to: its own section over {@value #DEFAULT_SECTION}.
   *
   * @param engine the engine
   * @return the merged limits
   */
  public EngineLimits limitsFor(EngineName engine) {
    return engines.getOrDefault(engine, EngineLimits.NONE).over(defaults);
  }

  /**
   * Checks the plan against the outputs a reference set holds: every output the plan names must
   * exist, and every output must have a tolerance for every engine.
   *
   * @param outputs the reference set's outputs, e.g. {@code probability, hidden}
   * @param run the engines about to be validated
   * @throws PlanException naming the first section that does not fit
   */
  public void checkAgainst(Collection<String> outputs, Collection<EngineName> run)
      throws PlanException {
    List<String> problems = new ArrayList<>();
    Map<String, EngineLimits> sections = new LinkedHashMap<>();
    sections.put(DEFAULT_SECTION, defaults);
    engines.forEach((engine, limits) -> sections.put(engine.cliName(), limits));
    sections.forEach(
        (key, limits) -> {
          for (String name : limits.outputs().keySet()) {
            if (!outputs.contains(name)) {
              problems.add(
                  "engines."
                      + key
                      + ".outputs."
                      + name
                      + " names an output the reference set does not hold; it holds "
                      + String.join(", ", outputs));
            }
          }
        });
    for (EngineName engine : run) {
      EngineLimits limits = limitsFor(engine);
      for (String output : outputs) {
        OutputLimits l = limits.output(output);
        if (l.atol() == null || l.rtol() == null) {
          problems.add(
              "no atol/rtol for output "
                  + output
                  + " of engine "
                  + engine.cliName()
                  + "; set engines.default.outputs."
                  + output
                  + ".atol and .rtol");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(
          source + ": the plan does not fit the reference set: " + String.join("; ", problems));
    }
  }
}
