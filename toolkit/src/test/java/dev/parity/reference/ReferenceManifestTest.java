package dev.parity.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.card.ModelId;
import dev.parity.file.MalformedFileException;
import dev.parity.npy.Npy;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceManifestTest {

  @TempDir Path folder;
  private Path manifestFile;
  private byte[] labels;
  private byte[] probability;

  @BeforeEach
  void writeManifest() throws Exception {
    labels = Files.readAllBytes(fixture("uint8-5.npy"));
    probability = Files.readAllBytes(fixture("float32-2x3.npy"));
    Files.write(folder.resolve("labels.npy"), labels);
    Files.write(folder.resolve("probability.npy"), probability);
    manifestFile = folder.resolve("manifest.json");
    Files.writeString(
        manifestFile,
        """
        {"schema": "parity.reference-manifest/2", "records": 5, "seed": 7,
         "generatedBy": "unknown to Java",
         "model": {"groupId": "dev.parity", "artifactId": "purchase", "version": "1.0.0",
                   "modelCardSha256": "%s", "torchscriptSha256": "%s"},
         "environment": {"python": "3.11.2", "torch": "1.13.0", "numpy": "1.24.2"},
         "files": [
           {"path": "labels.npy", "role": "labels", "sha256": "%s", "size": %d,
            "shape": [5], "dtype": "uint8"},
           {"path": "probability.npy", "role": "output:probability", "sha256": "%s",
            "size": %d, "shape": [2, 3], "dtype": "float32"}]}
        """
            .formatted(
                "a".repeat(64),
                "b".repeat(64),
                Sha256.of(labels),
                labels.length,
                Sha256.of(probability),
                probability.length));
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(ReferenceManifestTest.class.getResource("/npy/" + name).toURI());
  }

  @Test
  void read_manifest_parsesModelProvenanceAndFiles() throws Exception {
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);

    assertThat(manifest.records()).isEqualTo(5);
    assertThat(manifest.model()).isEqualTo(new ModelId("dev.parity", "purchase", "1.0.0"));
    assertThat(manifest.modelCardSha256()).isEqualTo("a".repeat(64));
    assertThat(manifest.provenance()).containsKeys("seed", "generatedBy", "environment");
    assertThat(manifest.provenance().get("environment").get("torch").asText()).isEqualTo("1.13.0");
    assertThat(manifest.files()).hasSize(2);
    assertThat(manifest.names(ReferenceManifest.Role.Kind.OUTPUT)).containsExactly("probability");
  }

  @Test
  void write_readManifest_readsBackTheSame() throws Exception {
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);
    Path copy = folder.resolve("copy");
    Files.createDirectories(copy);

    ReferenceManifest back = ReferenceManifest.read(manifest.write(copy));

    assertThat(back).isEqualTo(manifest);
  }

  @Test
  void parseRole_tap_isNamedAndTapMissingItsNameRefused() {
    ReferenceManifest.Role role = ReferenceManifest.Role.parse("tap:mlp.1");

    assertThat(role.kind()).isEqualTo(ReferenceManifest.Role.Kind.TAP);
    assertThat(role.name()).isEqualTo("mlp.1");
    assertThat(role).hasToString("tap:mlp.1");
    assertThatThrownBy(() -> ReferenceManifest.Role.parse("tap"))
        .hasMessageContaining("tap:<name>");
  }

  @Test
  void madeByJvm_producerToolOfPredict_trueElseFalse() throws Exception {
    assertThat(ReferenceManifest.read(manifestFile).madeByJvm()).isFalse();
    Files.writeString(
        manifestFile,
        Files.readString(manifestFile)
            .replace("\"seed\": 7,", "\"seed\": 7, \"producer\": {\"tool\": \"parity predict\"},"));

    assertThat(ReferenceManifest.read(manifestFile).madeByJvm()).isTrue();
  }

  @Test
  void read_unknownRole_failsNamingTheKey() throws Exception {
    Files.writeString(
        manifestFile, Files.readString(manifestFile).replace("\"labels\"", "\"label\""));

    assertThatThrownBy(() -> ReferenceManifest.read(manifestFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("key 'files[0].role': unknown role 'label'");
  }

  @Test
  void read_fileEntryWithUnknownKey_failsNamingIt() throws Exception {
    Files.writeString(
        manifestFile,
        Files.readString(manifestFile)
            .replace("\"dtype\": \"uint8\"", "\"dtype\": \"uint8\", \"colour\": 1"));

    assertThatThrownBy(() -> ReferenceManifest.read(manifestFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("key 'files[0].colour': unknown key");
  }

  @Test
  void entry_knownRole_returnsFileWithShapeAndDtype() throws Exception {
    ReferenceManifest.Entry entry =
        ReferenceManifest.read(manifestFile).entry("output:probability");

    assertThat(entry.path()).isEqualTo("probability.npy");
    assertThat(entry.shapeArray()).containsExactly(2, 3);
    assertThat(entry.dtype()).isEqualTo("float32");
    assertThat(Npy.read(entry.resolveIn(folder)).shape()).containsExactly(entry.shapeArray());
  }

  @Test
  void entry_unknownRole_failsListingRolesPresent() throws Exception {
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);

    assertThatThrownBy(() -> manifest.entry("output:hidden"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no file with role output:hidden")
        .hasMessageContaining("roles present: labels, output:probability");
  }

  @Test
  void read_modelCardInstead_failsNamingExpectedSchema() throws Exception {
    Files.writeString(manifestFile, "{\"schema\": \"parity.model-card/1\"}");

    assertThatThrownBy(() -> ReferenceManifest.read(manifestFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("key 'schema': expected parity.reference-manifest/2");
  }

  @Test
  void read_truncatedManifest_oneLineNamingFileLineAndColumn() throws Exception {
    byte[] whole = Files.readAllBytes(manifestFile);
    Files.write(manifestFile, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> ReferenceManifest.read(manifestFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageMatching(
            java.util.regex.Pattern.quote(manifestFile.toString())
                + ":\\d+:\\d+: not valid JSON: .*cut short.*; "
                + java.util.regex.Pattern.quote(ReferenceManifest.REMEDY));
  }

  @Test
  void verifyFiles_untouchedFiles_passes() throws Exception {
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);

    assertThatCode(() -> manifest.verifyFiles(folder)).doesNotThrowAnyException();
  }

  @Test
  void verifyFiles_tamperedLabels_failsNamingTheFile() throws Exception {
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);
    labels[labels.length - 1] = 1;
    Files.write(folder.resolve("labels.npy"), labels);

    assertThatThrownBy(() -> manifest.verifyFiles(folder))
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("labels.npy has changed")
        .hasMessageContaining("found sha256 " + Sha256.of(labels))
        .hasMessageContaining(ReferenceManifest.REMEDY);
  }
}
