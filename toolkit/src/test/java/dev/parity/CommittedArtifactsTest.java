package dev.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.reference.NpyArray;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.Sha256;
import java.nio.file.Path;
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
    card = ModelCard.read(cardFolder.resolve("model-card.json"));
    manifest = ReferenceManifest.read(referenceFolder.resolve("manifest.json"));
  }

  @Test
  void verifyFiles_modelCard_everyListedFileMatches() throws Exception {
    card.verifyFiles(cardFolder);
  }

  @Test
  void verifyFiles_referenceManifest_everyListedFileMatches() throws Exception {
    manifest.verifyFiles(referenceFolder);
  }

  @Test
  void modelCardSha256_manifest_equalsCommittedModelCard() throws Exception {
    assertThat(manifest.model().modelCardSha256())
        .as("the reference outputs must come from the committed model card")
        .isEqualToIgnoringCase(Sha256.of(cardFolder.resolve("model-card.json")));
  }

  @Test
  void probability_referenceOutputs_hasOneValueInUnitIntervalPerRecord() throws Exception {
    NpyArray probability =
        NpyArray.read(manifest.entry("output:probability").resolveIn(referenceFolder));

    assertThat(probability.shape()).containsExactly(manifest.records());
    float[] values = probability.floats();
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0f && values[i] <= 1f)) {
        throw new AssertionError("probability[" + i + "] = " + values[i] + " is outside [0, 1]");
      }
    }
  }

  @Test
  void indices_everyCardField_hasFieldLengthAndIdsInsideVocabulary() throws Exception {
    for (ModelCard.Field field : card.features().fields()) {
      NpyArray indices =
          NpyArray.read(manifest.entry("indices:" + field.name()).resolveIn(referenceFolder));

      assertThat(indices.shape())
          .as("shape of indices:%s", field.name())
          .containsExactly(manifest.records(), field.length());
      long[] ids = idsOf(indices);
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] < 0 || ids[i] >= field.vocabSize()) {
          throw new AssertionError(
              String.format(
                  "indices:%s[%d][%d] = %d is outside [0, %d)",
                  field.name(), i / field.length(), i % field.length(), ids[i], field.vocabSize()));
        }
      }
    }
  }

  private static long[] idsOf(NpyArray indices) {
    return switch (indices.dtype()) {
      case INT32 -> java.util.Arrays.stream(indices.ints()).asLongStream().toArray();
      case INT64 -> indices.longs();
      default ->
          throw new AssertionError(
              indices + ": expected int32 or int64 ids but found " + indices.dtype().numpyName());
    };
  }
}
