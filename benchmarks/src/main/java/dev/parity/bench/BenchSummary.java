package dev.parity.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a sweep found, computed from the JMH results, the Python baseline and the roofline: per
 * engine its best setting, the ratio to Python at the same cores and the fraction of the roofline;
 * the translation share; the targets and whether they were met. Rendering is elsewhere ({@link
 * SummaryText}).
 *
 * @param schema {@value #SCHEMA}
 * @param preset the model preset
 * @param cores the cores the recommendation is for
 * @param cost the model's cost per record
 * @param roofline the roofline per measured thread count
 * @param engines per engine, fastest full path first
 * @param translationShare translation's share of full-path time for the fastest engine, or null
 * @param recommendation the setting to use on {@code cores} cores, or null when nothing ran
 * @param targets the targets, each with its verdict
 * @param notes what was skipped and why
 */
public record BenchSummary(
    String schema,
    String preset,
    int cores,
    ModelCost cost,
    List<Roofline> roofline,
    List<EngineResult> engines,
    Double translationShare,
    Recommendation recommendation,
    List<Target> targets,
    List<String> notes) {

  /** The schema name written into {@code bench-summary.json}. */
  public static final String SCHEMA = "parity.bench-summary/1";

  static final String FULL = "FullPathBenchmark";
  static final String ENGINE_ONLY = "EngineOnlyBenchmark";
  static final String TRANSLATION = "TranslationBenchmark";
  static final String LIMIT = "LimitBenchmark";
  static final String THROUGHPUT = "throughput";

  /** Copies the lists. */
  public BenchSummary {
    roofline = List.copyOf(roofline);
    engines = List.copyOf(engines);
    targets = List.copyOf(targets);
    notes = List.copyOf(notes);
  }

  /**
   * One engine setting.
   *
   * @param batch records per call
   * @param interOp inter-op threads
   * @param intraOp intra-op threads (MXNet: OMP_NUM_THREADS)
   * @param callerThreads callers at once, each with its own predictor from the pool
   * @param device the device
   */
  public record Setting(int batch, int interOp, int intraOp, int callerThreads, String device) {

    static Setting of(JmhMeasurement m) {
      return new Setting(m.batch(), m.interOp(), m.intraOp(), m.callerThreads(), m.device());
    }

    /**
     * Cores the setting keeps busy at most.
     *
     * @return callers × intra-op threads
     */
    public int threads() {
      return Math.max(1, callerThreads) * Math.max(1, intraOp);
    }

    /**
     * A short label.
     *
     * @return e.g. {@code batch 1024, 2 callers × inter 1 / intra 1, cpu}
     */
    public String label() {
      return String.format(
          Locale.ROOT,
          "batch %d, %d caller%s × inter %d / intra %d, %s",
          batch,
          callerThreads,
          callerThreads == 1 ? "" : "s",
          interOp,
          intraOp,
          device);
    }
  }

  /**
   * One engine's best.
   *
   * @param engine the engine
   * @param fullPath the fastest full-path setting
   * @param fullPathRecordsPerSecond its rate
   * @param engineOnly the fastest engine-only setting, or null when not measured
   * @param engineOnlyRecordsPerSecond its rate, or null
   * @param pythonRecordsPerSecond Python's best full path at the same threads, or null
   * @param pythonBatch the batch of that Python result, or null
   * @param ratioToPython full path / Python, or null
   * @param fullPathRooflineFraction full path / roofline at its threads, or null
   * @param engineOnlyRooflineFraction engine-only / roofline at its threads, or null
   * @param translationShare translation's share of the full-path time at the best setting, or null
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
      Double fullPathRooflineFraction,
      Double engineOnlyRooflineFraction,
      Double translationShare) {}

  /**
   * The setting to use on a number of cores.
   *
   * @param cores the cores
   * @param engine the engine
   * @param setting the measured setting
   * @param recordsPerSecond its measured rate
   * @param advice how to scale it to {@code cores}
   */
  public record Recommendation(
      int cores, String engine, Setting setting, double recordsPerSecond, String advice) {}

  /**
   * A performance target: reported, never asserted.
   *
   * @param name short name
   * @param goal the target in words
   * @param measured the measured value, or null when it could not be measured
   * @param threshold the value to reach
   * @param verdict {@code met}, {@code missed} or {@code not measured}
   * @param detail by how much, and where the time goes
   */
  public record Target(
      String name, String goal, Double measured, double threshold, String verdict, String detail) {}

  /**
   * Computes the summary.
   *
   * @param preset the preset name
   * @param cores the cores to recommend a setting for
   * @param cost the model's cost per record
   * @param results every JMH measurement of the sweep
   * @param python the Python baseline (possibly not measured)
   * @param notes notes gathered while running (skipped devices, failed runs)
   * @return the summary
   */
  public static BenchSummary compute(
      String preset,
      int cores,
      ModelCost cost,
      List<JmhMeasurement> results,
      PythonBaseline python,
      List<String> notes) {
    List<String> allNotes = new ArrayList<>(notes);
    List<Roofline> roofline = roofline(cost, results);
    if (roofline.isEmpty()) {
      allNotes.add("roofline not measured: no LimitBenchmark results");
    }
    if (python.skipped() != null) {
      allNotes.add("Python baseline not measured: " + python.skipped());
    }
    List<EngineResult> engines = new ArrayList<>();
    TreeMap<String, List<JmhMeasurement>> byEngine = new TreeMap<>();
    for (JmhMeasurement m : results) {
      if (m.is(FULL, THROUGHPUT) && !Double.isNaN(m.recordsPerSecond())) {
        byEngine.computeIfAbsent(m.engine(), k -> new ArrayList<>()).add(m);
      }
    }
    for (var e : byEngine.entrySet()) {
      engines.add(engine(e.getKey(), e.getValue(), results, python, roofline));
    }
    engines.sort(Comparator.comparingDouble(EngineResult::fullPathRecordsPerSecond).reversed());
    EngineResult best = engines.isEmpty() ? null : engines.get(0);
    return new BenchSummary(
        SCHEMA,
        preset,
        cores,
        cost,
        roofline,
        engines,
        best == null ? null : best.translationShare(),
        recommend(cores, results),
        targets(preset, engines, python, results),
        allNotes);
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
      List<Roofline> roofline) {
    JmhMeasurement bestFull = fastest(full).orElseThrow();
    Optional<JmhMeasurement> bestEngine =
        fastest(
            all.stream()
                .filter(m -> m.is(ENGINE_ONLY, THROUGHPUT) && m.engine().equals(engine))
                .toList());
    Optional<PythonBaseline.Result> py = python.best("full", bestFull.threadsUsed());
    Double pyRate = py.map(PythonBaseline.Result::recordsPerSecond).orElse(null);
    Double fullFraction =
        rooflineAt(roofline, bestFull.threadsUsed())
            .map(r -> bestFull.recordsPerSecond() / r.recordsPerSecond())
            .orElse(null);
    Double engineFraction =
        bestEngine
            .flatMap(
                m ->
                    rooflineAt(roofline, m.threadsUsed())
                        .map(r -> m.recordsPerSecond() / r.recordsPerSecond()))
            .orElse(null);
    return new EngineResult(
        engine,
        Setting.of(bestFull),
        bestFull.recordsPerSecond(),
        bestEngine.map(Setting::of).orElse(null),
        bestEngine.map(JmhMeasurement::recordsPerSecond).orElse(null),
        pyRate,
        py.map(PythonBaseline.Result::batch).orElse(null),
        pyRate == null || pyRate <= 0 ? null : bestFull.recordsPerSecond() / pyRate,
        fullFraction,
        engineFraction,
        translationShare(bestFull, all).orElse(null));
  }

  /**
   * Translation's share of the full-path time: each caller encodes its own batches, so the share is
   * {@code fullRate / (callers × translationRate)} with the translation rate measured on one thread
   * at the same batch size (the nearest batch when that one was not measured).
   */
  static Optional<Double> translationShare(JmhMeasurement full, List<JmhMeasurement> all) {
    return all.stream()
        .filter(m -> m.is(TRANSLATION, THROUGHPUT) && m.callerThreads() == 1)
        .filter(m -> !Double.isNaN(m.recordsPerSecond()))
        .min(Comparator.comparingInt(m -> Math.abs(m.batch() - full.batch())))
        .map(t -> full.recordsPerSecond() / (full.callerThreads() * t.recordsPerSecond()));
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
    String advice;
    if (m.threadsUsed() >= cores) {
      advice = "the fastest measured setting that fits " + cores + " cores; use it as it is";
    } else {
      int callers = Math.max(1, cores / Math.max(1, m.intraOp()));
      advice =
          String.format(
              Locale.ROOT,
              "measured on %d thread%s; on %d cores run %d callers (each its own predictor from"
                  + " the pool) with inter %d / intra %d, batch %d, and measure again",
              m.threadsUsed(),
              m.threadsUsed() == 1 ? "" : "s",
              cores,
              callers,
              m.interOp(),
              m.intraOp(),
              m.batch());
    }
    return new Recommendation(cores, m.engine(), Setting.of(m), m.recordsPerSecond(), advice);
  }

  private static List<Target> targets(
      String preset, List<EngineResult> engines, PythonBaseline python, List<JmhMeasurement> all) {
    List<Target> out = new ArrayList<>();
    EngineResult best = engines.isEmpty() ? null : engines.get(0);
    // 1. Full path vs Python at the same cores.
    String goal = "full path, best engine >= 2x the Python baseline at the same cores";
    if (best == null || best.ratioToPython() == null) {
      out.add(new Target("python-ratio", goal, null, 2.0, "not measured", "no ratio available"));
    } else {
      double r = best.ratioToPython();
      int threads = best.fullPath().threads();
      String where =
          python
              .best("model", threads)
              .map(
                  m ->
                      String.format(
                          Locale.ROOT,
                          "; Python's model alone runs %.0f records/s at %d thread%s, so its"
                              + " pre-processing takes %.0f%% of its full path",
                          m.recordsPerSecond(),
                          m.threads(),
                          m.threads() == 1 ? "" : "s",
                          100 * (1 - best.pythonRecordsPerSecond() / m.recordsPerSecond())))
              .orElse("");
      out.add(
          new Target(
              "python-ratio",
              goal,
              r,
              2.0,
              r >= 2.0 ? "met" : "missed",
              String.format(
                      Locale.ROOT,
                      "%s %.0f records/s vs Python %.0f records/s (%s%.2fx)",
                      best.engine(),
                      best.fullPathRecordsPerSecond(),
                      best.pythonRecordsPerSecond(),
                      r >= 2.0 ? "" : "short of 2x by ",
                      r >= 2.0 ? r : 2.0 - r)
                  + where));
    }
    // 2. Engine-only vs roofline, judged on the large preset.
    goal = "engine only on the large preset >= 50% of the roofline";
    Optional<EngineResult> bestEngine =
        engines.stream()
            .filter(e -> e.engineOnlyRooflineFraction() != null)
            .max(Comparator.comparingDouble(EngineResult::engineOnlyRooflineFraction));
    if (bestEngine.isEmpty()) {
      out.add(new Target("roofline", goal, null, 0.5, "not measured", "no engine-only result"));
    } else {
      EngineResult e = bestEngine.get();
      double f = e.engineOnlyRooflineFraction();
      String detail =
          String.format(
              Locale.ROOT,
              "%s engine-only %.0f records/s = %.1f%% of the roofline (%s)",
              e.engine(),
              e.engineOnlyRecordsPerSecond(),
              100 * f,
              e.engineOnly().label());
      String verdict;
      if (!"large".equals(preset)) {
        verdict = "not measured";
        detail += "; the target applies to the large preset, this run is " + preset;
      } else {
        verdict = f >= 0.5 ? "met" : "missed";
        if (f < 0.5) {
          detail +=
              String.format(
                  Locale.ROOT,
                  "; short by %.1f points: the engine spends the rest in the masked mean"
                      + " (batch × bag × dim floats materialised) and per-op overhead, not in"
                      + " the GEMMs the roof assumes",
                  100 * (0.5 - f));
        }
      }
      out.add(new Target("roofline", goal, f, 0.5, verdict, detail));
    }
    // 3. Translation share.
    goal = "translation <= 20% of full-path time (best engine's best setting)";
    if (best == null || best.translationShare() == null) {
      out.add(
          new Target("translation-share", goal, null, 0.2, "not measured", "no translation run"));
    } else {
      double s = best.translationShare();
      String detail =
          String.format(
              Locale.ROOT,
              "translation %.1f%% of %s's full-path time at %s",
              100 * s,
              best.engine(),
              best.fullPath().label());
      if (s > 0.2) {
        detail +=
            String.format(
                Locale.ROOT,
                "; over by %.1f points: encoding (normalise, look up, pad) runs on the caller"
                    + " thread and is not hidden behind the engine",
                100 * (s - 0.2));
      }
      out.add(new Target("translation-share", goal, s, 0.2, s <= 0.2 ? "met" : "missed", detail));
    }
    return out;
  }
}
