package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.build.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchPresetTest {
  private static final Path ROOT = Checkout.requireRoot();

  @Test
  void forModel_segment_fullPathFromItsReferenceRecords() throws Exception {
    BenchPreset p = BenchPreset.forModel("dev.parity:segment", ROOT);

    assertThat(p.name()).isEqualTo("dev.parity:segment");
    assertThat(p.hasRecords()).isTrue();
    assertThat(p.records()).isRegularFile();
    assertThat(p.reference()).isEqualTo(ROOT.resolve("reference-outputs/dev.parity/segment"));
    assertThat(p.modelCard()).isRegularFile().hasFileName("model-card.json");
  }

  @Test
  void forModel_modelTheZooDoesNotHold_failsNamingWhatItHolds() {
    assertThatThrownBy(() -> BenchPreset.forModel("acme:churn", ROOT))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds no model acme:churn")
        .hasMessageContaining("dev.parity:purchase");
  }

  @Test
  void resolve_small_isThePurchaseModel() throws Exception {
    BenchPreset p = BenchPreset.resolve("small", ROOT);

    assertThat(p.model()).isEqualTo(PythonBaseline.MODEL);
    assertThat(Files.isRegularFile(p.modelCard())).isTrue();
    assertThat(p.modelCard().toString()).contains("purchase");
  }

  @Test
  void referenceInputs_segmentSetInBatchesLargerThanIt_inputsRepeatedInOrder() throws Exception {
    BenchPreset p = BenchPreset.forModel("dev.parity:segment", ROOT);
    dev.parity.card.ModelCard card = dev.parity.card.ModelCard.read(p.modelCard());
    dev.parity.tensor.Tensor dense =
        dev.parity.npy.Npy.read(p.reference().resolve("input-dense.npy"));
    int records = dense.rows();

    List<dev.parity.tensor.TensorBatch> batches =
        BenchInputs.referenceInputs(card, p.reference(), records + 5);

    assertThat(batches).hasSize(1);
    dev.parity.tensor.TensorBatch b = batches.get(0);
    assertThat(b.names()).containsExactly("dense", "ids");
    assertThat(b.rows()).isEqualTo(records + 5);
    int width = dense.rowLength();
    float[] got = b.get("dense").floats();
    // Record `records` is the first one again.
    for (int i = 0; i < width; i++) {
      assertThat(got[records * width + i]).isEqualTo(dense.floats()[i]);
    }
  }

  @Test
  void forks_modelTakingTensorsWithoutCost_engineOnlyRunsAlone() {
    SweepPlan quick = SweepPlan.quick(List.of("pytorch", "onnxruntime"), List.of("cpu"));

    Map<String, Integer> forks = Sweep.forks(quick, List.of("cpu"), "acme:churn", false, false);

    assertThat(forks).containsExactly(Map.entry("engine-only", 4));
  }

  @Test
  void compute_engineOnlyResultsWithoutFullPath_listsTheEnginesAndJudgesNothingOfTheFullPath() {
    List<JmhMeasurement> results =
        List.of(
            BenchSummaryTest.run("EngineOnlyBenchmark", "pytorch", 4096, 2, null, 100000),
            BenchSummaryTest.run("EngineOnlyBenchmark", "onnxruntime", 4096, 2, null, 150000));

    BenchSummary s =
        BenchSummary.compute(
            "acme:churn",
            2,
            null,
            results,
            PythonBaseline.notMeasured("not the purchase model"),
            List.of(),
            BenchPlan.shipped());

    assertThat(s.engines())
        .extracting(BenchSummary.EngineResult::engine)
        .containsExactly("onnxruntime", "pytorch");
    assertThat(s.engines().get(0).fullPath()).isNull();
    assertThat(s.engines().get(0).engineOnlyRecordsPerSecond()).isEqualTo(150000);
    assertThat(Fixtures.target(s, "full-path-small").verdict())
        .isEqualTo(BenchSummary.Verdict.NOT_MEASURED);
    assertThat(Fixtures.target(s, "python-ratio-every-engine").reason())
        .isEqualTo("no full-path result");
    String text = new SummaryText().render(s);
    assertThat(text).contains("| onnxruntime | - | - |").doesNotContain("Model cost per record");
  }
}
