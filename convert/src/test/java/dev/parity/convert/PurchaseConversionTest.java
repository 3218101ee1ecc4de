package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.Checkout;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Converts the committed purchase model's ONNX file and checks both artifacts on the reference
 * inputs (100,000 records) against ONNX Runtime, and against the artifacts the zoo holds.
 */
class PurchaseConversionTest {

  private static final double TOLERANCE = 1e-5;
  private static final List<String> FIELDS =
      List.of("app_packages", "campaigns", "carrier", "device_model");

  @TempDir static Path temp;

  private static Path modelDir;
  private static Path onnx;
  private static Map<String, Tensor> referenceInputs;
  // The outputs, then the taps the card lists (the ONNX file returns them too), in card order.
  private static List<String> returned;
  private static long records;

  @BeforeAll
  static void readReference() throws Exception {
    Path root = Checkout.requireRoot();
    modelDir = root.resolve("zoo/model/tabular/dev/parity/purchase/1.0.0");
    onnx = modelDir.resolve("purchase.onnx");
    returned =
        ModelCard.read(modelDir.resolve(ModelCard.FILE_NAME)).signature().returned().stream()
            .map(TensorSpec::name)
            .toList();
    Path referenceDir = root.resolve("reference-outputs/dev.parity/purchase");
    ReferenceManifest manifest = ReferenceManifest.read(referenceDir.resolve("manifest.json"));
    referenceInputs = new LinkedHashMap<>();
    for (String field : FIELDS) {
      Tensor ids = Npy.read(manifest.entry("indices:" + field).resolveIn(referenceDir));
      // The graph takes int64 ids; the reference keeps Python's int32.
      referenceInputs.put(field, ids.cast(Dtype.INT64));
    }
    records = manifest.records();
  }

  private static ConvertedArtifact convert(EngineName engine, String folder) throws Exception {
    return OnnxConverter.convert(
        ConversionSpec.builder()
            .setSource(onnx)
            .setTarget(engine)
            .setDestination(temp.resolve(folder))
            .build());
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void convert_purchase_matchesOnnxRuntimeOnReferenceInputs(EngineName engine) throws Exception {
    ConvertedArtifact artifact = convert(engine, engine.cliName() + "-checked");

    CheckResult result =
        ArtifactCheck.builder()
            .setSource(onnx)
            .setArtifact(artifact)
            .setInputs(referenceInputs)
            .build()
            .run();

    System.out.printf(
        "converted %s vs ONNX Runtime over %d reference records: max |diff| %s%n",
        engine.djlName(), result.records(), result.maxAbsDifference());
    assertThat(result.records()).isEqualTo(records);
    assertThat(result.maxAbsDifference().keySet()).containsExactlyElementsOf(returned);
    assertThat(result.max()).isLessThanOrEqualTo(TOLERANCE);
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void convert_purchaseTwice_givesIdenticalBytes(EngineName engine) throws Exception {
    ConvertedArtifact first = convert(engine, engine.cliName() + "-first");
    ConvertedArtifact second = convert(engine, engine.cliName() + "-second");

    assertThat(first.files()).hasSameSizeAs(second.files()).isNotEmpty();
    for (int i = 0; i < first.files().size(); i++) {
      assertThat(Files.readAllBytes(second.files().get(i)))
          .as("%s", second.files().get(i).getFileName())
          .isEqualTo(Files.readAllBytes(first.files().get(i)));
    }
    try (Stream<Path> files = Files.list(first.folder())) {
      assertThat(files).containsExactlyInAnyOrderElementsOf(first.files());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void convert_purchase_givesTheZoosCommittedArtifactByteForByte(EngineName engine)
      throws Exception {
    ConvertedArtifact artifact = convert(engine, engine.cliName() + "-vs-zoo");

    // The zoo's artifacts are the converter's output (zoo convert), not written by hand.
    for (Path file : artifact.files()) {
      Path committed = modelDir.resolve(engine.cliName()).resolve(file.getFileName().toString());
      assertThat(Files.readAllBytes(file))
          .as("%s", modelDir.relativize(committed))
          .isEqualTo(Files.readAllBytes(committed));
    }
  }
}
