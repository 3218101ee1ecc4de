package dev.parity.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MXNet artifact's graph file, {@value #FILE_NAME}: the signature, the constants' names, types
 * and shapes (their elements lie in {@value #CONSTANTS_FILE} under {@code array}), and the
 * normalised ONNX nodes that {@link GraphBlock} runs. Written and read here only, so that the
 * format has one owner.
 *
 * @param source the ONNX file's name, for people reading the file
 * @param opset the ONNX opset the nodes follow
 * @param inputs the inputs, in the ONNX order
 * @param outputs the outputs, in the ONNX order
 * @param constants the constants the nodes read, with the archive entry of each
 * @param nodes the nodes in run order ({@code Constant} nodes left out)
 */
public record GraphFile(
    String source,
    int opset,
    List<GraphValue> inputs,
    List<GraphValue> outputs,
    List<Constant> constants,
    List<OnnxNode> nodes) {

  /** The graph file's name in the artifact folder. */
  public static final String FILE_NAME = "graph.json";

  /** The constants' archive in the artifact folder. */
  public static final String CONSTANTS_FILE = "constants.npz";

  /** The format's name and version, the file's {@code schema}. */
  public static final String SCHEMA = "parity.onnx-graph/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One constant.
   *
   * @param name the ONNX value name nodes read it by
   * @param dtype the element type
   * @param shape the dimensions
   * @param array its entry in {@value #CONSTANTS_FILE}, without {@code .npy}
   */
  public record Constant(String name, Dtype dtype, long[] shape, String array) {
    /** Copies the shape: the record stays immutable. */
    public Constant {
      shape = shape.clone();
    }

    /**
     * The dimensions.
     *
     * @return a copy of the dimensions
     */
    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  /**
   * Creates the record.
   *
   * @param source the ONNX file's name
   * @param opset the ONNX opset
   * @param inputs the inputs; copied
   * @param outputs the outputs; copied
   * @param constants the constants; copied
   * @param nodes the nodes; copied
   */
  public GraphFile {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    constants = List.copyOf(constants);
    nodes = List.copyOf(nodes);
  }

  /**
   * Renders the file.
   *
   * @return UTF-8 JSON, the same bytes for the same graph
   */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("source", source);
    root.put("opset", opset);
    ArrayNode in = root.putArray("inputs");
    inputs.forEach(s -> signature(in.addObject(), s));
    ArrayNode out = root.putArray("outputs");
    outputs.forEach(s -> signature(out.addObject(), s));
    ArrayNode cs = root.putArray("constants");
    for (Constant c : constants) {
      ObjectNode o = cs.addObject();
      o.put("name", c.name()).put("type", c.dtype().numpyName());
      longs(o.putArray("shape"), c.shape());
      o.put("array", c.array());
    }
    ArrayNode ns = root.putArray("nodes");
    for (OnnxNode n : nodes) {
      ObjectNode o = ns.addObject();
      o.put("op", n.op()).put("name", n.name());
      n.inputs().forEach(o.putArray("inputs")::add);
      n.outputs().forEach(o.putArray("outputs")::add);
      ObjectNode attrs = o.putObject("attributes");
      new TreeMap<>(n.attributes()).forEach((k, v) -> attribute(attrs.putObject(k), v));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to render", e);
    }
  }

  private static void signature(ObjectNode o, GraphValue s) {
    o.put("name", s.name()).put("type", s.type().dtype().numpyName());
    longs(o.putArray("shape"), s.type().dims());
  }

  private static void longs(ArrayNode array, long[] values) {
    for (long v : values) {
      array.add(v);
    }
  }

  private static void attribute(ObjectNode o, NodeAttribute a) {
    switch (a.kind()) {
      case INT -> o.put("int", a.asInt());
      case FLOAT -> o.put("float", a.asFloat());
      case STRING -> o.put("string", a.asString());
      case INTS -> longs(o.putArray("ints"), a.asInts());
      case FLOATS -> {
        ArrayNode values = o.putArray("floats");
        for (float f : a.asFloats()) {
          values.add(f);
        }
      }
      case TENSOR -> {
        Tensor t = a.asTensor();
        ObjectNode tensor = o.putObject("tensor");
        tensor.put("type", t.dtype().numpyName());
        longs(tensor.putArray("shape"), t.shape());
        ArrayNode values = tensor.putArray("values");
        if (t.dtype().isFloating()) {
          for (double d : t.toDoubles()) {
            values.add(d);
          }
        } else {
          longs(values, t.toLongs());
        }
      }
    }
  }

  /**
   * Reads the graph file of an artifact folder.
   *
   * @param folder the folder holding {@value #FILE_NAME}
   * @return the graph
   * @throws IOException if the file cannot be read, is not JSON, or is not of schema {@value
   *     #SCHEMA}; the message names the file and what is wrong
   */
  public static GraphFile read(Path folder) throws IOException {
    Path file = folder.resolve(FILE_NAME);
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": expected JSON but found: " + e.getOriginalMessage(), e);
    }
    if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
      throw new IOException(
          file
              + ": expected schema "
              + SCHEMA
              + " but found "
              + (root == null ? "an empty file" : root.path("schema"))
              + "; regenerate the artifact with the converter");
    }
    try {
      List<GraphValue> inputs = new ArrayList<>();
      root.path("inputs").forEach(n -> inputs.add(signature(n)));
      List<GraphValue> outputs = new ArrayList<>();
      root.path("outputs").forEach(n -> outputs.add(signature(n)));
      List<Constant> constants = new ArrayList<>();
      for (JsonNode c : root.path("constants")) {
        constants.add(
            new Constant(
                text(c, "name"),
                Dtype.ofNumpyName(text(c, "type")),
                longs(c.path("shape")),
                text(c, "array")));
      }
      List<OnnxNode> nodes = new ArrayList<>();
      for (JsonNode n : root.path("nodes")) {
        Map<String, NodeAttribute> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : n.path("attributes").properties()) {
          attributes.put(f.getKey(), attribute(f.getValue()));
        }
        nodes.add(
            new OnnxNode(
                text(n, "op"),
                text(n, "name"),
                strings(n.path("inputs")),
                strings(n.path("outputs")),
                attributes));
      }
      return new GraphFile(
          root.path("source").asText(),
          root.path("opset").asInt(),
          inputs,
          outputs,
          constants,
          nodes);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage() + "; regenerate the artifact", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("expected a string field " + field + " in " + node);
    }
    return value.asText();
  }

  private static GraphValue signature(JsonNode n) {
    return new GraphValue(
        text(n, "name"), new ValueType(Dtype.ofNumpyName(text(n, "type")), longs(n.path("shape"))));
  }

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static NodeAttribute attribute(JsonNode a) {
    if (a.has("int")) {
      return NodeAttribute.ofInt(a.get("int").asLong());
    }
    if (a.has("float")) {
      return NodeAttribute.ofFloat((float) a.get("float").asDouble());
    }
    if (a.has("string")) {
      return NodeAttribute.ofString(a.get("string").asText());
    }
    if (a.has("ints")) {
      return NodeAttribute.ofInts(longs(a.get("ints")));
    }
    if (a.has("floats")) {
      JsonNode values = a.get("floats");
      float[] floats = new float[values.size()];
      for (int i = 0; i < floats.length; i++) {
        floats[i] = (float) values.get(i).asDouble();
      }
      return NodeAttribute.ofFloats(floats);
    }
    if (a.has("tensor")) {
      JsonNode t = a.get("tensor");
      Dtype type = Dtype.ofNumpyName(text(t, "type"));
      long[] shape = longs(t.path("shape"));
      JsonNode values = t.path("values");
      if (type.isFloating()) {
        double[] doubles = new double[values.size()];
        for (int i = 0; i < doubles.length; i++) {
          doubles[i] = values.get(i).asDouble();
        }
        return NodeAttribute.ofTensor(Tensor.of(doubles, shape).cast(type));
      }
      return NodeAttribute.ofTensor(Tensor.of(longs(values), shape).cast(type));
    }
    throw new IllegalArgumentException("expected an attribute value but found " + a);
  }
}
