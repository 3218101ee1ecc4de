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
    assertThat(pt.fullPath()).isEqualTo(new BenchSummary.Setting(1024, 1, 1, 2, "cpu"));
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
  void compute_fixture_translationShareCountsCallers() throws Exception {
    BenchSummary s = summary("small", 2);

    // 300,000 rec/s over 2 callers, translation 1,000,000 rec/s per thread at batch 1024.
    assertThat(s.translationShare()).isCloseTo(0.15, within(1e-9));
    assertThat(s.engines().get(1).translationShare()).isCloseTo(0.26, within(1e-9));
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
    BenchSummary.Target target = s.targets().get(2);
    assertThat(target.name()).isEqualTo("translation-share");
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
        .extracting(BenchSummary.Target::name, BenchSummary.Target::verdict)
        .containsExactly(
            tuple("python-ratio", BenchSummary.Verdict.MET),
            tuple("roofline", BenchSummary.Verdict.NOT_MEASURED),
            tuple("translation-share", BenchSummary.Verdict.MET));
    BenchSummary.Target roofline = s.targets().get(1);
    assertThat(roofline.measured().value()).isNotNull();
    assertThat(roofline.reason())
        .isEqualTo("the target applies to the large preset, this run is small");
  }

  @Test
  void compute_largePreset_rooflineJudgedOnTheBestEngineOnlyFraction() throws Exception {
    BenchSummary.Target roofline = summary("large", 2).targets().get(1);

    // The best fraction is onnxruntime at 1 thread: 300,000 / (10 GB/s / 5,904 B) = 17.7%.
    assertThat(roofline.verdict()).isEqualTo(BenchSummary.Verdict.MISSED);
    assertThat(roofline.measured().engine()).isEqualTo("onnxruntime");
    assertThat(roofline.measured().value()).isCloseTo(300000 / (10e9 / 5904), within(1e-9));
    assertThat(roofline.reason()).isNull();
  }

  @Test
  void compute_planWithOtherThresholds_verdictsFollowThePlan() throws Exception {
    BenchSummary shipped = summary("small", 2);
    double ratio = shipped.targets().get(0).measured().value();
    double share = shipped.targets().get(2).measured().value();
    double fraction = shipped.targets().get(1).measured().value();
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
    assertThat(shipped.targets())
        .extracting(BenchSummary.Target::verdict)
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
