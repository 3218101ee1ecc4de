package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.EncodedBatch;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Path;
import java.util.ArrayList;
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

class PurchasePredictorTest {
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

  private static PurchasePredictor open(EngineName engine) throws Exception {
    return PurchasePredictor.open(
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
        EngineSettings.builder().setEngine(engine).optBatchSize(512).build(),
        false);
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"PYTORCH", "ONNXRUNTIME"})
  void predict_eightThreadsSharingOneModel_identicalToSingleThreaded(EngineName engine)
      throws Exception {
    try (PurchasePredictor p = open(engine)) {
      float[] single = p.predict(records).probability();
      int threads = 8;
      int slice = 2048; // a multiple of the batch size, so both runs batch the same records
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<RawRecord> mine = records.subList(t * slice, (t + 1) * slice);
          parts.add(pool.submit(() -> p.predict(mine).probability()));
        }
        for (int t = 0; t < threads; t++) {
          float[] got = parts.get(t).get(120, TimeUnit.SECONDS);
          float[] want = java.util.Arrays.copyOfRange(single, t * slice, (t + 1) * slice);
          assertThat(got).as("thread %d", t).containsExactly(want);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void predict_idOutOfRangeOnMxnet_rejectedBeforeTheEngineClipsIt() throws Exception {
    try (PurchasePredictor p = open(EngineName.MXNET)) {
      EncodedBatch batch = p.features().encode(List.of(new RawRecord("x", Map.of())));
      batch.ids().get(0)[0] = p.features().vocabSizes()[0] + 5;

      assertThatThrownBy(() -> p.predict(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside [0, ");
    }
  }

  @Test
  void predict_afterClose_failsCleanly() throws Exception {
    PurchasePredictor p = open(EngineName.ONNXRUNTIME);
    p.predict(records.subList(0, 10));
    p.close();

    assertThatThrownBy(() -> p.predict(records.subList(0, 10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void predict_moreRecordsThanBatchSize_sameAsOneBatchAtATime() throws Exception {
    try (PurchasePredictor p = open(EngineName.ONNXRUNTIME)) {
      List<RawRecord> some = records.subList(0, 1300);
      float[] all = p.predict(some).probability();
      float[] first = p.predict(some.subList(0, 512)).probability();
      float[] last = p.predict(some.subList(1024, 1300)).probability();

      assertThat(all).hasSize(1300);
      assertThat(java.util.Arrays.copyOfRange(all, 0, 512)).containsExactly(first);
      assertThat(java.util.Arrays.copyOfRange(all, 1024, 1300)).containsExactly(last);
    }
  }
}
