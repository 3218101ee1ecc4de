package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.parity.engine.TensorFlowNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converter on a tiny synthetic model whose outputs are computed in plain Java. */
class SavedModelWriterTest {

  @TempDir Path temp;

  @Test
  void write_syntheticModel_tensorFlowMatchesPlainJavaForward() throws Exception {
    SyntheticModel synthetic = new SyntheticModel();
    Path out = temp.resolve("tf");
    SavedModelWriter.write(synthetic.writeTo(temp.resolve("model")), out);
    // Rows: a full bag, a partly padded bag, an empty bag with a padded token.
    long[][] a = {{2, 3, 4}, {4, 0, 0}, {0, 0, 0}};
    long[][] b = {{3}, {1}, {0}};

    TensorFlowNatives.ensureLibraryPath();
    try (Model model = Model.newInstance("synthetic", "TensorFlow");
        NDManager batch = newSubManager(model, out)) {
      NDArray inputA = batch.create(flatten(a), new Shape(3, SyntheticModel.LENGTH_A));
      inputA.setName("a");
      NDArray inputB = batch.create(flatten(b), new Shape(3, SyntheticModel.LENGTH_B));
      inputB.setName("b");

      NDList outputs =
          model
              .getBlock()
              .forward(new ParameterStore(batch, false), new NDList(inputA, inputB), false);

      assertThat(outputs.get(SavedModelWriter.HIDDEN).getShape())
          .isEqualTo(new Shape(3, SyntheticModel.HIDDEN));
      assertThat(outputs.get(SavedModelWriter.PROBABILITY).getShape()).isEqualTo(new Shape(3));
      float[] hidden = outputs.get(SavedModelWriter.HIDDEN).toFloatArray();
      float[] probability = outputs.get(SavedModelWriter.PROBABILITY).toFloatArray();
      for (int r = 0; r < 3; r++) {
        float[] expected = synthetic.forward(a[r], b[r]);
        for (int h = 0; h < SyntheticModel.HIDDEN; h++) {
          assertThat(hidden[r * SyntheticModel.HIDDEN + h])
              .as("hidden[%d][%d]", r, h)
              .isCloseTo(expected[h], within(1e-6f));
        }
        assertThat(probability[r])
            .as("probability[%d]", r)
            .isCloseTo(expected[SyntheticModel.HIDDEN], within(1e-6f));
      }
    }
  }

  @Test
  void write_missingOutDir_createsItWithOnlySavedModel() throws Exception {
    Path model = new SyntheticModel().writeTo(temp.resolve("model"));
    Path out = temp.resolve("a/b/tensorflow");

    assertThat(SavedModelWriter.write(model, out)).containsExactly(out.resolve("saved_model.pb"));
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).containsExactly(out.resolve("saved_model.pb"));
    }
  }

  @Test
  void write_embeddingOfWrongShape_throwsNamingArrayAndShapes() throws Exception {
    SyntheticModel synthetic = new SyntheticModel();
    synthetic.arrays.put("embedding.b", new float[6 * SyntheticModel.DIM]);
    synthetic.shapes.put("embedding.b", new long[] {6, SyntheticModel.DIM});
    Path model = synthetic.writeTo(temp.resolve("model"));

    assertThatThrownBy(() -> SavedModelWriter.write(model, temp.resolve("out")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("embedding.b")
        .hasMessageContaining("[4, 2]")
        .hasMessageContaining("[6, 2]");
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void write_arrayTheCardDoesNotDescribe_throwsNamingIt() throws Exception {
    SyntheticModel synthetic = new SyntheticModel();
    synthetic.arrays.put("dense1.weight", new float[3]);
    synthetic.shapes.put("dense1.weight", new long[] {1, 3});
    Path model = synthetic.writeTo(temp.resolve("model"));

    assertThatThrownBy(() -> SavedModelWriter.write(model, temp.resolve("out")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dense1.weight");
  }

  private static NDManager newSubManager(Model model, Path dir) throws Exception {
    model.load(dir);
    return model.getNDManager().newSubManager();
  }

  private static long[] flatten(long[][] rows) {
    return Stream.of(rows).flatMapToLong(java.util.Arrays::stream).toArray();
  }
}
