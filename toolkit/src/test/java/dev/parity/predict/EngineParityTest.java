package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry's promise: the same code, only the engine name changed, reproduces Python's outputs
 * on the full committed reference set, starting from raw records.
 */
class EngineParityTest {
  private static Path ref;
  private static ReferenceManifest manifest;

  @BeforeAll
  static void readReference() throws Exception {
    ref = CommittedData.reference();
    manifest = ReferenceManifest.read(ref.resolve("manifest.json"));
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_fullReferenceSetFromRawRecords_matchesPythonWithin1e5(EngineName engine)
      throws Exception {
    ArtifactSpec artifact = ArtifactSpec.builder().optZoo(CommittedData.zoo()).build();
    EngineSettings settings = EngineSettings.builder().setEngine(engine).optBatchSize(4096).build();
    float[] python = Npy.read(manifest.entry("output:probability").resolveIn(ref)).floats();
    float[] pythonHidden = Npy.read(manifest.entry("output:hidden").resolveIn(ref)).floats();

    TensorBatch outputs;
    try (ModelPredictor p = ModelPredictor.open(artifact, settings)) {
      List<RawRecord> records = new ArrayList<>();
      for (JsonlRecords.Line l :
          JsonlRecords.readAll(
              manifest.entry("records").resolveIn(ref), p.encoder().fieldNames())) {
        records.add(l.record());
      }
      outputs = p.predictRecords(records);
    }

    assertThat((long) outputs.rows()).isEqualTo(manifest.records());
    double max = maxAbsDiff(outputs.get("probability").floats(), python);
    double maxHidden = maxAbsDiff(outputs.get("hidden").floats(), pythonHidden);
    System.out.printf(
        "%s: max |JVM - Python| probability %.3g, hidden %.3g over %d records%n",
        engine.djlName(), max, maxHidden, outputs.rows());
    assertThat(max).as("%s max |JVM - Python| on probability", engine).isLessThanOrEqualTo(1e-5);
    assertThat(maxHidden).as("%s max |JVM - Python| on hidden", engine).isLessThanOrEqualTo(1e-4);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
