package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.parity.build.BuildVersions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {

  private static final double MEMORY_ROOF_2 = 18e9 / 5904;

  private static BenchSummary summary(String preset, int cores) throws Exception {
    return Fixtures.summary(preset, cores);
  }

  private static BenchSummary summary(String preset, int cores, BenchPlan plan) throws Exception {
    return Fixtures.summary(preset, cores, plan);
  }

  @Test
  void compute_fixture_enginesSortedByFullPath() throws Exception {
    BenchSummary s = summary("small", 2);

    assertThat(s.engines())
        .extracting(BenchSummary.EngineResult::engine)
        .containsExactly("pytorch", "onnxruntime");
    BenchSummary.EngineResult pt = s.engines().get(0);
    assertThat(pt.fullPathRecordsPerSecond()).isEqualTo(300000);
    assertThat(pt.fullPath()).isEqualTo(new BenchSummary.Setting(1024, 1, 1, 2, "cpu", "records"));
    assertThat(pt.engineOnlyRecordsPerSecond()).isEqualTo(500000);
    assertThat(pt.engineOnly().intraOp()).isEqualTo(2);
  }

  @Test
  void compute_fixture_ratioToPythonAtSameThreads() throws Exception {
    BenchSummary s = summary("small", 2);

    // pytorch: 2 callers x intra 1 = 2 threads; Python's best full path at 2 threads is 25,000.
    assertThat(s.engines().get(0).pythonRecordsPerSecond()).isEqualTo(25000);
    assertThat(s.engines().get(0).ratioToPython()).isCloseTo(12.0, within(1e-9));
    assertThat(s.engines().get(1).ratioToPython()).isCloseTo(260000 / 25000.0, within(1e-9));
  }

  @Test
  void compute_fixture_rooflineFromLimitResults() throws Exception {
    BenchSummary s = summary("small", 2);

    assertThat(s.roofline()).extracting(Roofline::threads).containsExactly(1, 2);
    assertThat(s.roofline().get(1).gflops()).isCloseTo(100, within(1e-9));
    assertThat(s.roofline().get(1).gigabytesPerSecond()).isCloseTo(18, within(1e-9));
    BenchSummary.EngineResult pt = s.engines().get(0);
    assertThat(pt.fullPathRooflineFraction()).isCloseTo(300000 / MEMORY_ROOF_2, within(1e-9));
    assertThat(pt.engineOnlyRooflineFraction()).isCloseTo(500000 / MEMORY_ROOF_2, within(1e-9));
  }

  @Test
  void compute_fixture_translationShareOfTheCoresUsed() throws Exception {
    BenchSummary s = summary("small", 2);

    // 300,000 rec/s on 2 callers x intra 1, translation 1,000,000 rec/s per thread at batch 1024.
    assertThat(s.translationShare()).isCloseTo(0.15, within(1e-9));
    // onnxruntime: 260,000 rec/s on 1 caller x intra 2, the same two cores.
    assertThat(s.engines().get(1).translationShare()).isCloseTo(0.13, within(1e-9));
    // On a machine of one core, the same runs kept one core busy.
    assertThat(summary("small", 1).engines().get(1).translationShare())
        .isCloseTo(0.26, within(1e-9));
  }

  static JmhMeasurement measured(
      String benchmark, String engine, int batch, Map<String, Double> secondary) {
    return new JmhMeasurement(
        benchmark,
        "throughput",
        1,
        Map.of("engine", engine, "batch", Integer.toString(batch), "intraOp", "1"),
        1,
        Double.NaN,
        "ops/s",
        secondary);
  }

  static JmhMeasurement run(
      String benchmark, String engine, int batch, int intraOp, String path, double rate) {
    Map<String, String> params = new java.util.HashMap<>();
    params.put("engine", engine);
    params.put("batch", Integer.toString(batch));
    params.put("intraOp", Integer.toString(intraOp));
    if (path != null) {
      params.put("path", path);
    }
    return new JmhMeasurement(
        benchmark, "throughput", 1, params, 1, Double.NaN, "ops/s", Map.of("records", rate));
  }

  @Test
  void threadsUsed_pipelinedPath_countsTheEncoderThread() {
    assertThat(run("FullPathBenchmark", "pytorch", 4096, 1, "pipelined", 1).threadsUsed())
        .isEqualTo(2);
    assertThat(run("FullPathBenchmark", "pytorch", 4096, 2, "columns", 1).threadsUsed())
        .isEqualTo(2);
    assertThat(run("FullPathBenchmark", "pytorch", 4096, 1, null, 1).path())
        .isEqualTo(InputPath.RECORDS);
  }

  @Test
  void compute_pipelinedFullPath_heldAgainstEngineOnlyAtItsBatchAndCores() {
    List<JmhMeasurement> results =
        List.of(
            run("FullPathBenchmark", "onnxruntime", 4096, 1, "pipelined", 300000),
            run("FullPathBenchmark", "onnxruntime", 4096, 2, "pipelined", 250000),
            run("EngineOnlyBenchmark", "onnxruntime", 4096, 1, null, 310000),
            run("EngineOnlyBenchmark", "onnxruntime", 4096, 2, null, 400000),
            run("EngineOnlyBenchmark", "onnxruntime", 1024, 2, null, 900000),
            run("TranslationBenchmark", "onnxruntime", 4096, 1, "records", 300000),
            run("TranslationBenchmark", "onnxruntime", 4096, 1, "pipelined", 1250000));

    BenchSummary s = withoutPython(results);

    BenchSummary.EngineResult ort = s.engines().get(0);
    // The encoder's thread makes the best full path a 2-core setting: engine only at intra 2,
    // same batch (not the faster run at batch 1024).
    assertThat(ort.fullPath().threads()).isEqualTo(2);
    assertThat(ort.engineOnlyAtFullPath().intraOp()).isEqualTo(2);
    assertThat(ort.engineOnlyAtFullPath().batch()).isEqualTo(4096);
    assertThat(ort.fullPathOverEngineOnly()).isCloseTo(0.75, within(1e-9));
    BenchSummary.Target over = Fixtures.target(s, "full-path-over-engine-only");
    assertThat(over.verdict()).isEqualTo(BenchSummary.Verdict.MISSED);
    assertThat(SummaryWords.detail(over, s))
        .contains("vs engine only 400000 records/s")
        .contains("short by 10.0 points")
        .contains("translation takes 0.80 µs per record");
    // The columns translation, the form the pipelined path takes: 1.25M records/s = 0.8 µs.
    assertThat(ort.translation().path()).isEqualTo("pipelined");
    assertThat(Fixtures.target(s, "translation-time-small").measured().value())
        .isCloseTo(0.8, within(1e-9));
    assertThat(Fixtures.target(s, "translation-time-small").verdict())
        .isEqualTo(BenchSummary.Verdict.MET);
  }

  @Test
  void compute_everyEngineAgainstPython_slowestEngineJudged() throws Exception {
    BenchSummary s = summary("small", 2);

    // Python at 2 threads: full path 25,000, model alone 125,000; onnxruntime (260,000 at 2
    // threads) is the slower engine.
    BenchSummary.EngineResult ort = s.engine("onnxruntime").orElseThrow();
    assertThat(ort.pythonModelRecordsPerSecond()).isEqualTo(125000);
    assertThat(ort.ratioToPythonModel()).isCloseTo(260000 / 125000.0, within(1e-9));
    BenchSummary.Target every = Fixtures.target(s, "python-ratio-every-engine");
    assertThat(every.measured().engine()).isEqualTo("onnxruntime");
    assertThat(every.measured().value()).isCloseTo(260000 / 25000.0, within(1e-9));
    BenchSummary.Target model = Fixtures.target(s, "python-model-every-engine");
    assertThat(model.measured().engine()).isEqualTo("onnxruntime");
    assertThat(model.verdict()).isEqualTo(BenchSummary.Verdict.MET);
    assertThat(SummaryWords.detail(model, s))
        .startsWith("slowest of 2 engines: onnxruntime 260000 records/s")
        .contains("vs Python's model alone 125000 records/s = 2.08x");
  }

  @Test
  void compute_translationPerEngine_usesTheSameEngine() {
    List<JmhMeasurement> results = translationFixture();

    BenchSummary s = withoutPython(results);

    // pytorch's own tensors at the same batch: 100,000 / 400,000.
    assertThat(s.translationShare()).isCloseTo(0.25, within(1e-9));
    BenchSummary.Translation t = s.engines().get(0).translation();
    assertThat(t.engine()).isEqualTo("pytorch");
    assertThat(t.batch()).isEqualTo(4096);
    assertThat(t.encodeMicrosPerRecord()).isCloseTo(1.5, within(1e-9));
    assertThat(t.tensorMicrosPerRecord()).isCloseTo(0.75, within(1e-9));
    BenchSummary.Target target = Fixtures.target(s, "translation-share");
    assertThat(target.verdict()).isEqualTo(BenchSummary.Verdict.MISSED);
    assertThat(target.measured().value()).isCloseTo(0.25, within(1e-9));
    assertThat(target.measured().engine()).isEqualTo("pytorch");
  }

  /**
   * The translation fixture of {@link
   * #compute_translationPerEngine_usesTheSameEngineAndSaysWhereTimeGoes}.
   */
  static List<JmhMeasurement> translationFixture() {
    return List.of(
        measured("FullPathBenchmark", "pytorch", 4096, Map.of("records", 100000.0)),
        measured("TranslationBenchmark", "onnxruntime", 4096, Map.of("records", 1e6)),
        measured("TranslationBenchmark", "pytorch", 1024, Map.of("records", 500000.0)),
        measured(
            "TranslationBenchmark",
            "pytorch",
            4096,
            Map.of("records", 400000.0, "encodeNanos", 6e8, "tensorNanos", 3e8)));
  }

  static BenchSummary withoutPython(List<JmhMeasurement> results) {
    return BenchSummary.compute(
        "small",
        2,
        Fixtures.smallCost(),
        results,
        PythonBaseline.notMeasured("no python"),
        List.of(),
        BenchPlan.shipped());
  }

  @Test
  void compute_smallPreset_rooflineTargetNotJudged() throws Exception {
    BenchSummary s = summary("small", 2);

    assertThat(s.targets())
        .filteredOn(t -> t.target().presets().equals(List.of("large")))
        .extracting(BenchSummary.Target::name, BenchSummary.Target::verdict)
        .containsExactly(
            tuple("roofline", BenchSummary.Verdict.NOT_MEASURED),
            tuple("full-path-roofline-large", BenchSummary.Verdict.NOT_MEASURED),
            tuple("full-path-large", BenchSummary.Verdict.NOT_MEASURED));
    assertThat(Fixtures.target(s, "python-ratio").verdict()).isEqualTo(BenchSummary.Verdict.MET);
    assertThat(Fixtures.target(s, "translation-share").verdict())
        .isEqualTo(BenchSummary.Verdict.MET);
    BenchSummary.Target roofline = Fixtures.target(s, "roofline");
    assertThat(roofline.measured().value()).isNotNull();
    assertThat(roofline.reason())
        .isEqualTo("the target applies to the large preset, this run is small");
  }

  @Test
  void compute_largePreset_rooflineJudgedOnTheBestEngineOnlyFraction() throws Exception {
    BenchSummary.Target roofline = Fixtures.target(summary("large", 2), "roofline");

    // The best fraction is onnxruntime at 1 thread: 300,000 / (10 GB/s / 5,904 B) = 17.7%.
    assertThat(roofline.verdict()).isEqualTo(BenchSummary.Verdict.MISSED);
    assertThat(roofline.measured().engine()).isEqualTo("onnxruntime");
    assertThat(roofline.measured().value()).isCloseTo(300000 / (10e9 / 5904), within(1e-9));
    assertThat(roofline.reason()).isNull();
  }

  @Test
  void compute_planWithOtherThresholds_verdictsFollowThePlan() throws Exception {
    BenchSummary shipped = summary("small", 2);
    double ratio = Fixtures.target(shipped, "python-ratio").measured().value();
    double share = Fixtures.target(shipped, "translation-share").measured().value();
    double fraction = Fixtures.target(shipped, "roofline").measured().value();
    double rate = shipped.engines().get(0).fullPathRecordsPerSecond();
    BenchPlan plan =
        BenchPlan.parse(
            String.format(
                java.util.Locale.ROOT,
                "schema: parity.bench-plan/1%n"
                    + "targets:%n"
                    + "  python-ratio: {figure: pythonRatio, atLeast: %s}%n"
                    + "  roofline: {figure: engineOnlyRooflineFraction, atLeast: %s}%n"
                    + "  translation-share: {figure: translationShare, atMost: %s}%n"
                    + "  full-path: {figure: fullPathRecordsPerSecond, atLeast: %s, presets: [small]}%n"
                    + "  full-path-exact: {figure: fullPathRecordsPerSecond, atMost: %s}%n",
                ratio * 1.01,
                fraction * 0.99,
                share * 0.99,
                rate * 1.01,
                rate),
            "other-thresholds.yaml",
            false);

    BenchSummary s = summary("small", 2, plan);

    // The shipped plan meets python-ratio and translation-share and skips roofline on small; here
    // each threshold sits just past the measured figure, so the verdicts turn.
    assertThat(
            List.of("python-ratio", "roofline", "translation-share").stream()
                .map(name -> Fixtures.target(shipped, name).verdict()))
        .containsExactly(
            BenchSummary.Verdict.MET, BenchSummary.Verdict.NOT_MEASURED, BenchSummary.Verdict.MET);
    assertThat(s.plan()).isEqualTo("other-thresholds.yaml");
    assertThat(s.targets())
        .extracting(BenchSummary.Target::name, BenchSummary.Target::verdict)
        .containsExactly(
            tuple("python-ratio", BenchSummary.Verdict.MISSED),
            tuple("roofline", BenchSummary.Verdict.MET),
            tuple("translation-share", BenchSummary.Verdict.MISSED),
            tuple("full-path", BenchSummary.Verdict.MISSED),
            tuple("full-path-exact", BenchSummary.Verdict.MET));
    assertThat(s.targets().get(0).measured().value()).isEqualTo(ratio);
  }

  @Test
  void compute_moreCoresThanMeasured_recommendsMoreCallers() throws Exception {
    BenchSummary.Recommendation r = summary("small", 4).recommendation();

    // pytorch's best is 2 callers at intra 1: on 4 cores, 4 callers.
    assertThat(r.engine()).isEqualTo("pytorch");
    assertThat(r.scaledCallers()).isEqualTo(4);
  }

  @Test
  void compute_asManyCoresAsMeasured_usesTheSettingAsItIs() throws Exception {
    assertThat(summary("small", 2).recommendation().scaledCallers()).isNull();
  }

  @Test
  void compute_noPython_ratioNotMeasuredWithTheReason() throws Exception {
    BenchSummary s =
        BenchSummary.compute(
            "small",
            2,
            Fixtures.smallCost(),
            Fixtures.jmh(),
            PythonBaseline.notMeasured("no python"),
            List.of(),
            BenchPlan.shipped());

    assertThat(s.engines().get(0).ratioToPython()).isNull();
    assertThat(s.targets().get(0).verdict()).isEqualTo(BenchSummary.Verdict.NOT_MEASURED);
    assertThat(s.targets().get(0).reason()).contains("no Python baseline");
    assertThat(s.notes()).contains("Python baseline not measured: no python");
  }

  @Test
  void compute_fixture_sweepHoldsEveryFullPathMeasurement() throws Exception {
    BenchSummary s = summary("small", 2);

    long fullPath =
        Fixtures.jmh().stream()
            .filter(m -> m.is("FullPathBenchmark", "throughput"))
            .filter(m -> !Double.isNaN(m.recordsPerSecond()))
            .count();
    assertThat(s.sweep()).hasSize((int) fullPath);
    assertThat(s.versions()).containsEntry("parity", BuildVersions.parity());
  }
}
