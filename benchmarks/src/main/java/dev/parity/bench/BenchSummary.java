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
      Double fullPathRooflineFraction,
      Double engineOnlyRooflineFraction,
      Double translationShare,
      Translation translation) {}

  /**
   * A translation measurement (raw records to the engine's input tensors, one thread) and where its
   * time goes.
   *
   * @param engine the engine whose tensors were made
   * @param batch records per call
   * @param recordsPerSecond records translated per second
   * @param encodeMicrosPerRecord encoding (normalise, look up, pad) per record, or null when the
   *     result does not split the time
   * @param tensorMicrosPerRecord bound check and tensors per record, or null likewise
   */
  public record Translation(
      String engine,
      int batch,
      double recordsPerSecond,
      Double encodeMicrosPerRecord,
      Double tensorMicrosPerRecord) {

    static Translation of(JmhMeasurement m) {
      double rate = m.recordsPerSecond();
      return new Translation(
          m.engine(),
          m.batch(),
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
        translationShare(bestFull, all).orElse(null),
        translationFor(bestFull, all).map(Translation::of).orElse(null));
  }

  /**
   * Translation's share of the full-path time: each caller translates its own batches, so the share
   * is {@code fullRate / (callers × translationRate)} with the translation rate measured on one
   * thread for the same engine at the same batch size ({@link #translationFor}).
   */
  static Optional<Double> translationShare(JmhMeasurement full, List<JmhMeasurement> all) {
    return translationFor(full, all)
        .map(t -> full.recordsPerSecond() / (full.callerThreads() * t.recordsPerSecond()));
  }

  /**
   * The translation measurement that matches a full-path one: the same engine (any engine when none
   * was measured for it, as in results from before translation made each engine's tensors), at the
   * nearest batch size.
   */
  static Optional<JmhMeasurement> translationFor(JmhMeasurement full, List<JmhMeasurement> all) {
    List<JmhMeasurement> measured =
        all.stream()
            .filter(m -> m.is(TRANSLATION, THROUGHPUT) && m.callerThreads() == 1)
            .filter(m -> !Double.isNaN(m.recordsPerSecond()))
            .toList();
    List<JmhMeasurement> sameEngine =
        measured.stream().filter(m -> m.engine().equals(full.engine())).toList();
    return (sameEngine.isEmpty() ? measured : sameEngine)
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
      out.add(
          new Target(
              "translation-share",
              goal,
              s,
              0.2,
              s <= 0.2 ? "met" : "missed",
              translationDetail(best, s)));
    }
    return out;
  }

  /** The translation share in words: what was measured, where the time goes, and by how much. */
  static String translationDetail(EngineResult best, double share) {
    StringBuilder d =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "translation %.1f%% of %s's full-path time at %s",
                100 * share,
                best.engine(),
                best.fullPath().label()));
    Translation t = best.translation();
    if (t == null) {
      return d.toString();
    }
    double fullMicros = 1e6 * best.fullPath().callerThreads() / best.fullPathRecordsPerSecond();
    d.append(
        String.format(
            Locale.ROOT,
            "; per record and caller the full path takes %.2f µs, translation %.2f µs (%s"
                + " tensors, batch %d",
            fullMicros,
            t.microsPerRecord(),
            t.engine(),
            t.batch()));
    if (t.encodeMicrosPerRecord() != null && t.tensorMicrosPerRecord() != null) {
      d.append(
          String.format(
              Locale.ROOT,
              ": encoding records into ids (normalise, look up, pad) %.2f µs, bound check and"
                  + " tensors %.2f µs",
              t.encodeMicrosPerRecord(),
              t.tensorMicrosPerRecord()));
    }
    d.append(')');
    if (share > 0.2) {
      double engine = Math.max(0, fullMicros - t.microsPerRecord());
      d.append(
          String.format(
              Locale.ROOT,
              "; over by %.1f points: with the remaining %.2f µs/record of engine work,"
                  + " translation would have to take at most %.2f µs/record (%.1fx less) to be 20%%",
              100 * (share - 0.2),
              engine,
              engine / 4,
              engine > 0 ? t.microsPerRecord() / (engine / 4) : Double.POSITIVE_INFINITY));
    }
    return d.toString();
  }
}
