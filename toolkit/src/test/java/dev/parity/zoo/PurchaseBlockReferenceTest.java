package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.parity.CommittedData;
import dev.parity.card.ModelCard;
import dev.parity.npy.Npy;
import dev.parity.npy.NpyFormatException;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed purchase model, run as a DJL block, against every Python reference output. */
class PurchaseBlockReferenceTest {

  private static final int BATCH = 4096;

  private static Path artifact;
  private static int records;
  private static int hiddenWidth;
  private static List<int[]> indices;
  private static List<Integer> lengths;
  private static float[] probability;
  private static float[] hidden;

  @BeforeAll
  static void readReferenceSet() throws IOException, NpyFormatException {
    Path root = CommittedData.root();
    Path referenceFolder = CommittedData.reference();
    ReferenceManifest manifest = ReferenceManifest.read(referenceFolder.resolve("manifest.json"));
    artifact =
        root.resolve("zoo/model/tabular/dev/parity/purchase").resolve(manifest.model().version());
    ModelCard card = ModelCard.read(artifact.resolve(PurchaseBlockFactory.CARD_FILE));

    indices = new ArrayList<>();
    lengths = new ArrayList<>();
    for (String field : card.signature().inputNames()) {
      Tensor ids = read(manifest, referenceFolder, "indices:" + field);
      indices.add(ids.ints());
      lengths.add((int) ids.shape()[1]);
    }
    Tensor probabilities = read(manifest, referenceFolder, "output:probability");
    Tensor hiddens = read(manifest, referenceFolder, "output:hidden");
    records = (int) probabilities.shape()[0];
    hiddenWidth = (int) hiddens.shape()[1];
    probability = probabilities.floats();
    hidden = hiddens.floats();
    assertThat(records).isEqualTo(manifest.records());
  }

  private static Tensor read(ReferenceManifest manifest, Path folder, String role)
      throws IOException, NpyFormatException {
    return Npy.read(manifest.entry(role).resolveIn(folder));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void predict_allReferenceRecords_matchesPython(String engine)
      throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
    Criteria<NDList, float[][]> criteria =
        Criteria.builder()
            .setTypes(NDList.class, float[][].class)
            .optModelPath(artifact)
            .optEngine(engine)
            .optArgument("blockFactory", PurchaseBlockFactory.class.getName())
            .optOption("hasParameter", "false")
            .optTranslator(new PurchaseBlockTest.Outputs())
            .build();
    double maxProbabilityDiff = 0;
    double maxHiddenDiff = 0;
    int arraysAfterLoad;
    int arraysAfterRun;
    long start = System.nanoTime();
    try (ZooModel<NDList, float[][]> model = criteria.loadModel();
        Predictor<NDList, float[][]> predictor = model.newPredictor()) {
      arraysAfterLoad = model.getNDManager().getManagedArrays().size();
      for (int from = 0; from < records; from += BATCH) {
        int rows = Math.min(BATCH, records - from);
        float[][] outputs;
        // Inputs and every intermediate belong to this manager: native memory stays flat.
        try (NDManager batch = model.getNDManager().newSubManager()) {
          NDList inputs = new NDList(indices.size());
          for (int f = 0; f < indices.size(); f++) {
            int length = lengths.get(f);
            long[] ids = new long[rows * length];
            int[] source = indices.get(f);
            for (int i = 0; i < ids.length; i++) {
              ids[i] = source[from * length + i];
            }
            inputs.add(batch.create(ids, new Shape(rows, length)));
          }
          outputs = predictor.predict(inputs);
        }
        assertThat(outputs[0]).hasSize(rows);
        assertThat(outputs[1]).hasSize(rows * hiddenWidth);
        for (int r = 0; r < rows; r++) {
          maxProbabilityDiff =
              Math.max(maxProbabilityDiff, Math.abs(outputs[0][r] - probability[from + r]));
        }
        for (int i = 0; i < outputs[1].length; i++) {
          maxHiddenDiff =
              Math.max(maxHiddenDiff, Math.abs(outputs[1][i] - hidden[from * hiddenWidth + i]));
        }
      }
      arraysAfterRun = model.getNDManager().getManagedArrays().size();
    }
    System.out.printf(
        "%s: %d records in %.1f s, max |JVM - Python| probability %.3g, hidden %.3g%n",
        engine, records, (System.nanoTime() - start) / 1e9, maxProbabilityDiff, maxHiddenDiff);

    assertThat(maxProbabilityDiff).isLessThanOrEqualTo(1e-5);
    assertThat(maxHiddenDiff).isLessThanOrEqualTo(1e-4);
    // Only the parameters stay on the model's manager; nothing accumulates per batch.
    assertThat(arraysAfterRun).isEqualTo(arraysAfterLoad);
  }
}
