package dev.parity.bench;

import dev.parity.build.BuildVersions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a sweep found, computed from the JMH results, the Python baseline and the roofline: per
 * engine its best setting, the ratio to Python at the same cores and the fraction of the roofline;
 * the translation share; each target of the bench plan with its figure and verdict. Numbers and
 * verdicts only: the words and layout are the renderings' ({@link SummaryText}, {@link BenchJson},
 * {@link SweepPlots}).
 *
 * @param schema {@value #SCHEMA}
 * @param preset the model preset ({@code small}, {@code large}) or the model's {@code
 *     groupId:artifactId}
 * @param cores the cores the recommendation is for
 * @param plan where the targets came from
 * @param versions the versions of the Parity build that ran, from {@code BuildVersions}
 * @param cost the model's cost per record, or null when its card does not describe it
 * @param roofline the roofline per measured thread count
 * @param engines per engine, fastest full path first
 * @param translationShare translation's share of full-path time for the fastest engine, or null
 * @param recommendation the setting to use on {@code cores} cores, or null when nothing ran
 * @param targets the plan's targets, each with its verdict, in the plan's order
 * @param notes what was skipped and why
 * @param python the Python baseline as measured (possibly not measured, with the reason)
 * @param sweep every full-path measurement, for tables and plots
 */
public record BenchSummary(
    String schema,
    String preset,
    int cores,
    String plan,
    Map<String, String> versions,
    ModelCost cost,
    List<Roofline> roofline,
    List<EngineResult> engines,
    Double translationShare,
    Recommendation recommendation,
    List<Target> targets,
    List<String> notes,
    PythonBaseline python,
    List<SweepPoint> sweep) {

  /** The schema name written into {@code bench-summary.json}. */
  public static final String SCHEMA = "parity.bench-summary/1";

  static final String FULL = "FullPathBenchmark";
  static final String ENGINE_ONLY = "EngineOnlyBenchmark";
  static final String TRANSLATION = "TranslationBenchmark";
  static final String LIMIT = "LimitBenchmark";
  static final String THROUGHPUT = "throughput";

  /** Copies the lists and the map. */
  public BenchSummary {
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    roofline = List.copyOf(roofline);
    engines = List.copyOf(engines);
    targets = List.copyOf(targets);
    notes = List.copyOf(notes);
    sweep = List.copyOf(sweep);
  }

  /**
   * Finds an engine's result.
   *
   * @param engine the engine
   * @return its result, empty when it was not measured
   */
  public Optional<EngineResult> engine(String engine) {
    return engines.stream().filter(e -> e.engine().equals(engine)).findFirst();
  }

  /** A target's verdict. */
  public enum Verdict {
    /** The figure lies on the target's side of the threshold. */
    MET,
    /** The figure was measured and misses the threshold. */
    MISSED,
    /** The figure could not be measured, or the target does not apply to this run's preset. */
    NOT_MEASURED
  }

  /**
   * A target of the plan, judged.
   *
   * @param target the target as the plan states it
   * @param measured the figure as measured, with its engine, or why it is missing
   * @param verdict the verdict
   * @param reason why the target was not judged (figure missing, other preset), or null
   */
  public record Target(
      BenchTarget target, Figure.Measured measured, Verdict verdict, String reason) {

    /**
     * Returns the target's name.
     *
     * @return e.g. {@code translation-share}
     */
    public String name() {
      return target.name();
    }
  }

  /**
   * One full-path measurement of the sweep.
   *
   * @param engine the engine
   * @param setting the setting
   * @param recordsPerSecond its rate
   */
  public record SweepPoint(String engine, Setting setting, double recordsPerSecond) {}

  /**
   * One engine setting.
   *
   * @param batch records per call
   * @param interOp inter-op threads
   * @param intraOp intra-op threads (MXNet: OMP_NUM_THREADS)
   * @param callerThreads callers at once, each with its own predictor from the pool
   * @param device the device
   * @param path how records come in and where they are encoded ({@link InputPath#key()}); {@code
   *     records} for engine-only runs, which take pre-encoded inputs
   */
  public record Setting(
      int batch, int interOp, int intraOp, int callerThreads, String device, String path) {

    static Setting of(JmhMeasurement m) {
      return new Setting(
          m.batch(), m.interOp(), m.intraOp(), m.callerThreads(), m.device(), m.path().key());
    }

    /**
     * Cores the setting keeps busy at most.
     *
     * @return callers × (intra-op threads + the path's encoder thread)
     */
    public int threads() {
      return Math.max(1, callerThreads)
          * (Math.max(1, intraOp) + InputPath.of(path).encoderThreads());
    }
  }

  /**
   * One engine's best.
   *
   * @param engine the engine
   * @param fullPath the fastest full-path setting, or null when the model takes tensors
   * @param fullPathRecordsPerSecond its rate, NaN without a full path
   * @param engineOnly the fastest engine-only setting, or null when not measured
   * @param engineOnlyRecordsPerSecond its rate, or null
   * @param pythonRecordsPerSecond Python's best full path at the same threads, or null
   * @param pythonBatch the batch of that Python result, or null
   * @param ratioToPython full path / Python, or null
   * @param pythonModelRecordsPerSecond Python's model alone (pre-encoded tensors) at its best batch
   *     at the same threads, or null
   * @param ratioToPythonModel full path / Python's model alone, or null
   * @param fullPathRooflineFraction full path / roofline at its threads, or null
   * @param engineOnlyRooflineFraction engine-only / roofline at its threads, or null
   * @param engineOnlyAtFullPath the engine-only run at the best full path's batch and cores (the
   *     most threads measured up to the full path's), or null when none was measured
   * @param engineOnlyAtFullPathRecordsPerSecond its rate, or null
   * @param fullPathOverEngineOnly full path / that engine-only rate: how much of the engine's own
   *     speed the full path keeps, or null
   * @param translationShare translation's share of the full path's core time at the best setting
   *     ({@link #translationShare}), or null
   * @param translation the translation measurement the share comes from, or null
   */
  public record EngineResult(
      String engine,
      Setting fullPath,
      double fullPathRecordsPerSecond,
      Setting engineOnly,
      Double engineOnlyRecordsPerSecond,
      Double pythonRecordsPerSecond,
      Integer pythonBatch,
      Double ratioToPython,
      Double pythonModelRecordsPerSecond,
      Double ratioToPythonModel,
      Double fullPathRooflineFraction,
      Double engineOnlyRooflineFraction,
      Setting engineOnlyAtFullPath,
      Double engineOnlyAtFullPathRecordsPerSecond,
      Double fullPathOverEngineOnly,
      Double translationShare,
      Translation translation) {}

  /**
   * A translation measurement (raw records to the engine's input tensors, one thread) and where its
   * time goes.
   *
   * @param engine the engine whose tensors were made
   * @param batch records per call
   * @param path how the records came in ({@link InputPath#key()})
   * @param recordsPerSecond records translated per second
   * @param encodeMicrosPerRecord encoding (normalise, look up, pad) per record, or null when the
   *     result does not split the time
   * @param tensorMicrosPerRecord bound check and tensors per record, or null likewise
   */
  public record Translation(
      String engine,
      int batch,
      String path,
      double recordsPerSecond,
      Double encodeMicrosPerRecord,
      Double tensorMicrosPerRecord) {

    static Translation of(JmhMeasurement m) {
      double rate = m.recordsPerSecond();
      return new Translation(
          m.engine(),
          m.batch(),
          m.path().key(),
          rate,
          perRecord(m.secondary().get("encodeNanos"), rate),
          perRecord(m.secondary().get("tensorNanos"), rate));
    }

    private static Double perRecord(Double nanosPerSecond, double recordsPerSecond) {
      return nanosPerSecond == null || Double.isNaN(nanosPerSecond) || recordsPerSecond <= 0
          ? null
          : nanosPerSecond / recordsPerSecond / 1000;
    }

    /**
     * Translation time per record.
     *
     * @return microseconds
     */
    public double microsPerRecord() {
      return 1e6 / recordsPerSecond;
    }
  }

  /**
   * The setting to use on a number of cores.
   *
   * @param cores the cores
   * @param engine the engine
   * @param setting the measured setting
   * @param recordsPerSecond its measured rate
   * @param scaledCallers when the setting keeps fewer than {@code cores} busy, the callers to run
   *     instead (each its own predictor from the pool, same intra-op threads); null when the
   *     setting is to be used as it is
   */
  public record Recommendation(
      int cores, String engine, Setting setting, double recordsPerSecond, Integer scaledCallers) {}

  /**
   * Computes the summary.
   *
   * @param preset the preset name
   * @param cores the cores to recommend a setting for
   * @param cost the model's cost per record, or null when its card does not say (no roofline)
   * @param results every JMH measurement of the sweep
   * @param python the Python baseline (possibly not measured)
   * @param notes notes gathered while running (skipped devices, failed runs)
   * @param plan the targets to judge
   * @return the summary
   */
  public static BenchSummary compute(
      String preset,
      int cores,
      ModelCost cost,
      List<JmhMeasurement> results,
      PythonBaseline python,
      List<String> notes,
      BenchPlan plan) {
    List<String> allNotes = new ArrayList<>(notes);
    List<Roofline> roofline = cost == null ? List.of() : roofline(cost, results);
    if (roofline.isEmpty() && cost != null) {
      allNotes.add("roofline not measured: no LimitBenchmark results");
    }
    if (python.skipped() != null) {
      allNotes.add("Python baseline not measured: " + python.skipped());
    }
    List<EngineResult> engines = new ArrayList<>();
    List<SweepPoint> sweep = new ArrayList<>();
    TreeMap<String, List<JmhMeasurement>> byEngine = new TreeMap<>();
    for (JmhMeasurement m : results) {
      if (m.is(FULL, THROUGHPUT) && !Double.isNaN(m.recordsPerSecond())) {
        byEngine.computeIfAbsent(m.engine(), k -> new ArrayList<>()).add(m);
        sweep.add(new SweepPoint(m.engine(), Setting.of(m), m.recordsPerSecond()));
      } else if (m.is(ENGINE_ONLY, THROUGHPUT) && !Double.isNaN(m.recordsPerSecond())) {
        // A model that takes tensors has engine-only results and no full path.
        byEngine.computeIfAbsent(m.engine(), k -> new ArrayList<>());
      }
    }
    for (var e : byEngine.entrySet()) {
      engines.add(engine(e.getKey(), e.getValue(), results, python, roofline, cores));
    }
    // Fastest full path first; engines without one after, fastest engine-only first.
    engines.sort(
        Comparator.comparingDouble((EngineResult e) -> orLowest(e.fullPathRecordsPerSecond()))
            .thenComparingDouble(
                e ->
                    orLowest(
                        e.engineOnlyRecordsPerSecond() == null
                            ? Double.NaN
                            : e.engineOnlyRecordsPerSecond()))
            .reversed());
    EngineResult best = engines.isEmpty() ? null : engines.get(0);
    List<Target> targets = plan.targets().stream().map(t -> t.judge(engines, preset)).toList();
    return new BenchSummary(
        SCHEMA,
        preset,
        cores,
        plan.source(),
        BuildVersions.all(),
        cost,
        roofline,
        engines,
        best == null ? null : best.translationShare(),
        recommend(cores, results),
        targets,
        allNotes,
        python,
        sweep);
  }

  private static List<Roofline> roofline(ModelCost cost, List<JmhMeasurement> results) {
    TreeMap<Integer, double[]> limits = new TreeMap<>();
    for (JmhMeasurement m : results) {
      if (!m.benchmark().equals(LIMIT)) {
        continue;
      }
      double[] l = limits.computeIfAbsent(m.intraOp(), k -> new double[] {Double.NaN, Double.NaN});
      if (m.method().equals("gemm")) {
        l[0] = m.secondary().getOrDefault("flops", Double.NaN) / 1e9;
      } else if (m.method().equals("readBandwidth")) {
        l[1] = m.secondary().getOrDefault("bytes", Double.NaN) / 1e9;
      }
    }
    List<Roofline> out = new ArrayList<>();
    limits.forEach(
        (threads, l) -> {
          if (!Double.isNaN(l[0]) && !Double.isNaN(l[1])) {
            out.add(Roofline.of(threads, l[0], l[1], cost));
          }
        });
    return out;
  }

  /** The roofline at the largest measured thread count not above {@code threads}. */
  static Optional<Roofline> rooflineAt(List<Roofline> roofline, int threads) {
    return roofline.stream()
        .filter(r -> r.threads() <= threads)
        .max(Comparator.comparingInt(Roofline::threads))
        .or(() -> roofline.stream().min(Comparator.comparingInt(Roofline::threads)));
  }

  private static EngineResult engine(
      String engine,
      List<JmhMeasurement> full,
      List<JmhMeasurement> all,
      PythonBaseline python,
      List<Roofline> roofline,
      int cores) {
    List<JmhMeasurement> engineOnly =
        all.stream()
            .filter(m -> m.is(ENGINE_ONLY, THROUGHPUT) && m.engine().equals(engine))
            .filter(m -> !Double.isNaN(m.recordsPerSecond()))
            .toList();
    Optional<JmhMeasurement> bestEngine = fastest(engineOnly);
    Double engineFraction =
        bestEngine
            .flatMap(
                m ->
                    rooflineAt(roofline, m.threadsUsed())
                        .map(r -> m.recordsPerSecond() / r.recordsPerSecond()))
            .orElse(null);
    Optional<JmhMeasurement> found = fastest(full);
    if (found.isEmpty()) {
      return new EngineResult(
          engine,
          null,
          Double.NaN,
          bestEngine.map(Setting::of).orElse(null),
          bestEngine.map(JmhMeasurement::recordsPerSecond).orElse(null),
          null,
          null,
          null,
          null,
          null,
          null,
          engineFraction,
          null,
          null,
          null,
          null,
          null);
    }
    JmhMeasurement bestFull = found.get();
    Optional<JmhMeasurement> sameCores = engineOnlyAt(bestFull, engineOnly);
    Optional<PythonBaseline.Result> py = python.best("full", bestFull.threadsUsed());
    Double pyRate = py.map(PythonBaseline.Result::recordsPerSecond).orElse(null);
    Double pyModel =
        python
            .best("model", bestFull.threadsUsed())
            .map(PythonBaseline.Result::recordsPerSecond)
            .orElse(null);
    Double fullFraction =
        rooflineAt(roofline, bestFull.threadsUsed())
            .map(r -> bestFull.recordsPerSecond() / r.recordsPerSecond())
            .orElse(null);
    return new EngineResult(
        engine,
        Setting.of(bestFull),
        bestFull.recordsPerSecond(),
        bestEngine.map(Setting::of).orElse(null),
        bestEngine.map(JmhMeasurement::recordsPerSecond).orElse(null),
        pyRate,
        py.map(PythonBaseline.Result::batch).orElse(null),
        ratio(bestFull.recordsPerSecond(), pyRate),
        pyModel,
        ratio(bestFull.recordsPerSecond(), pyModel),
        fullFraction,
        engineFraction,
        sameCores.map(Setting::of).orElse(null),
        sameCores.map(JmhMeasurement::recordsPerSecond).orElse(null),
        sameCores.map(m -> bestFull.recordsPerSecond() / m.recordsPerSecond()).orElse(null),
        translationShare(bestFull, all, cores).orElse(null),
        translationFor(bestFull, all).map(Translation::of).orElse(null));
  }

  private static double orLowest(double rate) {
    return Double.isNaN(rate) ? Double.NEGATIVE_INFINITY : rate;
  }

  private static Double ratio(double rate, Double baseline) {
    return baseline == null || baseline <= 0 ? null : rate / baseline;
  }

  /**
   * The engine-only run to hold a full-path run against: the same batch and device, one caller, and
   * the most threads measured up to the full path's (an engine-only run at intra-op 2 for a
   * pipelined full path at intra-op 1, whose encoder takes the second core).
   */
  static Optional<JmhMeasurement> engineOnlyAt(
      JmhMeasurement full, List<JmhMeasurement> engineOnly) {
    int cores = full.threadsUsed();
    return engineOnly.stream()
        .filter(m -> m.batch() == full.batch() && m.device().equals(full.device()))
        .filter(m -> m.threadsUsed() <= cores)
        .max(
            Comparator.comparingInt(JmhMeasurement::threadsUsed)
                .thenComparingDouble(JmhMeasurement::recordsPerSecond));
  }

  /**
   * Translation's share of the full path's core time: translation's time per record on one thread
   * (the rate measured for the same engine at the same batch size, {@link #translationFor}) over
   * the full path's time per record times the cores it keeps busy ({@link
   * JmhMeasurement#threadsUsed()}, at most {@code cores}). A pipelined full path translates on a
   * core of its own, so a share of the full path's wall time would count it twice; core time counts
   * every path the same way: {@code fullRate / (cores used × translationRate)}.
   */
  static Optional<Double> translationShare(
      JmhMeasurement full, List<JmhMeasurement> all, int cores) {
    int used = Math.max(1, Math.min(full.threadsUsed(), cores));
    return translationFor(full, all)
        .map(t -> full.recordsPerSecond() / (used * t.recordsPerSecond()));
  }

  /**
   * The translation measurement that matches a full-path one: the same engine (any engine when none
   * was measured for it, as in results from before translation made each engine's tensors), the
   * same input form (records or columns) when measured, at the nearest batch size.
   */
  static Optional<JmhMeasurement> translationFor(JmhMeasurement full, List<JmhMeasurement> all) {
    List<JmhMeasurement> measured =
        all.stream()
            .filter(m -> m.is(TRANSLATION, THROUGHPUT) && m.callerThreads() == 1)
            .filter(m -> !Double.isNaN(m.recordsPerSecond()))
            .toList();
    List<JmhMeasurement> sameEngine =
        measured.stream().filter(m -> m.engine().equals(full.engine())).toList();
    List<JmhMeasurement> candidates = sameEngine.isEmpty() ? measured : sameEngine;
    // The same input form: records translate one way, columns (pipelined or not) another.
    boolean columns = full.path() != InputPath.RECORDS;
    List<JmhMeasurement> sameForm =
        candidates.stream().filter(m -> (m.path() != InputPath.RECORDS) == columns).toList();
    return (sameForm.isEmpty() ? candidates : sameForm)
        .stream().min(Comparator.comparingInt(m -> Math.abs(m.batch() - full.batch())));
  }

  private static Optional<JmhMeasurement> fastest(List<JmhMeasurement> ms) {
    return ms.stream()
        .filter(m -> !Double.isNaN(m.recordsPerSecond()))
        .max(Comparator.comparingDouble(JmhMeasurement::recordsPerSecond));
  }

  private static Recommendation recommend(int cores, List<JmhMeasurement> results) {
    List<JmhMeasurement> full = results.stream().filter(m -> m.is(FULL, THROUGHPUT)).toList();
    Optional<JmhMeasurement> fit =
        fastest(full.stream().filter(m -> m.threadsUsed() <= cores).toList())
            .or(() -> fastest(full));
    if (fit.isEmpty()) {
      return null;
    }
    JmhMeasurement m = fit.get();
    Integer callers =
        m.threadsUsed() >= cores ? null : Math.max(1, cores / Math.max(1, m.intraOp()));
    return new Recommendation(cores, m.engine(), Setting.of(m), m.recordsPerSecond(), callers);
  }
}
