package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {

  private static final double MEMORY_ROOF_2 = 18e9 / 5904;

  private static BenchSummary summary(String preset, int cores) throws Exception {
    return BenchSummary.compute(
        preset, cores, Fixtures.smallCost(), Fixtures.jmh(), Fixtures.python(), List.of("a note"));
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

  private static JmhMeasurement measured(
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
  void compute_translationPerEngine_usesTheSameEngineAndSaysWhereTimeGoes() {
    List<JmhMeasurement> results =
        List.of(
            measured("FullPathBenchmark", "pytorch", 4096, Map.of("records", 100000.0)),
            measured("TranslationBenchmark", "onnxruntime", 4096, Map.of("records", 1e6)),
            measured("TranslationBenchmark", "pytorch", 1024, Map.of("records", 500000.0)),
            measured(
                "TranslationBenchmark",
                "pytorch",
                4096,
                Map.of("records", 400000.0, "encodeNanos", 6e8, "tensorNanos", 3e8)));

    BenchSummary s =
        BenchSummary.compute(
            "small",
            2,
            Fixtures.smallCost(),
            results,
            PythonBaseline.notMeasured("no python"),
            List.of());

    // pytorch's own tensors at the same batch: 100,000 / 400,000.
    assertThat(s.translationShare()).isCloseTo(0.25, within(1e-9));
    BenchSummary.Translation t = s.engines().get(0).translation();
    assertThat(t.engine()).isEqualTo("pytorch");
    assertThat(t.batch()).isEqualTo(4096);
    assertThat(t.encodeMicrosPerRecord()).isCloseTo(1.5, within(1e-9));
    assertThat(t.tensorMicrosPerRecord()).isCloseTo(0.75, within(1e-9));
    BenchSummary.Target target = s.targets().get(2);
    assertThat(target.verdict()).isEqualTo("missed");
    assertThat(target.detail())
        .contains("translation 25.0% of pytorch's full-path time")
        .contains("full path takes 10.00 µs, translation 2.50 µs")
        .contains("normalise, look up, pad) 1.50 µs, bound check and tensors 0.75 µs")
        .contains("over by 5.0 points")
        .contains("remaining 7.50 µs/record of engine work")
        .contains("at most 1.88 µs/record (1.3x less)");
  }

  @Test
  void compute_smallPreset_rooflineTargetNotJudged() throws Exception {
    BenchSummary s = summary("small", 2);

    assertThat(s.targets())
        .extracting(BenchSummary.Target::name, BenchSummary.Target::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("python-ratio", "met"),
            org.assertj.core.groups.Tuple.tuple("roofline", "not measured"),
            org.assertj.core.groups.Tuple.tuple("translation-share", "met"));
  }

  @Test
  void compute_largePreset_missedRooflineSaysByHowMuch() throws Exception {
    // The best fraction is onnxruntime at 1 thread: 300,000 / (10 GB/s / 5,904 B) = 17.7%.
    BenchSummary.Target roofline = summary("large", 2).targets().get(1);

    assertThat(roofline.verdict()).isEqualTo("missed");
    assertThat(roofline.detail())
        .contains("onnxruntime engine-only 300000 records/s = 17.7% of the roofline")
        .contains("short by 32.3 points");
  }

  @Test
  void compute_moreCoresThanMeasured_recommendsMoreCallers() throws Exception {
    BenchSummary.Recommendation r = summary("small", 4).recommendation();

    assertThat(r.engine()).isEqualTo("pytorch");
    assertThat(r.advice()).contains("run 4 callers");
  }

  @Test
  void compute_noPython_ratioNotMeasuredAndNoted() throws Exception {
    BenchSummary s =
        BenchSummary.compute(
            "small",
            2,
            Fixtures.smallCost(),
            Fixtures.jmh(),
            PythonBaseline.notMeasured("no python"),
            List.of());

    assertThat(s.engines().get(0).ratioToPython()).isNull();
    assertThat(s.targets().get(0).verdict()).isEqualTo("not measured");
    assertThat(s.notes()).contains("Python baseline not measured: no python");
  }
}
