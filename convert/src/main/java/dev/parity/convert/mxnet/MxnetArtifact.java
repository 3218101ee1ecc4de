package dev.parity.convert.mxnet;

import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.graph.GraphFile;
import dev.parity.graph.OnnxNode;
import dev.parity.graph.Operator;
import dev.parity.npy.NpzArchive;
import dev.parity.tensor.Tensor;
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
  private final Map<String, Tensor> arrays;

  private MxnetArtifact(GraphFile graphFile, Map<String, Tensor> arrays) {
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
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    Set<String> arrayNames = new HashSet<>();
    for (String name : read) {
      Tensor value = graph.constant(name);
      if (value == null) {
        continue;
      }
      String array = PLAIN_NAME.matcher(name).matches() ? name : "constant" + constants.size();
      while (!arrayNames.add(array)) {
        array = array + "_";
      }
      constants.add(new GraphFile.Constant(name, value.dtype(), value.shape(), array));
      arrays.put(array, value);
    }
    GraphFile file =
        new GraphFile(
            String.valueOf(graph.file().getFileName()),
            graph.opset(),
            graph.inputs(),
            graph.outputs(),
            constants,
            nodes);
    return new MxnetArtifact(file, arrays);
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
    NpzArchive.write(arrays, out);
  }
}
