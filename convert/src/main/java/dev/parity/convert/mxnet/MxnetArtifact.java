package dev.parity.convert.mxnet;

import dev.parity.convert.NpzWriter;
import dev.parity.convert.onnx.ElementType;
import dev.parity.convert.onnx.GraphValue;
import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.convert.onnx.OnnxNode;
import dev.parity.convert.onnx.Operator;
import dev.parity.convert.onnx.TensorValue;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the MXNet artifact of a read ONNX graph: {@value GraphFile#FILE_NAME} (the signature and
 * the normalised nodes) and {@value GraphFile#CONSTANTS_FILE} (the constants the nodes read), which
 * {@link GraphBlockFactory} loads. The same graph always gives the same bytes.
 */
public final class MxnetArtifact {

  /** The artifact's files, in the order they are written. */
  public static final List<String> FILE_NAMES =
      List.of(GraphFile.FILE_NAME, GraphFile.CONSTANTS_FILE);

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final GraphFile graphFile;
  private final Map<String, TensorValue> arrays;

  private MxnetArtifact(GraphFile graphFile, Map<String, TensorValue> arrays) {
    this.graphFile = graphFile;
    this.arrays = arrays;
  }

  /**
   * Prepares the artifact in memory.
   *
   * @param graph the graph, already checked against the op set
   * @return the artifact, ready to write
   */
  public static MxnetArtifact of(OnnxGraph graph) {
    List<OnnxNode> nodes = new ArrayList<>();
    Set<String> read = new LinkedHashSet<>();
    for (OnnxNode node : graph.nodes()) {
      if (Operator.of(node.op()) == Operator.CONSTANT) {
        continue;
      }
      nodes.add(node);
      node.inputs().stream().filter(i -> !i.isEmpty()).forEach(read::add);
    }
    graph.outputs().forEach(o -> read.add(o.name()));
    List<GraphFile.Constant> constants = new ArrayList<>();
    Map<String, TensorValue> arrays = new LinkedHashMap<>();
    Set<String> arrayNames = new HashSet<>();
    for (String name : read) {
      TensorValue value = graph.constant(name);
      if (value == null) {
        continue;
      }
      String array = PLAIN_NAME.matcher(name).matches() ? name : "constant" + constants.size();
      while (!arrayNames.add(array)) {
        array = array + "_";
      }
      constants.add(new GraphFile.Constant(name, value.type(), value.shape(), array));
      arrays.put(array, value.type() == ElementType.BOOL ? value.cast(ElementType.UINT8) : value);
    }
    GraphFile file =
        new GraphFile(
            graph.file().getFileName().toString(),
            graph.opset(),
            signatures(graph.inputs()),
            signatures(graph.outputs()),
            constants,
            nodes);
    return new MxnetArtifact(file, arrays);
  }

  private static List<GraphFile.Signature> signatures(List<GraphValue> values) {
    return values.stream()
        .map(v -> new GraphFile.Signature(v.name(), v.type().type(), v.type().dims()))
        .toList();
  }

  /**
   * Returns the graph file's content.
   *
   * @return the graph file
   */
  public GraphFile graphFile() {
    return graphFile;
  }

  /**
   * Writes {@value GraphFile#FILE_NAME}.
   *
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeGraph(OutputStream out) throws IOException {
    out.write(graphFile.toJson());
  }

  /**
   * Writes {@value GraphFile#CONSTANTS_FILE}.
   *
   * @param out where to write; closed
   * @throws IOException if writing fails
   */
  public void writeConstants(OutputStream out) throws IOException {
    NpzWriter.write(arrays, out);
  }
}
