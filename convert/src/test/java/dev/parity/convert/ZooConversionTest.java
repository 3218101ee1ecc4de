package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.build.Checkout;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.file.FileTree;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooMetadata;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoo convert}'s logic on a copy of the committed segment model (ONNX opset 17: embeddings,
 * masked mean, LayerNormalization, GELU, softmax) and its reference set.
 */
class ZooConversionTest {

  private static final String MODEL = "dev.parity:segment";
  private static final String RELATIVE = "model/tabular/dev/parity/segment";

  @TempDir Path temp;

  private Path zoo;
  private Path version;
  private Path reference;

  @BeforeEach
  void copyCommittedModel() throws IOException {
    Path root = Checkout.requireRoot();
    zoo = temp.resolve("zoo");
    FileTree.copy(root.resolve("zoo").resolve(RELATIVE), zoo.resolve(RELATIVE));
    version = zoo.resolve(RELATIVE).resolve("1.0.0");
    reference = root.resolve("reference-outputs/dev.parity/segment");
  }

  private ZooConversion.Builder conversion() {
    return ZooConversion.builder()
        .setArtifact(ArtifactSpec.builder().optModel(MODEL).optZoo(zoo).build())
        .optReference(reference);
  }

  @Test
  void run_committedSegmentModel_registersArtifactsByteForByteAsCommitted() throws Exception {
    Map<String, String> before = hashes(version);
    Files.delete(version.resolve("mxnet/constants.npz"));
    Files.delete(version.resolve("tensorflow/saved_model.pb"));

    ZooConversion.Result r = conversion().optReplace(true).build().run();

    assertThat(r.registered()).isTrue();
    assertThat(r.inputs().rows()).isEqualTo(20000);
    assertThat(r.artifacts())
        .extracting(ZooConversion.Converted::engine)
        .containsExactly(EngineName.TENSORFLOW, EngineName.MXNET);
    assertThat(r.artifacts()).allMatch(ZooConversion.Converted::passed);
    // Every output and tap of the ONNX file, in card order: the converter carries the taps.
    assertThat(r.artifacts().get(0).check().maxAbsDifference().keySet())
        .containsExactlyElementsOf(
            ModelCard.read(version.resolve(ModelCard.FILE_NAME)).signature().returned().stream()
                .map(TensorSpec::name)
                .toList())
        .contains("mlp.2");
    assertThat(r.registration().engines())
        .containsExactly(
            EngineName.PYTORCH, EngineName.ONNXRUNTIME, EngineName.TENSORFLOW, EngineName.MXNET);
    // The same ONNX file gives the same artifacts, so the card and metadata come back unchanged.
    assertThat(hashes(version)).isEqualTo(before);
    ModelCard card = ModelCard.read(version.resolve(ModelCard.FILE_NAME));
    CardFile mxnet = card.file(EngineName.MXNET);
    assertThat(mxnet.path()).isEqualTo("mxnet/graph.json");
    assertThat(mxnet.blockFactory()).isEqualTo("dev.parity.graph.GraphBlockFactory");
    assertThat(mxnet.sha256()).isEqualTo(Sha256.of(version.resolve("mxnet/graph.json")));
    ZooMetadata metadata = ZooMetadata.read(zoo.resolve(RELATIVE).resolve(ZooMetadata.FILE_NAME));
    assertThat(metadata.find("MXNet", "1.0.0").files()).containsKey("model:constants.npz");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void run_differenceAboveTheLimit_registersNothingAndLeavesTheVersionAsItWas() throws Exception {
    Map<String, String> before = hashes(zoo);

    ZooConversion.Result r = conversion().optReplace(true).optMaxDifference(0).build().run();

    assertThat(r.registered()).isFalse();
    assertThat(r.registration()).isNull();
    assertThat(r.artifacts()).anyMatch(c -> !c.passed());
    assertThat(r.artifacts()).allMatch(c -> c.check().max() > 0 && c.check().max() <= 1e-5);
    assertThat(hashes(zoo)).isEqualTo(before);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void run_cardListsTheTargetAlready_refusedAskingForForce() throws Exception {
    Map<String, String> before = hashes(zoo);

    assertThatThrownBy(() -> conversion().optTargets(List.of(EngineName.MXNET)).build().run())
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("already has a mxnet file")
        .hasMessageContaining("--force");
    assertThat(hashes(zoo)).isEqualTo(before);
  }

  @Test
  void run_noReferenceSetThere_refusedNamingReferenceAndInputs() throws Exception {
    ZooConversion c =
        ZooConversion.builder()
            .setArtifact(ArtifactSpec.builder().optModel(MODEL).optZoo(zoo).build())
            .optReference(temp.resolve("none"))
            .optReplace(true)
            .build();

    assertThatThrownBy(c::run)
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("--reference DIR")
        .hasMessageContaining("--inputs DIR");
  }

  @Test
  void run_inputsFolder_checksOnThoseArrays() throws Exception {
    Path inputs = temp.resolve("inputs");
    Files.createDirectories(inputs);
    ReferenceManifest manifest = ReferenceManifest.read(reference.resolve("manifest.json"));
    for (String name : List.of("dense", "ids")) {
      Tensor all = Npy.read(manifest.entry("input:" + name).resolveIn(reference));
      Npy.write(inputs.resolve(name + ".npy"), all.rows(0, 300));
    }

    ZooConversion.Result r =
        ZooConversion.builder()
            .setArtifact(ArtifactSpec.builder().optModel(MODEL).optZoo(zoo).build())
            .optInputs(inputs)
            .optReplace(true)
            .optTargets(List.of(EngineName.TENSORFLOW))
            .optLoadCheck(false)
            .build()
            .run();

    assertThat(r.registered()).isTrue();
    assertThat(r.inputs().rows()).isEqualTo(300);
    assertThat(r.inputs().source()).contains(inputs.toString());
    assertThat(r.artifacts()).singleElement().matches(ZooConversion.Converted::passed);
  }

  @Test
  void build_targetThatRunsTheSourceItself_refused() {
    assertThatThrownBy(
            () ->
                ZooConversion.builder()
                    .setArtifact(ArtifactSpec.builder().optModel(MODEL).build())
                    .optTargets(List.of(EngineName.PYTORCH))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tensorflow or mxnet")
        .hasMessageContaining("pytorch");
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(zoo.resolve(RELATIVE))) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private static Map<String, String> hashes(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Sha256.of(p));
      }
    }
    return out;
  }
}
