package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordColumns;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PredictionStreamTest {
  private static final int BATCH = 1000;
  private static List<RawRecord> records;

  @BeforeAll
  static void readRecords() throws Exception {
    records = new ArrayList<>();
    List<String> fields = List.of("app_packages", "campaigns", "carrier", "device_model");
    for (JsonlRecords.Line l :
        JsonlRecords.readAll(CommittedData.reference().resolve("records.jsonl.gz"), fields)) {
      records.add(l.record());
      if (records.size() == 10 * BATCH + 123) {
        break;
      }
    }
  }

  private static ModelPredictor open(EngineName engine) throws Exception {
    return ModelPredictor.open(
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
        EngineSettings.builder().setEngine(engine).optBatchSize(BATCH).build());
  }

  private static List<List<RawRecord>> batches() {
    List<List<RawRecord>> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i += BATCH) {
      out.add(records.subList(i, Math.min(records.size(), i + BATCH)));
    }
    return out;
  }

  private static long encoderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("parity-encoder-") && t.isAlive())
        .count();
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void streamColumns_referenceRecords_sameOutputsInOrderAsOneBatchAtATime(EngineName engine)
      throws Exception {
    try (ModelPredictor p = open(engine)) {
      RecordEncoder encoder = p.encoder();
      List<RecordColumns> columns = new ArrayList<>();
      for (List<RawRecord> b : batches()) {
        columns.add(RecordColumns.of(b, encoder.fieldNames(), encoder.numericFields()));
      }

      List<TensorBatch> streamed = new ArrayList<>();
      try (PredictionStream stream = p.streamColumns(columns.iterator())) {
        while (stream.hasNext()) {
          streamed.add(stream.next());
        }
      }

      assertThat(streamed).hasSameSizeAs(columns);
      for (int i = 0; i < streamed.size(); i++) {
        TensorBatch plain = p.predict(encoder.encode(batches().get(i)));
        for (String output : p.outputs()) {
          assertThat(streamed.get(i).get(output).floats())
              .as("%s of batch %d", output, i)
              .isEqualTo(plain.get(output).floats());
        }
      }
    }
  }

  @Test
  void predictRecords_severalBatches_sameAsEachBatchAlone() throws Exception {
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME)) {
      float[] all = p.predictRecords(records).get("probability").floats();

      List<Float> expected = new ArrayList<>();
      for (List<RawRecord> b : batches()) {
        for (float x : p.predict(p.encoder().encode(b)).get("probability").floats()) {
          expected.add(x);
        }
      }
      assertThat(all).hasSize(records.size());
      for (int i = 0; i < all.length; i++) {
        assertThat(all[i]).as("record %d", i).isEqualTo(expected.get(i));
      }
    }
  }

  @Test
  void next_batchOverTheBatchSize_throwsTheEncodersExceptionAfterEarlierBatches() throws Exception {
    List<List<RawRecord>> input =
        List.of(records.subList(0, BATCH), records.subList(0, BATCH + 1), records.subList(0, 5));
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME);
        PredictionStream stream = p.streamRecords(input.iterator())) {
      assertThat(stream.next().rows()).isEqualTo(BATCH);
      assertThat(stream.hasNext()).isTrue();

      assertThatThrownBy(stream::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining((BATCH + 1) + " records do not fit");
      // The encoder stopped at the failure: every later call says the same.
      assertThatThrownBy(stream::next).hasMessageContaining("do not fit");
    }
  }

  @Test
  void next_iteratorThrows_sameExceptionReachesTheCaller() throws Exception {
    IllegalStateException broken = new IllegalStateException("source went away");
    Iterator<List<RawRecord>> failing =
        new Iterator<>() {
          private int given;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public List<RawRecord> next() {
            if (given++ == 2) {
              throw broken;
            }
            return records.subList(0, 10);
          }
        };
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME);
        PredictionStream stream = p.streamRecords(failing)) {
      stream.next();
      stream.next();

      assertThatThrownBy(stream::next).isSameAs(broken);
    }
  }

  @Test
  void next_afterTheLastBatch_noSuchElementAndHasNextFalse() throws Exception {
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME);
        PredictionStream stream = p.streamRecords(List.of(records.subList(0, 3)).iterator())) {
      assertThat(stream.next().rows()).isEqualTo(3);

      assertThat(stream.hasNext()).isFalse();
      assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void close_midEndlessStream_encoderThreadEndsAndStreamRefusesCalls() throws Exception {
    long before = encoderThreads();
    Iterator<List<RawRecord>> endless =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public List<RawRecord> next() {
            return records.subList(0, BATCH);
          }
        };
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME)) {
      PredictionStream stream = p.streamRecords(endless);
      stream.next();
      assertThat(encoderThreads()).isEqualTo(before + 1);

      stream.close();
      stream.close();

      assertThat(encoderThreads()).isEqualTo(before);
      assertThatThrownBy(stream::next)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void close_streamsOneAfterAnother_reuseTheSameDirectBatches() throws Exception {
    ModelPredictor p = open(EngineName.ONNXRUNTIME);
    try {
      assertThat(p.spareBatches()).isZero();
      try (PredictionStream stream = p.streamRecords(batches().iterator())) {
        stream.next();
      }
      assertThat(p.spareBatches()).isEqualTo(PredictionStream.AHEAD + 1);

      for (int i = 0; i < 5; i++) {
        p.predictRecords(records.subList(0, 3 * BATCH));
        assertThat(p.spareBatches()).isEqualTo(PredictionStream.AHEAD + 1);
      }
      try (PredictionStream stream = p.streamRecords(batches().iterator())) {
        assertThat(p.spareBatches()).isZero();
        stream.next();
      }
    } finally {
      p.close();
    }
    assertThat(p.spareBatches()).isZero();
  }

  @Test
  void next_predictorClosedUnderTheStream_illegalState() throws Exception {
    ModelPredictor p = open(EngineName.ONNXRUNTIME);
    try (PredictionStream stream = p.streamRecords(batches().iterator())) {
      stream.next();
      p.close();

      assertThatThrownBy(stream::next)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("predictor is closed");
    }
  }

  @Test
  void predictDirect_idPastTheVocabulary_failsNamingInputAndRecord() throws Exception {
    try (ModelPredictor p = open(EngineName.ONNXRUNTIME)) {
      DirectBatch direct = p.encoder().allocate(4);
      p.encoder().encode(records.subList(0, 4), direct);
      int carrier = direct.names().indexOf("carrier");
      long high = p.card().signature().input("carrier").range().high();
      ByteBuffer ids = direct.buffer(carrier);
      ids.putLong(2 * Long.BYTES, high);

      assertThatThrownBy(() -> p.predict(direct))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("id " + high + " of input carrier (record 2");
    }
  }
}
