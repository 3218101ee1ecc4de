package dev.parity.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A figure a bench target can hold: one number a sweep measures, taken from the per-engine results.
 * A bench plan names it by its {@link #key()}. A new target on a figure already here is a plan
 * entry only; a target on something not measured yet is a plan entry plus one constant here.
 */
public enum Figure {
  /** The fastest engine's full path over Python's best full path at the same cores. */
  PYTHON_RATIO(
      "pythonRatio",
      Unit.RATIO,
      engines ->
          ofFastest(
              engines,
              BenchSummary.EngineResult::ratioToPython,
              "no Python baseline at the fastest engine's cores")),
  /** The best engine-only rate over the roofline at its threads, across engines. */
  ENGINE_ONLY_ROOFLINE_FRACTION(
      "engineOnlyRooflineFraction", Unit.FRACTION, Figure::engineOnlyRooflineFraction),
  /** Translation's share of the fastest engine's full-path time at its best setting. */
  TRANSLATION_SHARE(
      "translationShare",
      Unit.FRACTION,
      engines ->
          ofFastest(engines, BenchSummary.EngineResult::translationShare, "no translation run")),
  /** The fastest engine's full-path records per second. */
  FULL_PATH_RECORDS_PER_SECOND(
      "fullPathRecordsPerSecond",
      Unit.RECORDS_PER_SECOND,
      engines -> ofFastest(engines, BenchSummary.EngineResult::fullPathRecordsPerSecond, null)),
  /** The fastest engine's full path over the roofline at its cores. */
  FULL_PATH_ROOFLINE_FRACTION(
      "fullPathRooflineFraction",
      Unit.FRACTION,
      engines ->
          ofFastest(
              engines,
              BenchSummary.EngineResult::fullPathRooflineFraction,
              "no roofline at the fastest engine's cores")),
  /**
   * The fastest engine's full path over its own engine-only rate at the same batch and cores: how
   * much of the engine's speed is left once records are translated.
   */
  FULL_PATH_OVER_ENGINE_ONLY(
      "fullPathOverEngineOnly",
      Unit.FRACTION,
      engines ->
          ofFastest(
              engines,
              BenchSummary.EngineResult::fullPathOverEngineOnly,
              "no engine-only run at the fastest full path's batch and cores")),
  /** Translation time per record, one thread, of the fastest engine's full-path setting. */
  TRANSLATION_MICROS_PER_RECORD(
      "translationMicrosPerRecord",
      Unit.MICROSECONDS_PER_RECORD,
      engines ->
          ofFastest(
              engines,
              e -> e.translation() == null ? null : e.translation().microsPerRecord(),
              "no translation run")),
  /** The lowest ratio to Python's full path at the same cores, over every engine's best. */
  SLOWEST_ENGINE_PYTHON_RATIO(
      "slowestEnginePythonRatio",
      Unit.RATIO,
      engines ->
          ofSlowest(
              engines,
              BenchSummary.EngineResult::ratioToPython,
              "no Python baseline at any engine's cores")),
  /**
   * The lowest ratio to Python's model alone (pre-encoded tensors) at the same cores, over every
   * engine's best full path.
   */
  SLOWEST_ENGINE_PYTHON_MODEL_RATIO(
      "slowestEnginePythonModelRatio",
      Unit.RATIO,
      engines ->
          ofSlowest(
              engines,
              BenchSummary.EngineResult::ratioToPythonModel,
              "no Python model-alone baseline at any engine's cores"));

  /** What kind of number a figure is, for rendering. */
  public enum Unit {
    /** A ratio of two rates, e.g. 2.0 for twice as fast. */
    RATIO,
    /** A share from 0 to 1. */
    FRACTION,
    /** Records per second. */
    RECORDS_PER_SECOND,
    /** Microseconds per record. */
    MICROSECONDS_PER_RECORD
  }

  /**
   * A figure as measured in one sweep.
   *
   * @param value the figure, or null when it could not be measured
   * @param engine the engine it comes from, or null when not measured
   * @param missing why it could not be measured, or null when it was
   */
  public record Measured(Double value, String engine, String missing) {

    static Measured of(double value, String engine) {
      return new Measured(value, engine, null);
    }

    static Measured missing(String why) {
      return new Measured(null, null, why);
    }
  }

  private final String key;
  private final Unit unit;
  private final Function<List<BenchSummary.EngineResult>, Measured> measure;

  Figure(String key, Unit unit, Function<List<BenchSummary.EngineResult>, Measured> measure) {
    this.key = key;
    this.unit = unit;
    this.measure = measure;
  }

  /**
   * Returns the name a bench plan uses.
   *
   * @return e.g. {@code pythonRatio}
   */
  public String key() {
    return key;
  }

  /**
   * Returns what kind of number this is.
   *
   * @return the unit
   */
  public Unit unit() {
    return unit;
  }

  /**
   * Takes the figure from a sweep's per-engine results.
   *
   * @param engines the results, fastest full path first
   * @return the figure, or why it is missing
   */
  public Measured measure(List<BenchSummary.EngineResult> engines) {
    return measure.apply(engines);
  }

  /**
   * Finds a figure by its plan name.
   *
   * @param key the name, e.g. {@code translationShare}
   * @return the figure, empty when no figure has that name
   */
  public static Optional<Figure> byKey(String key) {
    return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
  }

  /**
   * Lists the plan names, for messages.
   *
   * @return e.g. {@code pythonRatio, engineOnlyRooflineFraction, ...}
   */
  public static String keys() {
    return Arrays.stream(values()).map(Figure::key).collect(Collectors.joining(", "));
  }

  // A figure of the fastest engine (the first), or why it is missing.
  private static Measured ofFastest(
      List<BenchSummary.EngineResult> engines,
      Function<BenchSummary.EngineResult, Double> figure,
      String whyMissing) {
    if (engines.isEmpty()) {
      return Measured.missing("no full-path result");
    }
    BenchSummary.EngineResult fastest = engines.get(0);
    if (fastest.fullPath() == null) {
      return Measured.missing("no full-path result");
    }
    Double value = figure.apply(fastest);
    return value == null ? Measured.missing(whyMissing) : Measured.of(value, fastest.engine());
  }

  // The lowest figure over the engines that have it: a target every engine must meet.
  private static Measured ofSlowest(
      List<BenchSummary.EngineResult> engines,
      Function<BenchSummary.EngineResult, Double> figure,
      String whyMissing) {
    if (engines.stream().allMatch(e -> e.fullPath() == null)) {
      return Measured.missing("no full-path result");
    }
    return engines.stream()
        .filter(e -> figure.apply(e) != null)
        .min(Comparator.comparingDouble(e -> figure.apply(e)))
        .map(e -> Measured.of(figure.apply(e), e.engine()))
        .orElse(Measured.missing(whyMissing));
  }

  private static Measured engineOnlyRooflineFraction(List<BenchSummary.EngineResult> engines) {
    return engines.stream()
        .filter(e -> e.engineOnlyRooflineFraction() != null)
        .max(Comparator.comparingDouble(BenchSummary.EngineResult::engineOnlyRooflineFraction))
        .map(e -> Measured.of(e.engineOnlyRooflineFraction(), e.engine()))
        .orElse(Measured.missing("no engine-only result with a measured roofline"));
  }
}
