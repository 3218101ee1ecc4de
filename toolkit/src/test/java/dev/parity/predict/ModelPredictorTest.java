package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelPredictorTest {
  private static List<RawRecord> records;

  @BeforeAll
  static void readRecords() throws Exception {
    Path file = CommittedData.reference().resolve("records.jsonl.gz");
    records = new ArrayList<>();
    List<String> fields = List.of("app_packages", "campaigns", "carrier", "device_model");
    for (JsonlRecords.Line l : JsonlRecords.readAll(file, fields)) {
      records.add(l.record());
      if (records.size() == 20_000) {
        break;
      }
    }
  }

  private static ModelPredictor open(EngineName engine) throws Exception {
    return ModelPredictor.open(
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
        EngineSettings.builder().setEngine(engine).optBatchSize(512).build(),
        List.of("probability"));
  }

  private static float[] probability(TensorBatch b) {
    return b.get("probability").floats();
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"PYTORCH", "ONNXRUNTIME"})
  void predict_eightThreadsSharingOneModel_identicalToSingleThreaded(EngineName engine)
      throws Exception {
    try (ModelPredictor p = open(engine)) {
      float[] single = probability(p.predictRecords(records));
      int threads = 8;
      int slice = 2048; // a multiple of the batch size, so both runs batch the same records
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<RawRecord> mine = records.subList(t * slice, (t + 1) * slice);
          parts.add(pool.submit(() -> probability(p.predictRecords(mine))));
        }
        for (int t = 0; t < threads; t++) {
          float[] got = parts.get(t).get(120, TimeUnit.SECONDS);
          float[] want = Arrays.copyOfRange(single, t * slice, (t + 1) * slice);
          assertThat(got).as("thread %d", t).containsExactly(want);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void predict_idOutOfRangeOnMxnet_rejectedBeforeTheEngineClipsIt() throws Exception {
    try (ModelPredictor p = open(EngineName.MXNET)) {
      TensorBatch batch = p.encoder().encode(List.of(new RawRecord("x", Map.of())));
      batch.get("app_packages").longs()[0] =
          p.card().signature().input("app_packages").range().high() + 5;

      assertThatThrownBy(() -> p.predict(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside [0, ");
    }
  }

  @Test
  void predict_afterClose_failsCleanly() throws Exception {
    ModelPredictor p = open(EngineName.ONNXRUNTIME);
    p.predictRecords(records.subList(0, 10));
    p.close();

    assertThatThrownBy(() -> p.predictRecords(records.subList(0, 10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void predictRecords_moreRecordsThanBatchSize_sameAsOneBatchAtATime() throws Exception {
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME)) {
      List<RawRecord> some = records.subList(0, 1300);
      float[] all = probability(p.predictRecords(some));
      float[] first = probability(p.predictRecords(some.subList(0, 512)));
      float[] last = probability(p.predictRecords(some.subList(1024, 1300)));

      assertThat(all).hasSize(1300);
      assertThat(Arrays.copyOfRange(all, 0, 512)).containsExactly(first);
      assertThat(Arrays.copyOfRange(all, 1024, 1300)).containsExactly(last);
    }
  }

  @Test
  void open_outputsSelected_onlyThoseReturned() throws Exception {
    try (ModelPredictor p = open(EngineName.PYTORCH)) {
      assertThat(p.predictRecords(records.subList(0, 3)).names()).containsExactly("probability");
    }
  }

  @Test
  void open_unknownOutput_failsNamingTheSignature() {
    assertThatThrownBy(
            () ->
                ModelPredictor.open(
                    ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
                    EngineSettings.builder().setEngine(EngineName.PYTORCH).build(),
                    List.of("scores")))
        .hasMessageContaining("no output or tap named scores")
        .hasMessageContaining("probability, hidden, embedding.app_packages");
  }

  @Test
  void open_tapsAsked_returnedAfterTheOutputsOnEveryEngineThatReturnsThem() throws Exception {
    for (EngineName engine : List.of(EngineName.PYTORCH, EngineName.ONNXRUNTIME)) {
      try (ModelPredictor p =
          ModelPredictor.open(
              ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
              EngineSettings.builder().setEngine(engine).build(),
              List.of("probability", "mlp.1", "logits"))) {
        TensorBatch out = p.predictRecords(records.subList(0, 3));
        assertThat(out.names()).containsExactly("probability", "mlp.1", "logits");
        assertThat(out.get("mlp.1").shape()).containsExactly(3L, 16L);
        // The logits tap is the output layer before the sigmoid.
        for (int r = 0; r < 3; r++) {
          double sigmoid = 1 / (1 + Math.exp(-out.get("logits").getDouble(r)));
          assertThat(out.get("probability").getDouble(r)).isCloseTo(sigmoid, within(1e-6));
        }
      }
    }
  }
}
