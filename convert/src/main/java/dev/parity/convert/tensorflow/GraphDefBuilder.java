package dev.parity.convert.tensorflow;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.parity.build.BuildVersions;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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
 * Builds a TensorFlow {@code GraphDef} node by node and wraps it into a SavedModel that DJL 0.36's
 * TensorFlow engine loads: tag {@value #TAG}, one signature {@value #SIGNATURE_KEY}, the TensorFlow
 * version and graph producer of {@link BuildVersions}. Node names are unique and valid TensorFlow
 * names; the same calls always give the same bytes.
 */
public final class GraphDefBuilder {

  /** The file a SavedModel is written to. */
  public static final String FILE_NAME = "saved_model.pb";

  /** The meta graph's tag, DJL's default. */
  public static final String TAG = "serve";

  /** The signature's key, DJL's default. */
  public static final String SIGNATURE_KEY = "serving_default";

  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-/]*");
  private static final Pattern INVALID_CHAR = Pattern.compile("[^A-Za-z0-9_.\\-/]");

  private final List<NodeDef> nodes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private final boolean renameOnClash;

  private GraphDefBuilder(boolean renameOnClash) {
    this.renameOnClash = renameOnClash;
  }

  /**
   * Creates a builder that gives a node whose name is taken a fresh one ({@code name_1}, ...).
   *
   * @return the builder
   */
  public static GraphDefBuilder renamingClashes() {
    return new GraphDefBuilder(true);
  }

  /**
   * Creates a builder that refuses a name already taken.
   *
   * @return the builder
   */
  public static GraphDefBuilder rejectingClashes() {
    return new GraphDefBuilder(false);
  }

  /**
   * Adds a node.
   *
   * @param name the wanted name; characters TensorFlow does not accept become {@code _}
   * @param op the TensorFlow op
   * @param inputs the inputs, {@code node} or {@code node:index}
   * @param attrs attribute names and values, alternating
   * @return the node's name
   * @throws IllegalArgumentException if the name is taken and the builder does not rename
   */
  public String add(String name, String op, List<String> inputs, Object... attrs) {
    String unique = uniqueName(name);
    NodeDef.Builder node = NodeDef.newBuilder().setName(unique).setOp(op).addAllInput(inputs);
    for (int i = 0; i < attrs.length; i += 2) {
      node.putAttr((String) attrs[i], (AttrValue) attrs[i + 1]);
    }
    nodes.add(node.build());
    return unique;
  }

  private String uniqueName(String wanted) {
    String name = VALID_NAME.matcher(wanted).matches() ? wanted : validName(wanted);
    if (names.add(name)) {
      return name;
    }
    if (!renameOnClash) {
      throw new IllegalArgumentException(
          "two graph nodes would be named " + name + "; rename the input field");
    }
    for (int i = 1; ; i++) {
      String candidate = name + "_" + i;
      if (names.add(candidate)) {
        return candidate;
      }
    }
  }

  private static String validName(String wanted) {
    String name = INVALID_CHAR.matcher(wanted).replaceAll("_");
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    return name.isEmpty() || !VALID_NAME.matcher(name).matches() ? "v" + name : name;
  }

  /**
   * Adds a constant.
   *
   * @param name the wanted name
   * @param value the tensor
   * @return the node's name
   */
  public String constant(String name, Tensor value) {
    TensorProto tensor =
        TensorProto.newBuilder()
            .setDtype(dtype(value.dtype()))
            .setTensorShape(shape(value.shape()))
            // The bytes are a fresh copy never touched again, so wrapping them saves a copy.
            .setTensorContent(UnsafeByteOperations.unsafeWrap(value.toLittleEndian()))
            .build();
    return constant(name, tensor);
  }

  /**
   * Adds a constant from a tensor message.
   *
   * @param name the wanted name
   * @param value the tensor message
   * @return the node's name
   */
  public String constant(String name, TensorProto value) {
    return add(
        name,
        "Const",
        List.of(),
        "dtype",
        type(value.getDtype()),
        "value",
        AttrValue.newBuilder().setTensor(value).build());
  }

  /**
   * Adds an int32 vector constant, the form TensorFlow wants for axes and permutations.
   *
   * @param name the wanted name
   * @param values the values
   * @return the node's name
   */
  public String int32s(String name, long... values) {
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      ints[i] = Math.toIntExact(values[i]);
    }
    return constant(name, Tensor.of(ints, values.length));
  }

  /**
   * Adds an int32 scalar constant.
   *
   * @param name the wanted name
   * @param value the value
   * @return the node's name
   */
  public String int32(String name, long value) {
    return constant(name, Tensor.of(new int[] {Math.toIntExact(value)}));
  }

  /**
   * Adds an int64 vector constant.
   *
   * @param name the wanted name
   * @param values the values
   * @return the node's name
   */
  public String int64s(String name, long... values) {
    return constant(name, Tensor.of(values, values.length));
  }

  /**
   * Returns the nodes added so far as a graph.
   *
   * @return the graph, with the producer version set
   */
  public GraphDef graph() {
    return GraphDef.newBuilder()
        .addAllNode(nodes)
        .setVersions(VersionDef.newBuilder().setProducer(BuildVersions.tensorflowGraphProducer()))
        .build();
  }

  /**
   * Wraps the graph into a SavedModel with one signature.
   *
   * @param signature the signature, stored under {@value #SIGNATURE_KEY}
   * @return the SavedModel
   */
  public SavedModel savedModel(SignatureDef signature) {
    MetaGraphDef meta =
        MetaGraphDef.newBuilder()
            .setMetaInfoDef(
                MetaGraphDef.MetaInfoDef.newBuilder()
                    .addTags(TAG)
                    .setTensorflowVersion(BuildVersions.tensorflow()))
            .setGraphDef(graph())
            .putSignatureDef(SIGNATURE_KEY, signature)
            .build();
    return SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
  }

  /**
   * Writes a SavedModel deterministically (protobuf maps in key order), so that the same model
   * always gives the same bytes.
   *
   * @param model the model
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public static void writeDeterministic(SavedModel model, OutputStream out) throws IOException {
    CodedOutputStream coded = CodedOutputStream.newInstance(out, 1 << 16);
    coded.useDeterministicSerialization();
    model.writeTo(coded);
    coded.flush();
  }

  /**
   * Describes a signature tensor.
   *
   * @param node the node that produces it (output 0)
   * @param dtype its type
   * @param dims its dimensions, -1 where dynamic
   * @return the tensor info
   */
  public static TensorInfo tensorInfo(String node, DataType dtype, long[] dims) {
    return TensorInfo.newBuilder()
        .setName(node + ":0")
        .setDtype(dtype)
        .setTensorShape(shape(dims))
        .build();
  }

  /**
   * Makes a shape message.
   *
   * @param dims the dimensions, -1 where unknown
   * @return the shape
   */
  public static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDimBuilder().setSize(dim);
    }
    return shape.build();
  }

  /**
   * Returns TensorFlow's type for an element type.
   *
   * @param type the element type
   * @return e.g. {@code DT_FLOAT}
   */
  public static DataType dtype(Dtype type) {
    return switch (type) {
      case FLOAT32 -> DataType.DT_FLOAT;
      case FLOAT64 -> DataType.DT_DOUBLE;
      case INT32 -> DataType.DT_INT32;
      case INT64 -> DataType.DT_INT64;
      case UINT8 -> DataType.DT_UINT8;
      case INT8 -> DataType.DT_INT8;
      case BOOL -> DataType.DT_BOOL;
    };
  }

  /**
   * Makes a type attribute.
   *
   * @param dtype the type
   * @return the attribute
   */
  public static AttrValue type(DataType dtype) {
    return AttrValue.newBuilder().setType(dtype).build();
  }

  /**
   * Makes a type attribute.
   *
   * @param type the element type
   * @return the attribute
   */
  public static AttrValue type(Dtype type) {
    return type(dtype(type));
  }

  /**
   * Makes an integer attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static AttrValue integer(long value) {
    return AttrValue.newBuilder().setI(value).build();
  }

  /**
   * Makes a float attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static AttrValue real(float value) {
    return AttrValue.newBuilder().setF(value).build();
  }

  /**
   * Makes a boolean attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static AttrValue bool(boolean value) {
    return AttrValue.newBuilder().setB(value).build();
  }

  /**
   * Makes a string attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static AttrValue string(String value) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(value)).build();
  }

  /**
   * Makes an integer-list attribute.
   *
   * @param values the values
   * @return the attribute
   */
  public static AttrValue ints(long... values) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (long v : values) {
      list.addI(v);
    }
    return AttrValue.newBuilder().setList(list).build();
  }
}
