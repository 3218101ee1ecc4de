package dev.parity.convert;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.graph.GraphValue;
import dev.parity.graph.OnnxNode;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The other MXNet design the converter could have taken, for measurement only: MXNet symbol JSON
 * run by DJL's MxSymbolBlock (one CachedOp call per batch), with the weights set from the ONNX
 * initializers. It lowers only the ops the purchase graph uses; {@link EngineTimingRun} times it
 * against {@link dev.parity.graph.GraphBlock}.
 */
final class MxnetSymbolProbe {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OnnxGraph graph;
  private final ArrayNode nodes = JSON.createArrayNode();
  private final List<Integer> argNodes = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<String, Tensor> weights = new HashMap<>();

  private MxnetSymbolProbe(OnnxGraph graph) {
    this.graph = graph;
  }

  /** Writes {@code <name>-symbol.json} for the graph and loads it with its weights set. */
  static Model load(Path onnx, Path folder, String name) throws Exception {
    MxnetSymbolProbe probe = new MxnetSymbolProbe(OnnxGraph.read(onnx));
    Files.createDirectories(folder);
    Files.write(folder.resolve(name + "-symbol.json"), probe.symbolJson());
    Model model = Model.newInstance(name, Device.cpu(), "MXNet");
    model.load(folder, name, Map.of("hasParameter", "false"));
    MxSymbolBlock block = (MxSymbolBlock) model.getBlock();
    List<String> inputs = new ArrayList<>();
    for (Parameter p : block.getAllParameters()) {
      Tensor w = probe.weights.get(p.getName());
      if (w == null) {
        inputs.add(p.getName());
      } else {
        p.setArray(w.toNDArray(model.getNDManager()));
      }
    }
    block.setInputNames(inputs);
    return model;
  }

  private byte[] symbolJson() throws Exception {
    for (GraphValue input : graph.inputs()) {
      variable(input.name());
    }
    for (OnnxNode node : graph.nodes()) {
      lower(node);
    }
    ObjectNode root = JSON.createObjectNode();
    root.set("nodes", nodes);
    ArrayNode args = root.putArray("arg_nodes");
    argNodes.forEach(args::add);
    ArrayNode rows = root.putArray("node_row_ptr");
    for (int i = 0; i <= nodes.size(); i++) {
      rows.add(i);
    }
    ArrayNode heads = root.putArray("heads");
    for (GraphValue output : graph.outputs()) {
      heads.addArray().add(ids.get(output.name())).add(0).add(0);
    }
    root.putObject("attrs").putArray("mxnet_version").add("int").add(10900);
    return JSON.writeValueAsBytes(root);
  }

  private int variable(String name) {
    ObjectNode n = nodes.addObject();
    n.put("op", "null").put("name", name).putArray("inputs");
    int id = nodes.size() - 1;
    argNodes.add(id);
    ids.put(name, id);
    return id;
  }

  private int ref(String value) {
    Integer id = ids.get(value);
    if (id != null) {
      return id;
    }
    weights.put(value, graph.constant(value));
    return variable(value);
  }

  private double scalar(String value) {
    return graph.constant(value).toDoubles()[0];
  }

  private void add(OnnxNode node, String op, List<String> inputs, String... attrs) {
    // Variables first: a node may only read nodes before it.
    int[] refs = inputs.stream().mapToInt(this::ref).toArray();
    ObjectNode n = nodes.addObject();
    n.put("op", op).put("name", "n" + nodes.size());
    ObjectNode a = n.putObject("attrs");
    for (int i = 0; i < attrs.length; i += 2) {
      a.put(attrs[i], attrs[i + 1]);
    }
    ArrayNode in = n.putArray("inputs");
    for (int ref : refs) {
      in.addArray().add(ref).add(0).add(0);
    }
    ids.put(node.output(), nodes.size() - 1);
  }

  private static String tuple(long[] values) {
    return Arrays.stream(values)
        .mapToObj(Long::toString)
        .collect(Collectors.joining(", ", "(", ",)"));
  }

  private void lower(OnnxNode node) {
    List<String> x = List.of(node.input(0));
    switch (node.op()) {
      case "Constant" -> {}
      case "Greater" ->
          add(node, "_greater_scalar", x, "scalar", Double.toString(scalar(node.input(1))));
      case "Cast" -> add(node, "Cast", x, "dtype", "float32");
      case "ReduceSum" ->
          add(
              node,
              "sum",
              x,
              "axis",
              tuple(node.intsAttribute("axes")),
              "keepdims",
              node.intAttribute("keepdims") != 0 ? "True" : "False");
      case "Clip" ->
          add(node, "_maximum_scalar", x, "scalar", Double.toString(scalar(node.input(1))));
      case "Gather" ->
          add(
              node,
              "take",
              List.of(node.input(0), node.input(1)),
              "axis",
              Long.toString(node.intAttribute("axis")),
              "mode",
              "wrap");
      case "Unsqueeze" ->
          add(node, "expand_dims", x, "axis", Long.toString(node.intsAttribute("axes")[0]));
      case "Mul" -> add(node, "broadcast_mul", node.inputs());
      case "Div" -> add(node, "broadcast_div", node.inputs());
      case "Concat" ->
          add(
              node,
              "Concat",
              node.inputs(),
              "dim",
              Long.toString(node.intAttribute("axis")),
              "num_args",
              Integer.toString(node.inputs().size()));
      case "Gemm" ->
          add(
              node,
              "FullyConnected",
              node.inputs(),
              "num_hidden",
              Long.toString(graph.constant(node.input(1)).shape()[0]),
              "flatten",
              "False");
      case "Relu" -> add(node, "Activation", x, "act_type", "relu");
      case "Sigmoid" -> add(node, "Activation", x, "act_type", "sigmoid");
      case "Squeeze" -> add(node, "squeeze", x, "axis", tuple(node.intsAttribute("axes")));
      default -> throw new IllegalArgumentException("the probe does not lower " + node.op());
    }
  }
}
