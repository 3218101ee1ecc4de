package dev.parity.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.parity.build.BuildVersions;
import dev.parity.card.Architecture;
import dev.parity.card.ModelCard;
import dev.parity.card.Tap;
import dev.parity.card.TensorSpec;
import dev.parity.npy.NpyFormatException;
import dev.parity.npy.NpzArchive;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Writes the purchase network as a TensorFlow SavedModel, from the engine-neutral {@code
 * weights.npz} and the {@code model-card.json} the Python side exports.
 *
 * <p>The graph holds the weights as constants and computes, per field {@code f} in {@code
 * architecture.inputs} order, the masked mean {@code sum_j E_f[x_fj] * (x_fj > 0) / max(1,
 * count(x_f > 0))}; then {@code h = relu(h W_i^T + b_i)} for each hidden layer, {@value #HIDDEN} =
 * the last {@code h}, and {@value #PROBABILITY} = {@code sigmoid(h W^T + b)} of shape [batch]. The
 * signature {@value #SIGNATURE_KEY} under tag {@value #TAG} takes int64 [batch, length] ids keyed
 * by field name; it also returns the taps the card's signature lists, keyed by tap name (embedding
 * means, hidden layers, the logits, as {@link dev.parity.card.Architecture#tapShapes} names them).
 * The same inputs always give the same bytes: no timestamps, and protobuf maps are written in key
 * order.
 */
public final class SavedModelWriter {

  /** The file the SavedModel is written to. */
  public static final String FILE_NAME = "saved_model.pb";

  /** The meta graph's tag, DJL's default. */
  public static final String TAG = "serve";

  /** The signature's key, DJL's default. */
  public static final String SIGNATURE_KEY = "serving_default";

  /** The output key of the last hidden layer, [batch, lastHidden]. */
  public static final String HIDDEN = "hidden";

  /** The output key of the purchase probability, [batch]. */
  public static final String PROBABILITY = "probability";

  private static final String CARD_FILE = "model-card.json";

  private final List<NodeDef> nodes = new ArrayList<>();
  private final Set<String> nodeNames = new HashSet<>();

  private SavedModelWriter() {}

  /**
   * Writes {@value #FILE_NAME} for a model.
   *
   * @param modelDir the folder holding {@code model-card.json} and the weights file it lists with
   *     role {@code weights} ({@code weights.npz} if it lists none)
   * @param outDir where to write; created if missing, an existing {@value #FILE_NAME} is replaced
   * @return the files written
   * @throws IOException if a file cannot be read or written, or the weights do not match the card
   * @throws NpyFormatException if an array in the weights file is malformed
   */
  public static List<Path> write(Path modelDir, Path outDir)
      throws IOException, NpyFormatException {
    ModelCard card = ModelCard.read(modelDir.resolve(CARD_FILE));
    if (card.architecture() == null) {
      throw new IOException(
          modelDir.resolve(CARD_FILE)
              + ": the SavedModel is written from the card's architecture section, which this card"
              + " lacks");
    }
    String weightsFile = card.architecture().weightsFile();
    SavedModel model;
    try (NpzArchive weights = NpzArchive.open(modelDir.resolve(weightsFile))) {
      model = build(card, weights);
    }
    Files.createDirectories(outDir);
    Path target = outDir.resolve(FILE_NAME);
    // A fresh name in the same folder, then a rename: readers never see a half-written file.
    // Not createTempFile: its owner-only permissions would end up on the model.
    Path temporary = outDir.resolve(FILE_NAME + "." + UUID.randomUUID() + ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
        CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 16);
        coded.useDeterministicSerialization();
        model.writeTo(coded);
        coded.flush();
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    return List.of(target);
  }

  /**
   * Builds the SavedModel in memory; the weights are read one array at a time.
   *
   * @param card the model card
   * @param weights the weights archive
   * @return the SavedModel message
   * @throws IOException if the weights do not match the card
   * @throws NpyFormatException if an array is malformed
   */
  static SavedModel build(ModelCard card, NpzArchive weights)
      throws IOException, NpyFormatException {
    return new SavedModelWriter().buildModel(card, weights);
  }

  private SavedModel buildModel(ModelCard card, NpzArchive weights)
      throws IOException, NpyFormatException {
    var architecture = card.architecture();
    List<String> inputs = card.signature().inputNames();
    Set<String> unused = new TreeSet<>(weights.names());
    int dim = architecture.embeddingDim();

    String axis0 = constInt32("const/axis0", 0);
    String axis1 = constInt32("const/axis1", 1);
    String lastAxis = constInt32("const/last_axis", -1);
    String paddingId = constInt64("const/padding_id", card.features().paddingIndex());
    String one = constFloat("const/one", 1f);

    SignatureDef.Builder signature =
        SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
    List<String> pooled = new ArrayList<>();
    java.util.Map<String, String> tapped = new java.util.HashMap<>();
    for (String field : inputs) {
      TensorSpec spec = card.signature().input(field);
      String embeddingName = "embedding." + field;
      Tensor table = weights.read(embeddingName);
      unused.remove(embeddingName);
      expectShape(table, embeddingName, spec.range().high(), dim);

      long[] idShape = {-1, spec.rowLength()};
      String ids =
          add(
              field,
              "Placeholder",
              List.of(),
              "dtype",
              type(DataType.DT_INT64),
              "shape",
              AttrValue.newBuilder().setShape(shape(idShape)).build());
      signature.putInputs(field, tensorInfo(ids, DataType.DT_INT64, idShape));

      String embedding = constFloats(field + "/embedding", table);
      table = null; // lets the collector take the floats before the next table is read
      String rows =
          add(
              field + "/gather",
              "GatherV2",
              List.of(embedding, ids, axis0),
              "Tparams",
              type(DataType.DT_FLOAT),
              "Tindices",
              type(DataType.DT_INT64),
              "Taxis",
              type(DataType.DT_INT32),
              "batch_dims",
              integer(0));
      String present =
          add(field + "/present", "Greater", List.of(ids, paddingId), "T", type(DataType.DT_INT64));
      String mask =
          add(
              field + "/mask",
              "Cast",
              List.of(present),
              "SrcT",
              type(DataType.DT_BOOL),
              "DstT",
              type(DataType.DT_FLOAT),
              "Truncate",
              bool(false));
      String mask3 =
          add(
              field + "/mask_expanded",
              "ExpandDims",
              List.of(mask, lastAxis),
              "T",
              type(DataType.DT_FLOAT),
              "Tdim",
              type(DataType.DT_INT32));
      String masked =
          add(field + "/masked", "Mul", List.of(rows, mask3), "T", type(DataType.DT_FLOAT));
      String sum = sum(field + "/sum", masked, axis1, false);
      String count = sum(field + "/count", mask, axis1, true);
      String denominator =
          add(field + "/denominator", "Maximum", List.of(count, one), "T", type(DataType.DT_FLOAT));
      pooled.add(add(field + "/pooled", "RealDiv", List.of(sum, denominator), "T", floatType()));
      tapped.put(Architecture.embeddingTap(field), pooled.get(pooled.size() - 1));
    }

    List<String> concatInputs = new ArrayList<>(pooled);
    concatInputs.add(axis1);
    String h =
        add(
            "concat",
            "ConcatV2",
            concatInputs,
            "N",
            integer(pooled.size()),
            "T",
            floatType(),
            "Tidx",
            type(DataType.DT_INT32));
    long width = (long) dim * inputs.size();
    List<Integer> hidden = architecture.hidden();
    for (int i = 0; i < hidden.size(); i++) {
      String layer = "dense" + i;
      h = dense(layer, h, weights, unused, hidden.get(i), width);
      h = add(layer + "/relu", "Relu", List.of(h), "T", floatType());
      tapped.put(Architecture.hiddenTap(i), h);
      width = hidden.get(i);
    }
    String hiddenOut = add(HIDDEN, "Identity", List.of(h), "T", floatType());
    String logit = dense("output", h, weights, unused, 1, width);
    tapped.put(Architecture.LOGITS_TAP, logit);
    String sigmoid = add("output/sigmoid", "Sigmoid", List.of(logit), "T", floatType());
    String probability =
        add(
            PROBABILITY,
            "Squeeze",
            List.of(sigmoid),
            "T",
            floatType(),
            "squeeze_dims",
            AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addI(-1)).build());
    if (!unused.isEmpty()) {
      throw new IOException(
          "weights hold arrays the network does not use: "
              + unused
              + "; the card's architecture (inputs "
              + inputs
              + ", hidden "
              + hidden
              + ") does not describe them");
    }
    signature.putOutputs(HIDDEN, tensorInfo(hiddenOut, DataType.DT_FLOAT, new long[] {-1, width}));
    signature.putOutputs(PROBABILITY, tensorInfo(probability, DataType.DT_FLOAT, new long[] {-1}));
    // ModelCard has checked that every tap is one of the network's own.
    for (Tap tap : card.signature().taps()) {
      String node =
          add("tap/" + tap.name(), "Identity", List.of(tapped.get(tap.name())), "T", floatType());
      signature.putOutputs(
          tap.name(), tensorInfo(node, DataType.DT_FLOAT, tap.tensor().shapeFor(-1)));
    }

    GraphDef graph =
        GraphDef.newBuilder()
            .addAllNode(nodes)
            .setVersions(
                VersionDef.newBuilder().setProducer(BuildVersions.tensorflowGraphProducer()))
            .build();
    MetaGraphDef meta =
        MetaGraphDef.newBuilder()
            .setMetaInfoDef(
                MetaGraphDef.MetaInfoDef.newBuilder()
                    .addTags(TAG)
                    .setTensorflowVersion(BuildVersions.tensorflow()))
            .setGraphDef(graph)
            .putSignatureDef(SIGNATURE_KEY, signature.build())
            .build();
    return SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
  }

  /** Adds {@code x W^T + b} with {@code W} = {@code <layer>.weight} [out, in]. */
  private String dense(
      String layer, String x, NpzArchive weights, Set<String> unused, long out, long in)
      throws IOException, NpyFormatException {
    Tensor weight = weights.read(layer + ".weight");
    expectShape(weight, layer + ".weight", out, in);
    Tensor bias = weights.read(layer + ".bias");
    expectShape(bias, layer + ".bias", out);
    unused.remove(layer + ".weight");
    unused.remove(layer + ".bias");
    String w = constFloats(layer + "/weight", weight);
    String b = constFloats(layer + "/bias", bias);
    String product =
        add(
            layer + "/matmul",
            "MatMul",
            List.of(x, w),
            "T",
            floatType(),
            "transpose_a",
            bool(false),
            "transpose_b",
            bool(true));
    return add(
        layer + "/add",
        "BiasAdd",
        List.of(product, b),
        "T",
        floatType(),
        "data_format",
        AttrValue.newBuilder().setS(ByteString.copyFromUtf8("NHWC")).build());
  }

  private String sum(String name, String input, String axis, boolean keepDims) {
    return add(
        name,
        "Sum",
        List.of(input, axis),
        "T",
        floatType(),
        "Tidx",
        type(DataType.DT_INT32),
        "keep_dims",
        bool(keepDims));
  }

  private String constFloats(String name, Tensor array) {
    float[] values = array.floats();
    byte[] bytes = new byte[Math.multiplyExact(values.length, Float.BYTES)];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    TensorProto tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(shape(array.shape()))
            // The bytes are never touched again, so wrapping them saves a copy of the largest
            // table.
            .setTensorContent(UnsafeByteOperations.unsafeWrap(bytes))
            .build();
    return constant(name, DataType.DT_FLOAT, tensor);
  }

  private String constFloat(String name, float value) {
    return constant(
        name,
        DataType.DT_FLOAT,
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addFloatVal(value)
            .build());
  }

  private String constInt32(String name, int value) {
    return constant(
        name,
        DataType.DT_INT32,
        TensorProto.newBuilder()
            .setDtype(DataType.DT_INT32)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addIntVal(value)
            .build());
  }

  private String constInt64(String name, long value) {
    return constant(
        name,
        DataType.DT_INT64,
        TensorProto.newBuilder()
            .setDtype(DataType.DT_INT64)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addInt64Val(value)
            .build());
  }

  private String constant(String name, DataType dtype, TensorProto value) {
    return add(
        name,
        "Const",
        List.of(),
        "dtype",
        type(dtype),
        "value",
        AttrValue.newBuilder().setTensor(value).build());
  }

  /** Adds a node; {@code attrs} alternates names and values. */
  private String add(String name, String op, List<String> inputs, Object... attrs) {
    if (!nodeNames.add(name)) {
      throw new IllegalArgumentException(
          "two graph nodes would be named " + name + "; rename the input field");
    }
    NodeDef.Builder node = NodeDef.newBuilder().setName(name).setOp(op).addAllInput(inputs);
    for (int i = 0; i < attrs.length; i += 2) {
      node.putAttr((String) attrs[i], (AttrValue) attrs[i + 1]);
    }
    nodes.add(node.build());
    return name;
  }

  private static void expectShape(Tensor array, String name, long... expected) throws IOException {
    if (array.dtype() != Dtype.FLOAT32 || !Arrays.equals(array.shape(), expected)) {
      throw new IOException(
          "weights array "
              + name
              + ": expected float32 of shape "
              + Arrays.toString(expected)
              + " (from the model card) but found "
              + array.dtype().numpyName()
              + " of shape "
              + Arrays.toString(array.shape()));
    }
  }

  private static TensorInfo tensorInfo(String node, DataType dtype, long[] dims) {
    return TensorInfo.newBuilder()
        .setName(node + ":0")
        .setDtype(dtype)
        .setTensorShape(shape(dims))
        .build();
  }

  private static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDimBuilder().setSize(dim);
    }
    return shape.build();
  }

  private static AttrValue type(DataType dtype) {
    return AttrValue.newBuilder().setType(dtype).build();
  }

  private static AttrValue floatType() {
    return type(DataType.DT_FLOAT);
  }

  private static AttrValue integer(long value) {
    return AttrValue.newBuilder().setI(value).build();
  }

  private static AttrValue bool(boolean value) {
    return AttrValue.newBuilder().setB(value).build();
  }
}
