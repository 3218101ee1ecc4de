package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import dev.parity.card.ModelCard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A tiny purchase model checked against the same computation written out in plain Java. */
class PurchaseBlockTest {

  private static final int DIM = 3;
  private static final int[] HIDDEN = {4, 2};
  private static final int BAG_LENGTH = 4;
  private static final int BAG_VOCAB = 7;
  private static final int TOKEN_VOCAB = 5;

  // Rows: a full bag, a bag with padding in the middle, an empty bag and an empty token.
  private static final long[][] BAGS = {{2, 3, 4, 6}, {1, 0, 5, 0}, {0, 0, 0, 0}, {6, 6, 0, 0}};
  private static final long[][] TOKENS = {{3}, {1}, {4}, {0}};

  @TempDir Path folder;
  private Map<String, float[]> arrays;
  private Map<String, long[]> shapes;

  @BeforeEach
  void writeArtifact() throws IOException {
    Random random = new Random(7);
    arrays = new LinkedHashMap<>();
    shapes = new LinkedHashMap<>();
    put("embedding.bag", random, BAG_VOCAB, DIM);
    put("embedding.token", random, TOKEN_VOCAB, DIM);
    long in = 2L * DIM;
    for (int i = 0; i < HIDDEN.length; i++) {
      put("dense" + i + ".weight", random, HIDDEN[i], in);
      put("dense" + i + ".bias", random, HIDDEN[i]);
      in = HIDDEN[i];
    }
    put("output.weight", random, 1, in);
    put("output.bias", random, 1);
    Files.writeString(folder.resolve(PurchaseBlockFactory.CARD_FILE), card(BAG_VOCAB));
    writeNpz(folder.resolve(PurchaseBlockFactory.WEIGHTS_FILE), arrays, shapes);
  }

  private void put(String name, Random random, long... shape) {
    float[] values = new float[(int) LongStream.of(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    arrays.put(name, values);
    shapes.put(name, shape);
  }

  private static String card(int bagVocab) {
    return """
        {"schema": "parity.model-card/2",
         "model": {"groupId": "test", "artifactId": "block", "version": "1.0.0"},
         "task": {"kind": "binary", "output": "probability"},
         "signature": {
           "inputs": [{"name": "bag", "dtype": "int64", "shape": [-1, %d], "range": [0, %d]},
                      {"name": "token", "dtype": "int64", "shape": [-1, 1], "range": [0, %d]}],
           "outputs": [{"name": "probability", "dtype": "float32", "shape": [-1]},
                       {"name": "hidden", "dtype": "float32", "shape": [-1, %d]}]},
         "architecture": {"embeddingDim": %d, "pooling": "masked-mean", "hidden": [%d, %d],
                          "activation": "relu", "output": "sigmoid", "weights": "weights.npz"},
         "files": {"mxnet": {"path": "weights.npz",
                             "blockFactory": "dev.parity.zoo.PurchaseBlockFactory"}}}
        """
        .formatted(BAG_LENGTH, bagVocab, TOKEN_VOCAB, HIDDEN[1], DIM, HIDDEN[0], HIDDEN[1]);
  }

  /** Writes an uncompressed {@code .npz} of C-order float32 arrays, as {@code numpy.savez} does. */
  static void writeNpz(Path file, Map<String, float[]> arrays, Map<String, long[]> shapes)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, float[]> entry : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
        zip.write(npy(entry.getValue(), shapes.get(entry.getKey())));
        zip.closeEntry();
      }
    }
  }

  private static byte[] npy(float[] values, long[] shape) {
    String dims =
        shape.length == 1
            ? shape[0] + ","
            : LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    StringBuilder header =
        new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
    // Magic (6) + version (2) + length (2) + header, padded to 64 bytes and ended by a newline.
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    bytes.write(header.length() & 0xff);
    bytes.write(header.length() >> 8);
    bytes.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values);
    bytes.writeBytes(data.array());
    return bytes.toByteArray();
  }

  /** The network written out in doubles, straight from the model card's description. */
  private double[][] expected() {
    int rows = BAGS.length;
    double[][] result = new double[rows][];
    for (int r = 0; r < rows; r++) {
      double[] h = new double[2 * DIM];
      pool(arrays.get("embedding.bag"), BAGS[r], h, 0);
      pool(arrays.get("embedding.token"), TOKENS[r], h, DIM);
      for (int i = 0; i < HIDDEN.length; i++) {
        h = relu(dense(arrays.get("dense" + i + ".weight"), arrays.get("dense" + i + ".bias"), h));
      }
      double logit = dense(arrays.get("output.weight"), arrays.get("output.bias"), h)[0];
      double[] row = new double[1 + h.length];
      row[0] = 1 / (1 + Math.exp(-logit));
      System.arraycopy(h, 0, row, 1, h.length);
      result[r] = row;
    }
    return result;
  }

  private static void pool(float[] table, long[] ids, double[] out, int offset) {
    int count = 0;
    for (long id : ids) {
      if (id > 0) {
        count++;
        for (int d = 0; d < DIM; d++) {
          out[offset + d] += table[(int) id * DIM + d];
        }
      }
    }
    for (int d = 0; d < DIM; d++) {
      out[offset + d] /= Math.max(1, count);
    }
  }

  private static double[] dense(float[] weight, float[] bias, double[] in) {
    double[] out = new double[bias.length];
    for (int o = 0; o < out.length; o++) {
      out[o] = bias[o];
      for (int i = 0; i < in.length; i++) {
        out[o] += weight[o * in.length + i] * in[i];
      }
    }
    return out;
  }

  private static double[] relu(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.max(0, values[i]);
    }
    return out;
  }

  /** Copies both outputs to the heap before the predictor's context is closed. */
  static final class Outputs implements NoBatchifyTranslator<NDList, float[][]> {
    @Override
    public NDList processInput(TranslatorContext ctx, NDList input) {
      return input;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
      assertThat(list.get(0).getName()).isEqualTo(PurchaseBlock.PROBABILITY);
      assertThat(list.get(1).getName()).isEqualTo(PurchaseBlock.HIDDEN);
      return new float[][] {list.get(0).toFloatArray(), list.get(1).toFloatArray()};
    }
  }

  private float[][] predict(Model model) throws TranslateException {
    try (NDManager batch = model.getNDManager().newSubManager();
        Predictor<NDList, float[][]> predictor = model.newPredictor(new Outputs())) {
      NDList inputs =
          new NDList(
              batch.create(flatten(BAGS), new Shape(BAGS.length, BAG_LENGTH)),
              batch.create(flatten(TOKENS), new Shape(TOKENS.length, 1)));
      return predictor.predict(inputs);
    }
  }

  private static long[] flatten(long[][] rows) {
    return java.util.Arrays.stream(rows).flatMapToLong(LongStream::of).toArray();
  }

  private void assertMatchesPlainJava(float[][] outputs) {
    double[][] expected = expected();
    assertThat(outputs[0]).hasSize(BAGS.length);
    assertThat(outputs[1]).hasSize(BAGS.length * HIDDEN[1]);
    for (int r = 0; r < BAGS.length; r++) {
      assertThat((double) outputs[0][r]).isCloseTo(expected[r][0], within(1e-6));
      for (int j = 0; j < HIDDEN[1]; j++) {
        assertThat((double) outputs[1][r * HIDDEN[1] + j])
            .isCloseTo(expected[r][1 + j], within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void newBlock_modelLoadedWithoutParameterFile_matchesPlainJava(String engine)
      throws IOException, MalformedModelException, TranslateException {
    try (Model model = Model.newInstance("purchase", Device.cpu(), engine)) {
      model.setBlock(new PurchaseBlockFactory().newBlock(model, folder, Map.of()));
      model.load(folder, "purchase", Map.of("hasParameter", "false"));

      assertMatchesPlainJava(predict(model));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"MXNet", "PyTorch"})
  void newBlock_loadedThroughCriteriaBlockFactoryArgument_matchesPlainJava(String engine)
      throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
    Criteria<NDList, float[][]> criteria =
        Criteria.builder()
            .setTypes(NDList.class, float[][].class)
            .optModelPath(folder)
            .optEngine(engine)
            .optArgument("blockFactory", PurchaseBlockFactory.class.getName())
            .optOption("hasParameter", "false")
            .optTranslator(new Outputs())
            .build();
    try (ZooModel<NDList, float[][]> model = criteria.loadModel()) {
      assertThat(model.getBlock()).isInstanceOf(PurchaseBlock.class);

      assertMatchesPlainJava(predict(model));
    }
  }

  @Test
  void newBlock_embeddingShapeDisagreesWithCard_namesArrayExpectedAndFoundShape()
      throws IOException {
    Files.writeString(folder.resolve(PurchaseBlockFactory.CARD_FILE), card(BAG_VOCAB + 2));

    try (Model model = Model.newInstance("purchase", Device.cpu(), "PyTorch")) {
      assertThatThrownBy(() -> new PurchaseBlockFactory().newBlock(model, folder, Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("array embedding.bag")
          .hasMessageContaining("expected shape (9, 3)")
          .hasMessageContaining("but found (7, 3)");
    }
  }

  @Test
  void newBlock_weightsMissingAnArray_namesTheArray() throws IOException {
    arrays.remove("dense1.bias");
    writeNpz(folder.resolve(PurchaseBlockFactory.WEIGHTS_FILE), arrays, shapes);

    try (Model model = Model.newInstance("purchase", Device.cpu(), "PyTorch")) {
      assertThatThrownBy(() -> new PurchaseBlockFactory().newBlock(model, folder, Map.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("lacks array dense1.bias");
    }
  }

  @Test
  void initialize_withoutWeights_fillsParametersAndGivesOutputShapes() throws IOException {
    PurchaseBlock block = new PurchaseBlock(ModelCard.read(writeCardOnly()));

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      block.initialize(manager, DataType.FLOAT32, block.inputShapes(5));

      assertThat(block.isInitialized()).isTrue();
      assertThat(block.getParameters().get("embedding.bag").getArray().getShape())
          .isEqualTo(new Shape(BAG_VOCAB, DIM));
      assertThat(block.getOutputShapes(block.inputShapes(5)))
          .containsExactly(new Shape(5), new Shape(5, HIDDEN[1]));
      NDList outputs =
          block.forward(
              new ParameterStore(manager, false),
              new NDList(
                  manager.zeros(new Shape(5, BAG_LENGTH), DataType.INT64),
                  manager.ones(new Shape(5, 1), DataType.INT64)),
              false);
      assertThat(outputs.getShapes()).containsExactly(new Shape(5), new Shape(5, HIDDEN[1]));
    }
  }

  @Test
  void getOutputShapes_wrongInputCount_saysWhatItExpects() throws IOException {
    PurchaseBlock block = new PurchaseBlock(ModelCard.read(writeCardOnly()));

    assertThatThrownBy(() -> block.getOutputShapes(new Shape[] {new Shape(5, BAG_LENGTH)}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 2 inputs (bag, token) but found 1");
  }

  @Test
  void setParameter_wrongShape_namesParameterAndShapes() throws IOException {
    PurchaseBlock block = new PurchaseBlock(ModelCard.read(writeCardOnly()));

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray wrong = manager.zeros(new Shape(HIDDEN[0], 5));
      assertThatThrownBy(() -> block.setParameter("dense0.weight", wrong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dense0.weight: expected shape (4, 6) but found (4, 5)");
    }
  }

  private Path writeCardOnly() throws IOException {
    Path only = folder.resolve("card-only").resolve("model-card.json");
    Files.createDirectories(only.getParent());
    Files.writeString(only, card(BAG_VOCAB));
    return only;
  }
}
