package dev.parity.convert.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parity.graph.GraphValue;
import dev.parity.graph.NodeAttribute;
import dev.parity.graph.OnnxNode;
import dev.parity.graph.OnnxType;
import dev.parity.graph.Operator;
import dev.parity.graph.ValueType;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model read with ONNX's protobuf schema, checked against the converter's op set and
 * normalised (see {@link OnnxNode}), with every value's type and shape inferred. What an engine
 * emitter needs and nothing more: the signature, the constants, the nodes in order and the types.
 *
 * <p>Reading fails with {@link UnsupportedOperatorException} for the first node outside the op set
 * (naming node, op and file), and with {@link OnnxModelException} for a file that is not a usable
 * ONNX model (with the reason). Nothing is written anywhere.
 */
public final class OnnxGraph {

  private static final String DEFAULT_DOMAIN = "";
  private static final String ONNX_DOMAIN = "ai.onnx";

  private final Path file;
  private final int opset;
  private final List<GraphValue> inputs;
  private final List<GraphValue> outputs;
  private final Map<String, Tensor> constants;
  private final List<OnnxNode> nodes;
  private final Map<String, ValueType> types;

  OnnxGraph(
      Path file,
      int opset,
      List<GraphValue> inputs,
      List<GraphValue> outputs,
      Map<String, Tensor> constants,
      List<OnnxNode> nodes,
      Map<String, ValueType> types) {
    this.file = file;
    this.opset = opset;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    this.nodes = List.copyOf(nodes);
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  /**
   * Reads, checks and normalises an ONNX file.
   *
   * @param file the {@code .onnx} file, with every tensor inside it (no external data)
   * @return the graph
   * @throws UnsupportedOperatorException if a node's op, attribute or input form is outside the
   *     converter's op set
   * @throws OnnxModelException if the file is not an ONNX model, imports a default-domain opset
   *     outside 13 to 17, or is inconsistent (an unknown value, a type that does not fit)
   * @throws IOException if the file cannot be read
   */
  public static OnnxGraph read(Path file) throws IOException {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxModelException(
          file
              + ": expected an ONNX model (a ModelProto) but the file does not parse as one: "
              + e.getMessage(),
          e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxModelException(
          file
              + ": expected an ONNX model with a graph of nodes but found none; is it an ONNX file?");
    }
    int opset = opset(file, model);
    OnnxMl.GraphProto graph = model.getGraph();

    Map<String, Tensor> constants = new LinkedHashMap<>();
    for (OnnxMl.TensorProto initializer : graph.getInitializerList()) {
      constants.put(initializer.getName(), tensor(file, initializer, initializer.getName()));
    }
    List<GraphValue> inputs = new ArrayList<>();
    for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
      if (!constants.containsKey(input.getName())) {
        inputs.add(new GraphValue(input.getName(), declaredType(file, input, true)));
      }
    }
    if (inputs.isEmpty()) {
      throw new OnnxModelException(file + ": expected at least one graph input but found none");
    }
    List<OnnxNode> rawNodes = new ArrayList<>();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      rawNodes.add(node(file, graph.getNode(i), i));
    }
    List<GraphValue> declaredOutputs = new ArrayList<>();
    for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
      declaredOutputs.add(new GraphValue(output.getName(), declaredType(file, output, false)));
    }
    TypeInference inference = new TypeInference(file, constants);
    for (GraphValue input : inputs) {
      inference.declare(input.name(), input.type());
    }
    List<OnnxNode> nodes = inference.run(rawNodes, usedValues(rawNodes, declaredOutputs));
    List<GraphValue> outputs = new ArrayList<>();
    for (GraphValue output : declaredOutputs) {
      ValueType inferred = inference.typeOf(output.name());
      if (inferred == null) {
        throw new OnnxModelException(
            file + ": graph output " + output.name() + " is produced by no node and no input");
      }
      outputs.add(new GraphValue(output.name(), merge(file, output, inferred)));
    }
    return new OnnxGraph(
        file, opset, inputs, outputs, inference.constants(), nodes, inference.types());
  }

  private static Set<String> usedValues(List<OnnxNode> nodes, List<GraphValue> outputs) {
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.inputs()));
    outputs.forEach(o -> used.add(o.name()));
    return used;
  }

  private static int opset(Path file, OnnxMl.ModelProto model) throws OnnxModelException {
    for (OnnxMl.OperatorSetIdProto id : model.getOpsetImportList()) {
      if (id.getDomain().equals(DEFAULT_DOMAIN) || id.getDomain().equals(ONNX_DOMAIN)) {
        long version = id.getVersion();
        if (version < Operator.MIN_OPSET || version > Operator.MAX_OPSET) {
          throw new OnnxModelException(
              file
                  + ": expected the default ONNX opset "
                  + Operator.MIN_OPSET
                  + " to "
                  + Operator.MAX_OPSET
                  + " but the model imports opset "
                  + version
                  + "; export it with opset_version between those (see "
                  + UnsupportedOperatorException.SUPPORTED_LIST
                  + ")");
        }
        return (int) version;
      }
    }
    throw new OnnxModelException(
        file + ": expected an import of the default ONNX opset but the model imports none");
  }

  private static OnnxNode node(Path file, OnnxMl.NodeProto proto, int index)
      throws OnnxModelException {
    String name = proto.getName().isEmpty() ? "#" + index : proto.getName();
    String domain = proto.getDomain();
    String op =
        domain.isEmpty() || domain.equals(ONNX_DOMAIN)
            ? proto.getOpType()
            : domain + "." + proto.getOpType();
    Map<String, NodeAttribute> attributes = new LinkedHashMap<>();
    for (OnnxMl.AttributeProto a : proto.getAttributeList()) {
      attributes.put(a.getName(), attribute(file, name, op, a));
    }
    return new OnnxNode(op, name, proto.getInputList(), proto.getOutputList(), attributes);
  }

  private static NodeAttribute attribute(Path file, String node, String op, OnnxMl.AttributeProto a)
      throws OnnxModelException {
    if (!a.getRefAttrName().isEmpty()) {
      throw new UnsupportedOperatorException(
          file, node, op, "attribute " + a.getName() + " referring to a function attribute");
    }
    return switch (a.getType()) {
      case INT -> NodeAttribute.ofInt(a.getI());
      case FLOAT -> NodeAttribute.ofFloat(a.getF());
      case STRING -> NodeAttribute.ofString(a.getS().toStringUtf8());
      case INTS ->
          NodeAttribute.ofInts(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
      case FLOATS -> {
        float[] values = new float[a.getFloatsCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = a.getFloats(i);
        }
        yield NodeAttribute.ofFloats(values);
      }
      case TENSOR -> NodeAttribute.ofTensor(tensor(file, a.getT(), node + "." + a.getName()));
      default ->
          throw new UnsupportedOperatorException(
              file, node, op, "attribute " + a.getName() + " of type " + a.getType());
    };
  }

  /**
   * Reads a tensor held in the file.
   *
   * @param file the ONNX file, for messages
   * @param proto the tensor
   * @param what names the tensor in messages
   * @return the tensor
   * @throws OnnxModelException if its type is unsupported, its data lie in an external file, or its
   *     element count does not match its dimensions
   */
  static Tensor tensor(Path file, OnnxMl.TensorProto proto, String what) throws OnnxModelException {
    Dtype type = OnnxType.dtype(proto.getDataType());
    if (type == null) {
      throw new OnnxModelException(
          file
              + ": tensor "
              + what
              + " has ONNX element type "
              + proto.getDataType()
              + "; the converter handles "
              + Dtype.names());
    }
    if (proto.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxModelException(
          file
              + ": tensor "
              + what
              + " keeps its data in an external file; save the model with every tensor inside"
              + " it (onnx.save(model, path, save_as_external_data=False))");
    }
    long[] dims = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long count;
    try {
      count = Tensor.elementCount(dims);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new OnnxModelException(file + ": tensor " + what + ": " + e.getMessage(), e);
    }
    byte[] bytes;
    if (!proto.getRawData().isEmpty()) {
      bytes = proto.getRawData().toByteArray();
    } else {
      bytes = typedData(proto, type, (int) count);
    }
    if (bytes.length != count * type.itemSize()) {
      throw new OnnxModelException(
          file
              + ": tensor "
              + what
              + " of shape "
              + Arrays.toString(dims)
              + " needs "
              + count
              + " elements but holds "
              + bytes.length / type.itemSize());
    }
    return Tensor.fromLittleEndian(type, dims, bytes);
  }

  private static byte[] typedData(OnnxMl.TensorProto proto, Dtype type, int count) {
    ByteBuffer out =
        ByteBuffer.allocate(Math.multiplyExact(count, type.itemSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    int available =
        switch (type) {
          case FLOAT32 -> proto.getFloatDataCount();
          case FLOAT64 -> proto.getDoubleDataCount();
          case INT64 -> proto.getInt64DataCount();
          default -> proto.getInt32DataCount();
        };
    if (available != count) {
      // The caller reports the mismatch with the tensor's name.
      return new byte[available * type.itemSize()];
    }
    for (int i = 0; i < count; i++) {
      switch (type) {
        case FLOAT32 -> out.putFloat(proto.getFloatData(i));
        case FLOAT64 -> out.putDouble(proto.getDoubleData(i));
        case INT64 -> out.putLong(proto.getInt64Data(i));
        case INT32 -> out.putInt(proto.getInt32Data(i));
        default -> out.put((byte) proto.getInt32Data(i));
      }
    }
    return out.array();
  }

  private static ValueType declaredType(Path file, OnnxMl.ValueInfoProto info, boolean input)
      throws OnnxModelException {
    String what = (input ? "graph input " : "graph output ") + info.getName();
    if (!info.getType().hasTensorType()) {
      if (!input && !info.hasType()) {
        return null;
      }
      throw new OnnxModelException(
          file + ": " + what + " is not a tensor; the converter handles tensor inputs and outputs");
    }
    OnnxMl.TypeProto.Tensor tensor = info.getType().getTensorType();
    Dtype type = OnnxType.dtype(tensor.getElemType());
    if (type == null) {
      throw new OnnxModelException(
          file
              + ": "
              + what
              + " has ONNX element type "
              + tensor.getElemType()
              + "; the converter handles "
              + Dtype.names());
    }
    if (!tensor.hasShape()) {
      if (input) {
        throw new OnnxModelException(
            file
                + ": "
                + what
                + " declares no shape; export it with its rank (dynamic axes allowed)");
      }
      return null;
    }
    long[] dims = new long[tensor.getShape().getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      OnnxMl.TensorShapeProto.Dimension d = tensor.getShape().getDim(i);
      dims[i] = d.hasDimValue() ? d.getDimValue() : ValueType.UNKNOWN;
    }
    return new ValueType(type, dims);
  }

  private static ValueType merge(Path file, GraphValue declared, ValueType inferred)
      throws OnnxModelException {
    if (declared.type() == null) {
      return inferred;
    }
    ValueType d = declared.type();
    if (d.dtype() != inferred.dtype() || d.rank() != inferred.rank()) {
      throw new OnnxModelException(
          file
              + ": graph output "
              + declared.name()
              + " is declared "
              + d
              + " but its node produces "
              + inferred);
    }
    long[] dims = d.dims();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == ValueType.UNKNOWN) {
        dims[i] = inferred.dim(i);
      }
    }
    return new ValueType(d.dtype(), dims);
  }

  /**
   * Returns the ONNX file the graph was read from.
   *
   * @return the path as given
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the default-domain opset the model imports.
   *
   * @return 13 to 17
   */
  public int opset() {
    return opset;
  }

  /**
   * Returns the inputs a caller feeds (initializers excluded).
   *
   * @return in the file's order
   */
  public List<GraphValue> inputs() {
    return inputs;
  }

  /**
   * Returns the outputs.
   *
   * @return in the file's order, with inferred dimensions where the file leaves them open
   */
  public List<GraphValue> outputs() {
    return outputs;
  }

  /**
   * Returns the constant values: the initializers and the {@code Constant} nodes' outputs.
   *
   * @return by value name, initializers first in file order
   */
  public Map<String, Tensor> constants() {
    return constants;
  }

  /**
   * Returns a value's constant.
   *
   * @param value a value name
   * @return the tensor, or null when the value is computed at run time
   */
  public Tensor constant(String value) {
    return constants.get(value);
  }

  /**
   * Returns the nodes, normalised, in an order where each node follows those it reads from.
   *
   * @return the nodes, {@code Constant} nodes included
   */
  public List<OnnxNode> nodes() {
    return nodes;
  }

  /**
   * Returns a value's type.
   *
   * @param value a value name: an input, a constant or a node output
   * @return its type and shape
   * @throws IllegalArgumentException if the graph has no such value
   */
  public ValueType type(String value) {
    ValueType type = types.get(value);
    if (type == null) {
      throw new IllegalArgumentException("the graph has no value " + value);
    }
    return type;
  }
}
