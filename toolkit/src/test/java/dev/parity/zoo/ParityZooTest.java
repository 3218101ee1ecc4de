package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.parity.CommittedData;
import dev.parity.card.ModelCard;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.RecordBatch;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.TensorBatch;
import dev.parity.translate.TranslatorArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityZooTest {
  private static final Path METADATA =
      CommittedData.zoo().resolve("model/tabular/dev/parity/purchase/metadata.json");

  @TempDir Path temp;

  @Test
  void loadModel_plainDjlCriteriaThroughServiceLoader_servesTheAskedEngine() throws Exception {
    System.setProperty(ZooFolder.ZOO_PROPERTY, CommittedData.zoo().toString());
    Criteria<RecordBatch, TensorBatch> criteria =
        Criteria.builder()
            .setTypes(RecordBatch.class, TensorBatch.class)
            .optGroupId("dev.parity")
            .optArtifactId("purchase")
            .optEngine("OnnxRuntime")
            .build();

    try (ZooModel<RecordBatch, TensorBatch> model = criteria.loadModel()) {
      assertThat(model.getNDManager().getEngine().getEngineName()).isEqualTo("OnnxRuntime");
      assertThat(model.getProperty(TranslatorArguments.CARD_FOLDER))
          .isEqualTo(CommittedData.modelFolder().toAbsolutePath().normalize().toString());
    }
  }

  @Test
  void open_unknownVersion_failsListingWhatIsThere() {
    ArtifactSpec spec =
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).optVersion("9.9.9").build();

    assertThatThrownBy(() -> ModelPredictor.open(spec, EngineSettings.of(EngineName.PYTORCH)))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("dev.parity:purchase has no version 9.9.9; versions: 1.0.0");
  }

  @Test
  void open_unknownArtifact_failsNamingIt() {
    ArtifactSpec spec =
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).optModel("dev.parity:churn").build();

    assertThatThrownBy(() -> ModelPredictor.open(spec, EngineSettings.of(EngineName.PYTORCH)))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("has no model dev.parity:churn; it holds dev.parity:purchase 1.0.0");
  }

  @Test
  void open_tamperedModelFile_failsNamingTheFileBeforeTheEngineReadsIt() throws Exception {
    Path zoo = temp.resolve("zoo");
    copy(CommittedData.zoo(), zoo);
    Path onnx = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.onnx");
    Files.write(onnx, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
    ArtifactSpec spec = ArtifactSpec.builder().optZoo(zoo).build();

    assertThatThrownBy(() -> ModelPredictor.open(spec, EngineSettings.of(EngineName.ONNXRUNTIME)))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("purchase.onnx");
  }

  @Test
  void describe_committedModelFolder_reproducesCommittedMetadata() throws Exception {
    Path folder = CommittedData.modelFolder();
    ZooMetadata described =
        ZooMetadata.describe(folder, ModelCard.read(folder.resolve("model-card.json")));
    Path written = temp.resolve("metadata.json");
    described.write(written);

    assertThat(Files.readString(written)).isEqualTo(Files.readString(METADATA));
    assertThat(described.artifacts())
        .extracting(ZooMetadata.Artifact::engine)
        .containsExactly("PyTorch", "OnnxRuntime", "TensorFlow", "MXNet");
  }

  @Test
  void build_malformedVersion_rejected() {
    assertThatThrownBy(() -> ArtifactSpec.builder().optVersion("1.0 beta"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.0 beta");
  }

  @Test
  void compareVersions_numericParts_comparedAsNumbers() {
    assertThat(ZooMetadata.compareVersions("1.10.0", "1.9.0")).isPositive();
    assertThat(ZooMetadata.compareVersions("1.0", "1.0.0")).isZero();
    assertThat(List.of("2.0.0", "1.10.0", "1.9.1").stream().sorted(ZooMetadata::compareVersions))
        .containsExactly("1.9.1", "1.10.0", "2.0.0");
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
