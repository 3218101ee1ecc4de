package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.parity.engine.TensorFlowNatives;
import dev.parity.reference.NpyArray;
import dev.parity.reference.NpzArchive;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts the committed purchase model and checks the SavedModel against the Python outputs. */
class PurchaseSavedModelTest {

  private static final int BATCH = 4096;
  private static final double PROBABILITY_TOLERANCE = 1e-5;
  private static final double HIDDEN_TOLERANCE = 1e-4;

  @TempDir static Path temp;

  private static Path modelDir;
  private static Path referenceDir;
  private static Path written;

  @BeforeAll
  static void convert() throws Exception {
    Path root = TestFiles.repositoryRoot();
    modelDir = root.resolve("zoo/model/tabular/dev/parity/purchase/1.0.0");
    referenceDir = root.resolve("reference-outputs");
    List<Path> files = SavedModelWriter.write(modelDir, temp.resolve("first"));
    assertThat(files).containsExactly(temp.resolve("first/saved_model.pb"));
    written = files.get(0);
  }

  @Test
  void write_twice_givesIdenticalBytes() throws Exception {
    Path second = SavedModelWriter.write(modelDir, temp.resolve("second")).get(0);

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(written));
  }

  @Test
  void write_committedWeights_equalsCommittedSavedModel() throws Exception {
    Path committed = modelDir.resolve("tensorflow/saved_model.pb");

    assertThat(Files.readAllBytes(written))
        .as("regenerate %s with SavedModelWriter.write(modelDir, modelDir/tensorflow)", committed)
        .isEqualTo(Files.readAllBytes(committed));
  }

  @Test
  void write_committedWeights_tensorFlowMatchesPythonOutputs() throws Exception {
    ModelCard card = ModelCard.read(modelDir.resolve("model-card.json"));
    ReferenceManifest manifest = ReferenceManifest.read(referenceDir.resolve("manifest.json"));
    int records = Math.toIntExact(manifest.records());
    Map<String, int[]> indices = new LinkedHashMap<>();
    Map<String, Integer> lengths = new LinkedHashMap<>();
    for (String field : card.architecture().inputs()) {
      NpyArray ids = NpyArray.read(manifest.entry("indices:" + field).resolveIn(referenceDir));
      indices.put(field, ids.ints());
      lengths.put(field, Math.toIntExact(ids.shape()[1]));
    }
    NpyArray hiddenRef = NpyArray.read(manifest.entry("output:hidden").resolveIn(referenceDir));
    float[] expectedHidden = hiddenRef.floats();
    int width = Math.toIntExact(hiddenRef.shape()[1]);
    float[] expectedProbability =
        NpyArray.read(manifest.entry("output:probability").resolveIn(referenceDir)).floats();

    TensorFlowNatives.ensureLibraryPath();
    double probabilityDiff = 0;
    double hiddenDiff = 0;
    try (Model model = Model.newInstance("purchase", "TensorFlow")) {
      model.load(written.getParent());
      for (int start = 0; start < records; start += BATCH) {
        int size = Math.min(BATCH, records - start);
        try (NDManager batch = model.getNDManager().newSubManager()) {
          NDList inputs = new NDList();
          for (Map.Entry<String, int[]> field : indices.entrySet()) {
            int length = lengths.get(field.getKey());
            long[] ids = new long[size * length];
            for (int i = 0; i < ids.length; i++) {
              ids[i] = field.getValue()[start * length + i];
            }
            NDArray array = batch.create(ids, new Shape(size, length));
            array.setName(field.getKey());
            inputs.add(array);
          }

          NDList outputs =
              model.getBlock().forward(new ParameterStore(batch, false), inputs, false);

          float[] probability = outputs.get(SavedModelWriter.PROBABILITY).toFloatArray();
          float[] hidden = outputs.get(SavedModelWriter.HIDDEN).toFloatArray();
          assertThat(probability).hasSize(size);
          assertThat(hidden).hasSize(size * width);
          for (int i = 0; i < size; i++) {
            probabilityDiff =
                Math.max(
                    probabilityDiff, Math.abs(probability[i] - expectedProbability[start + i]));
          }
          for (int i = 0; i < hidden.length; i++) {
            hiddenDiff =
                Math.max(hiddenDiff, Math.abs(hidden[i] - expectedHidden[start * width + i]));
          }
        }
      }
    }
    System.out.printf(
        "TensorFlow vs Python over %d records: max |diff| probability %.3g, hidden %.3g%n",
        records, probabilityDiff, hiddenDiff);
    assertThat(probabilityDiff).isLessThanOrEqualTo(PROBABILITY_TOLERANCE);
    assertThat(hiddenDiff).isLessThanOrEqualTo(HIDDEN_TOLERANCE);
  }

  @Test
  void names_committedWeights_listsEveryArrayOfTheNetwork() throws Exception {
    ModelCard card = ModelCard.read(modelDir.resolve("model-card.json"));
    List<String> expected = new ArrayList<>();
    card.architecture().inputs().forEach(f -> expected.add("embedding." + f));
    for (int i = 0; i < card.architecture().hidden().size(); i++) {
      expected.addAll(Arrays.asList("dense" + i + ".weight", "dense" + i + ".bias"));
    }
    expected.addAll(List.of("output.weight", "output.bias"));

    try (NpzArchive weights = NpzArchive.open(modelDir.resolve("weights.npz"))) {
      assertThat(weights.names()).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
