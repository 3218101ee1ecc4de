package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryWordsTest {

  private static BenchSummary summary(String preset, int cores) throws Exception {
    return Fixtures.summary(preset, cores);
  }

  @Test
  void detail_translationMissed_saysWhereTheTimeGoesAndByHowMuch() {
    BenchSummary s = BenchSummaryTest.withoutPython(BenchSummaryTest.translationFixture());

    String detail = SummaryWords.detail(Fixtures.target(s, "translation-share"), s);

    // 100,000 records/s on one core: 10 µs of core time a record, translation 2.5 µs of it
    // (400,000/s on one thread); 20% of 10 µs allows 2 µs.
    assertThat(detail)
        .contains("translation 25.0% of pytorch's full-path core time")
        .contains("full path takes 10.00 µs of core time (1 core × 10.00 µs), translation 2.50 µs")
        .contains("normalise, look up, pad) 1.50 µs, bound check and tensors 0.75 µs")
        .contains("over by 5.0 points")
        .contains("at most 2.00 µs/record (1.3x less) to be 20%");
  }

  @Test
  void detail_largePresetRooflineMissed_saysByHowMuch() throws Exception {
    BenchSummary s = summary("large", 2);

    assertThat(SummaryWords.detail(Fixtures.target(s, "roofline"), s))
        .contains("onnxruntime engine-only 300000 records/s = 17.7% of the roofline")
        .contains("short by 52.3 points");
  }

  @Test
  void detail_smallPresetRoofline_givesTheFigureAndWhyNotJudged() throws Exception {
    BenchSummary s = summary("small", 2);

    assertThat(SummaryWords.detail(Fixtures.target(s, "roofline"), s))
        .contains("of the roofline")
        .endsWith("; the target applies to the large preset, this run is small")
        .doesNotContain("short by");
  }

  @Test
  void detail_pythonRatioMet_comparesRatesAndPythonsOwnSplit() throws Exception {
    BenchSummary s = summary("small", 2);

    // Python at 2 threads: full path 25,000, model alone 125,000, so pre-processing is 80%.
    assertThat(SummaryWords.detail(Fixtures.target(s, "python-ratio"), s))
        .isEqualTo(
            "pytorch 300000 records/s vs Python 25000 records/s (12.00x); Python's model alone"
                + " runs 125000 records/s at 2 threads, so its pre-processing takes 80% of its"
                + " full path");
  }

  @Test
  void detail_notMeasured_isTheReason() throws Exception {
    BenchSummary s =
        BenchSummary.compute(
            "small",
            2,
            Fixtures.smallCost(),
            List.of(),
            PythonBaseline.notMeasured("none"),
            List.of(),
            BenchPlan.shipped());

    assertThat(SummaryWords.detail(Fixtures.target(s, "python-ratio"), s))
        .isEqualTo("no full-path result");
  }

  @Test
  void goal_shippedTargets_readAsBefore() {
    BenchPlan plan = BenchPlan.shipped();

    assertThat(SummaryWords.goal(plan.target("python-ratio").orElseThrow()))
        .isEqualTo("full path, best engine >= 2x the Python baseline at the same cores");
    assertThat(SummaryWords.goal(plan.target("roofline").orElseThrow()))
        .isEqualTo("engine only, best engine >= 70% of the roofline, on the large preset");
    assertThat(SummaryWords.goal(plan.target("translation-share").orElseThrow()))
        .isEqualTo("translation <= 20% of the full path's core time (best engine's best setting)");
  }

  @Test
  void advice_moreCoresThanMeasured_saysHowManyCallers() throws Exception {
    assertThat(SummaryWords.advice(summary("small", 4).recommendation()))
        .contains("measured on 2 threads; on 4 cores run 4 callers");
    assertThat(SummaryWords.advice(summary("small", 2).recommendation()))
        .contains("use it as it is");
  }
}
