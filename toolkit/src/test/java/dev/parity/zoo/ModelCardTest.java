package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

  private static final byte[] TORCHSCRIPT =
      "not really torchscript".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VOCABULARY =
      "{\"app_packages\": {}}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path folder;
  private Path cardFile;

  @BeforeEach
  void writeCard() throws IOException {
    Files.write(folder.resolve("purchase.pt"), TORCHSCRIPT);
    Files.createDirectories(folder.resolve("features"));
    Files.write(folder.resolve("features/vocab.json"), VOCABULARY);
    cardFile = folder.resolve("model-card.json");
    Files.writeString(cardFile, card("parity.model-card/1"));
  }

  private static String card(String schema) {
    return """
        {"schema": "%s",
         "futureTopLevelField": {"anything": [1, 2]},
         "model": {"groupId": "dev.parity", "artifactId": "purchase", "version": "1.0.0",
                   "preset": "small", "trainedOn": "unknown to Java"},
         "features": {
           "fields": [
             {"name": "app_packages", "kind": "bag", "length": 60, "vocabSize": 12345},
             {"name": "device_model", "kind": "token", "length": 1, "vocabSize": 800}],
           "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
           "normalisation": {"trimCharacters": " \\t\\n\\r\\u000b\\u000c", "lowercase": "ascii",
                             "dropEmptyTokens": true, "missingField": "empty",
                             "rules": ["strip", "lower-case ASCII only"]},
           "vocabulary": "features/vocab.json", "indexDtype": "int64"},
         "architecture": {"embeddingDim": 16, "pooling": "masked-mean", "hidden": [64, 16],
                          "activation": "relu", "output": "sigmoid",
                          "inputs": ["app_packages", "device_model"],
                          "outputs": ["probability", "hidden"]},
         "metrics": {"holdout": {"records": 50000, "precisionTarget": 0.6,
                     "network": {"auc": 0.8, "recallAtPrecision": 0.3},
                     "logisticBaseline": {"auc": 0.7, "recallAtPrecision": 0.2}}},
         "files": [
           {"path": "purchase.pt", "role": "torchscript", "sha256": "%s", "size": %d},
           {"path": "features/vocab.json", "role": "vocabulary", "sha256": "%s", "size": %d}]}
        """
        .formatted(
            schema,
            Sha256.of(TORCHSCRIPT),
            TORCHSCRIPT.length,
            Sha256.of(VOCABULARY),
            VOCABULARY.length);
  }

  @Test
  void read_cardWithUnknownProperties_parsesEverySection() throws Exception {
    ModelCard card = ModelCard.read(cardFile);

    assertThat(card.model())
        .isEqualTo(new ModelCard.Model("dev.parity", "purchase", "1.0.0", "small"));
    assertThat(card.features().fields())
        .containsExactly(
            new ModelCard.Field("app_packages", ModelCard.Kind.BAG, 60, 12345),
            new ModelCard.Field("device_model", ModelCard.Kind.TOKEN, 1, 800));
    assertThat(card.features().oovIndex()).isEqualTo(1);
    assertThat(card.features().firstTokenIndex()).isEqualTo(2);
    assertThat(card.features().normalisation().trimCharacters()).isEqualTo(" \t\n\r\u000b\u000c");
    assertThat(card.features().normalisation().dropEmptyTokens()).isTrue();
    assertThat(card.architecture().hidden()).containsExactly(64, 16);
    assertThat(card.architecture().outputs()).containsExactly("probability", "hidden");
    assertThat(card.metrics().holdout().network().auc()).isEqualTo(0.8);
    assertThat(card.metrics().holdout().logisticBaseline().recallAtPrecision()).isEqualTo(0.2);
    assertThat(card.file("torchscript").path()).isEqualTo("purchase.pt");
    assertThat(card.features().field("device_model").vocabSize()).isEqualTo(800);
  }

  @Test
  void read_otherSchema_failsNamingBothSchemas() throws Exception {
    Files.writeString(cardFile, card("parity.model-card/2"));

    assertThatThrownBy(() -> ModelCard.read(cardFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage(
            cardFile
                + ": key schema: expected parity.model-card/1 but found parity.model-card/2; "
                + ModelCard.REMEDY);
  }

  @Test
  void read_truncatedCard_oneLineNamingFileLineAndColumn() throws Exception {
    String whole = Files.readString(cardFile);
    String cut = whole.substring(0, whole.indexOf("\"architecture\"") + 5);
    Files.writeString(cardFile, cut);
    int lastLine = (int) cut.lines().count();

    assertThatThrownBy(() -> ModelCard.read(cardFile))
        .isInstanceOfSatisfying(
            MalformedFileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(lastLine);
              assertThat(e.getMessage())
                  .startsWith(cardFile + ":" + lastLine + ":" + e.column() + ": not valid JSON: ")
                  .contains("cut short")
                  .endsWith(ModelCard.REMEDY)
                  .doesNotContain("\n");
            });
  }

  @Test
  void read_wrongType_namesTheKey() throws Exception {
    Files.writeString(
        cardFile, Files.readString(cardFile).replace("\"length\": 60", "\"length\": \"sixty\""));

    assertThatThrownBy(() -> ModelCard.read(cardFile))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(cardFile + ":7:")
        .hasMessageContaining("key features.fields[0].length: ");
  }

  @Test
  void verifyFiles_untouchedFiles_passes() throws Exception {
    ModelCard card = ModelCard.read(cardFile);

    assertThatCode(() -> card.verifyFiles(folder)).doesNotThrowAnyException();
  }

  @Test
  void verifyFiles_tamperedFile_failsNamingFileHashesAndRemedy() throws Exception {
    ModelCard card = ModelCard.read(cardFile);
    byte[] tampered = "not really torchscriPt".getBytes(StandardCharsets.UTF_8);
    Files.write(folder.resolve("purchase.pt"), tampered);

    assertThatThrownBy(() -> card.verifyFiles(folder))
        .isInstanceOfSatisfying(
            ArtifactIntegrityException.class,
            e -> {
              assertThat(e.file()).isEqualTo(folder.resolve("purchase.pt"));
              assertThat(e.foundSha256()).isEqualTo(Sha256.of(tampered));
            })
        .hasMessageContaining("purchase.pt has changed")
        .hasMessageContaining("expected sha256 " + Sha256.of(TORCHSCRIPT))
        .hasMessageContaining("found sha256 " + Sha256.of(tampered))
        .hasMessageContaining("regenerate with scripts/parity model export")
        .hasMessageContaining("restore the file from git");
  }

  @Test
  void verifyFiles_missingFile_failsSayingItIsMissing() throws Exception {
    ModelCard card = ModelCard.read(cardFile);
    Files.delete(folder.resolve("features/vocab.json"));

    assertThatThrownBy(() -> card.verifyFiles(folder))
        .isInstanceOf(ArtifactIntegrityException.class)
        .hasMessageContaining("vocab.json is missing")
        .hasMessageContaining("expected sha256 " + Sha256.of(VOCABULARY));
  }

  @Test
  void verifyFiles_pathOutsideFolder_isRefused() throws Exception {
    ModelCard.FileEntry escaping =
        new ModelCard.FileEntry("../elsewhere.pt", "torchscript", Sha256.of(TORCHSCRIPT), 1);

    assertThatThrownBy(() -> escaping.verifyIn(folder, ModelCard.REMEDY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../elsewhere.pt is not inside");
  }

  @Test
  void file_unknownRole_failsListingRolesPresent() throws Exception {
    ModelCard card = ModelCard.read(cardFile);

    assertThatThrownBy(() -> card.file("onnx"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no file with role onnx; roles present: torchscript, vocabulary");
  }
}
