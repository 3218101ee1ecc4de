package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.convert.onnx.TensorValue;
import dev.parity.engine.EngineName;
import dev.parity.reference.NpyArray;
import dev.parity.reference.ReferenceManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts the committed purchase model's ONNX file and checks both artifacts. */
class PurchaseConversionTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir static Path temp;

  private static Path onnx;
  private static Map<String, TensorValue> referenceInputs;

  @BeforeAll
  static void readReference() throws Exception {
    Path root = TestFiles.repositoryRoot();
    onnx = root.resolve("zoo/model/tabular/dev/parity/purchase/1.0.0/purchase.onnx");
    Path referenceDir = root.resolve("reference-outputs");
    ReferenceManifest manifest = ReferenceManifest.read(referenceDir.resolve("manifest.json"));
    referenceInputs = new LinkedHashMap<>();
    for (String field : List.of("app_packages", "campaigns", "carrier", "device_model")) {
      NpyArray ids = NpyArray.read(manifest.entry("indices:" + field).resolveIn(referenceDir));
      referenceInputs.put(field, TensorValue.of(ids));
    }
  }

  @Test
  void convert_purchaseToTensorFlow_matchesOnnxRuntimeOnReferenceInputs() throws Exception {
    CheckResult result = convertAndCheck(EngineName.TENSORFLOW);

    assertThat(result.records()).isEqualTo(100_000);
    assertThat(result.maxAbsDifference()).containsOnlyKeys("probability", "hidden");
    assertThat(result.max()).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void convert_purchaseToMxnet_matchesOnnxRuntimeOnReferenceInputs() throws Exception {
    CheckResult result = convertAndCheck(EngineName.MXNET);

    assertThat(result.records()).isEqualTo(100_000);
    assertThat(result.max()).isLessThanOrEqualTo(TOLERANCE);
  }

  private static CheckResult convertAndCheck(EngineName engine) throws Exception {
    ConvertedArtifact artifact =
        OnnxConverter.convert(
            ConversionSpec.builder()
                .setSource(onnx)
                .setTarget(engine)
                .setDestination(temp.resolve(engine.cliName()))
                .build());
    CheckResult result =
        ArtifactCheck.builder()
            .setSource(onnx)
            .setArtifact(artifact)
            .setInputs(referenceInputs)
            .build()
            .run();
    System.out.printf(
        "%s vs ONNX Runtime over %d reference records: max |diff| %s%n",
        engine.djlName(), result.records(), result.maxAbsDifference());
    assertThat(Files.list(artifact.folder())).hasSameSizeAs(artifact.files());
    return result;
  }
}
