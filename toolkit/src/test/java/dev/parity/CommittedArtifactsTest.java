package dev.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import dev.parity.zoo.Sha256;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the model and reference outputs committed by the Python side against their own listings
 * and against each other, so that a stale or hand-edited artifact fails the build.
 */
class CommittedArtifactsTest {

  private static Path cardFolder;
  private static Path referenceFolder;
  private static ModelCard card;
  private static ReferenceManifest manifest;

  @BeforeAll
  static void readListings() throws Exception {
    cardFolder = CommittedData.modelFolder();
    referenceFolder = CommittedData.reference();
    card = ModelCard.read(cardFolder.resolve(ModelCard.FILE_NAME));
    manifest = ReferenceManifest.read(referenceFolder.resolve(ReferenceManifest.FILE_NAME));
  }

  @Test
  void files_modelCard_everyEngineFileMatchesItsRecordedSha256() throws Exception {
    for (Map.Entry<EngineName, CardFile> e : card.files().entrySet()) {
      assertThat(e.getValue().sha256()).as("%s sha256 in the card", e.getKey()).isNotNull();
      assertThat(Sha256.of(cardFolder.resolve(e.getValue().path())))
          .as("%s file", e.getKey())
          .isEqualTo(e.getValue().sha256());
    }
  }

  @Test
  void verifyFiles_referenceManifest_everyListedFileMatches() throws Exception {
    manifest.verifyFiles(referenceFolder);
  }

  @Test
  void modelCardSha256_manifest_equalsCommittedModelCard() throws Exception {
    assertThat(manifest.modelCardSha256())
        .as("the reference outputs must come from the committed model card")
        .isEqualToIgnoringCase(Sha256.of(cardFolder.resolve(ModelCard.FILE_NAME)));
    assertThat(manifest.model()).isEqualTo(card.id());
  }

  @Test
  void probability_referenceOutputs_hasOneValueInUnitIntervalPerRecord() throws Exception {
    Tensor probability = Npy.read(manifest.entry("output:probability").resolveIn(referenceFolder));

    assertThat(probability.shape()).containsExactly(manifest.records());
    float[] values = probability.floats();
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0f && values[i] <= 1f)) {
        throw new AssertionError("probability[" + i + "] = " + values[i] + " is outside [0, 1]");
      }
    }
  }

  @Test
  void indices_everySignatureInput_hasItsShapeAndIdsInsideItsRange() throws Exception {
    for (TensorSpec input : card.signature().inputs()) {
      Tensor indices =
          Npy.read(manifest.entry("indices:" + input.name()).resolveIn(referenceFolder));
      int width = input.rowLength();
      assertThat(indices.shape())
          .as("shape of indices:%s", input.name())
          .containsExactly(manifest.records(), width);
      for (int i = 0; i < indices.size(); i++) {
        long id = indices.getLong(i);
        if (!input.range().contains(id)) {
          throw new AssertionError(
              String.format(
                  "indices:%s[%d][%d] = %d is outside %s",
                  input.name(), i / width, i % width, id, input.range()));
        }
      }
    }
  }
}
