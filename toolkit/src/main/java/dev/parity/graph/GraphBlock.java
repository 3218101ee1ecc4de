package dev.parity.graph;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DJL block that runs a converted ONNX graph ({@link GraphFile}) with NDArray operations, one or
 * a few per node, for DJL's MXNet engine. The nodes are turned into steps once, when the block is
 * built; a forward pass then runs the steps in order over an array of values. The graph's constants
 * are the block's parameters, named after the ONNX values and set when it is built.
 *
 * <p>It takes the graph's inputs by name when every input array is named, else in the graph's
 * order, and returns the graph's outputs in order, each named after its ONNX output. Every
 * intermediate belongs to the inputs' manager: close a per-batch sub-manager to free them. MXNet
 * calls must not run concurrently within one process.
 *
 * <p>It is a {@link SymbolBlock}, a block defined by a loaded graph rather than by Java code, so
 * that DJL's {@code Model.describeOutput()} reports the graph's own output names and shapes, which
 * the zoo compares with the model card's signature.
 */
public final class GraphBlock extends AbstractBlock implements SymbolBlock {

  private static final byte VERSION = 1;

  private final GraphFile graph;
  private final Map<String, Integer> slots = new HashMap<>();
  private final List<Parameter> constantParameters = new ArrayList<>();
  private final int[] constantSlots;
  private final int[] inputSlots;
  private final int[] outputSlots;
  private final Set<Integer> sharedSlots = new HashSet<>();
  private final List<Step> steps = new ArrayList<>();

  /** Computes a node's outputs from its inputs. */
  private interface Kernel {
    NDArray apply(NDArray[] in);
  }

  private record Step(int[] in, int out, Kernel kernel) {}

  /**
   * Builds the block and sets its constants.
   *
   * @param graph the graph file
   * @param constants the constants' values by ONNX name, as {@link GraphFile#constants()} lists
   * @param manager the manager that owns the constants' arrays (the model's)
   * @throws IllegalArgumentException if a constant is missing or a node's op is not one the
   *     converter writes
   */
  GraphBlock(GraphFile graph, Map<String, Tensor> constants, NDManager manager) {
    super(VERSION);
    this.graph = graph;
    inputNames = graph.inputs().stream().map(GraphValue::name).toList();
    inputSlots = new int[graph.inputs().size()];
    for (int i = 0; i < inputSlots.length; i++) {
      inputSlots[i] = slot(graph.inputs().get(i).name());
      sharedSlots.add(inputSlots[i]);
    }
    constantSlots = new int[graph.constants().size()];
    for (int i = 0; i < constantSlots.length; i++) {
      GraphFile.Constant c = graph.constants().get(i);
      Tensor value = constants.get(c.name());
      if (value == null) {
        throw new IllegalArgumentException("no value for constant " + c.name());
      }
      Parameter parameter =
          addParameter(
              Parameter.builder()
                  .setName(c.name())
                  .setType(Parameter.Type.OTHER)
                  .optRequiresGrad(false)
                  .build());
      parameter.setArray(value.toNDArray(manager));
      constantParameters.add(parameter);
      constantSlots[i] = slot(c.name());
      sharedSlots.add(constantSlots[i]);
    }
    for (OnnxNode node : graph.nodes()) {
      Operator op = Operator.of(node.op());
      if (op == null || op == Operator.CONSTANT) {
        throw new IllegalArgumentException(
            "node " + node.name() + ": op " + node.op() + " is not one the converter writes");
      }
      int[] in = new int[node.inputs().size()];
      for (int i = 0; i < in.length; i++) {
        in[i] = node.hasInput(i) ? slotOf(node, node.input(i)) : -1;
      }
      steps.add(new Step(in, slot(node.output()), kernel(op, node, constants)));
    }
    outputSlots = new int[graph.outputs().size()];
    for (int i = 0; i < outputSlots.length; i++) {
      outputSlots[i] = slotOf(null, graph.outputs().get(i).name());
    }
  }

  private int slot(String value) {
    return slots.computeIfAbsent(value, v -> slots.size());
  }

  private int slotOf(OnnxNode reader, String value) {
    Integer slot = slots.get(value);
    if (slot == null) {
      throw new IllegalArgumentException(
          (reader == null ? "output " : "node " + reader.name() + " reads ")
              + value
              + ", which nothing before it provides");
    }
    return slot;
  }

  /**
   * Returns the graph the block runs.
   *
   * @return the graph file's content
   */
  public GraphFile graph() {
    return graph;
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray[] values = new NDArray[slots.size()];
    bindInputs(inputs, values);
    Device device = inputs.head().getDevice();
    for (int i = 0; i < constantSlots.length; i++) {
      values[constantSlots[i]] = parameterStore.getValue(constantParameters.get(i), device, false);
    }
    for (Step step : steps) {
      NDArray[] in = new NDArray[step.in.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = step.in[i] < 0 ? null : values[step.in[i]];
      }
      values[step.out] = step.kernel.apply(in);
    }
    NDList outputs = new NDList(outputSlots.length);
    Set<NDArray> named = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < outputSlots.length; i++) {
      NDArray value = values[outputSlots[i]];
      if (sharedSlots.contains(outputSlots[i]) || !named.add(value)) {
        // Naming an input or a constant would rename the caller's or the model's array; an array
        // that is two outputs (an Identity node: a tap that is also an output) gets one copy per
        // name.
        value = value.duplicate();
        value.attach(inputs.head().getManager());
      }
      value.setName(graph.outputs().get(i).name());
      outputs.add(value);
    }
    return outputs;
  }

  private void bindInputs(NDList inputs, NDArray[] values) {
    if (inputs.size() != inputSlots.length) {
      throw new IllegalArgumentException(
          "expected "
              + inputSlots.length
              + " inputs "
              + inputNames
              + " but found "
              + inputs.size());
    }
    boolean named = inputs.stream().allMatch(a -> inputNames.contains(a.getName()));
    for (int i = 0; i < inputSlots.length; i++) {
      NDArray input = named ? inputs.get(inputNames.get(i)) : inputs.get(i);
      if (input == null) {
        throw new IllegalArgumentException("no input named " + inputNames.get(i));
      }
      values[inputSlots[i]] = input;
    }
  }

  /**
   * Returns the graph's outputs: names and shapes, -1 where dynamic.
   *
   * @return one entry per output, in the graph's order
   */
  @Override
  public PairList<String, Shape> describeOutput() {
    PairList<String, Shape> out = new PairList<>();
    graph.outputs().forEach(o -> out.add(o.name(), new Shape(o.type().dims())));
    return out;
  }

  /** {@inheritDoc} */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return graph.outputs().stream().map(o -> new Shape(o.type().dims())).toArray(Shape[]::new);
  }

  /**
   * Returns example input shapes: the graph's, with 1 for each dynamic dimension.
   *
   * @return one shape per input, in the graph's order
   */
  public Shape[] exampleInputShapes() {
    return graph.inputs().stream()
        .map(i -> new Shape(Arrays.stream(i.type().dims()).map(d -> d < 0 ? 1 : d).toArray()))
        .toArray(Shape[]::new);
  }

  /** {@inheritDoc} */
  @Override
  protected void prepare(Shape[] inputShapes) {
    // Every parameter was set from the constants archive; there is nothing to shape.
  }

  private static Kernel kernel(Operator op, OnnxNode node, Map<String, Tensor> constants) {
    return switch (op) {
      case ABS -> in -> in[0].abs();
      case NEG -> in -> in[0].neg();
      case EXP -> in -> in[0].exp();
      case LOG -> in -> in[0].log();
      case SQRT -> in -> in[0].sqrt();
      case RELU -> in -> Activation.relu(in[0]);
      case SIGMOID -> in -> Activation.sigmoid(in[0]);
      case TANH -> in -> in[0].tanh();
      case ERF -> in -> in[0].erf();
      case IDENTITY -> in -> in[0];
      case NOT -> in -> in[0].logicalNot();
      case ADD -> in -> in[0].add(in[1]);
      case SUB -> in -> in[0].sub(in[1]);
      case MUL -> in -> in[0].mul(in[1]);
      case DIV -> in -> divide(in[0], in[1]);
      case POW -> in -> in[0].pow(in[1].toType(in[0].getDataType(), false));
      case MAX -> in -> fold(in, NDArray::maximum);
      case MIN -> in -> fold(in, NDArray::minimum);
      case EQUAL -> compare(node, constants, NDArray::eq, NDArray::eq);
      case GREATER -> compare(node, constants, NDArray::gt, NDArray::gt);
      case LESS -> compare(node, constants, NDArray::lt, NDArray::lt);
      case WHERE -> in -> where(in[0], in[1], in[2]);
      case SOFTMAX -> {
        int axis = (int) node.intAttribute("axis");
        yield in -> in[0].softmax(axis);
      }
      case LOG_SOFTMAX -> {
        int axis = (int) node.intAttribute("axis");
        yield in -> in[0].logSoftmax(axis);
      }
      case CAST -> {
        DataType to = OnnxType.dtype((int) node.intAttribute("to")).djl();
        yield in -> in[0].toType(to, false);
      }
      case CLIP -> clip(node, constants);
      case GATHER -> gather(node);
      case REDUCE_SUM -> {
        int[] axes = ints(node.intsAttribute("axes"));
        boolean keep = node.intAttribute("keepdims") != 0;
        yield in -> in[0].sum(axes, keep);
      }
      case REDUCE_MEAN -> {
        int[] axes = ints(node.intsAttribute("axes"));
        boolean keep = node.intAttribute("keepdims") != 0;
        yield in -> in[0].mean(axes, keep);
      }
      case CONCAT -> {
        int axis = (int) node.intAttribute("axis");
        yield in -> in.length == 1 ? in[0] : NDArrays.concat(new NDList(in), axis);
      }
      case RESHAPE -> reshape(node, constants);
      case FLATTEN -> {
        int axis = (int) node.intAttribute("axis");
        yield in -> {
          long[] d = in[0].getShape().getShape();
          return in[0].reshape(product(d, 0, axis), product(d, axis, d.length));
        };
      }
      case UNSQUEEZE -> {
        long[] axes = node.intsAttribute("axes");
        if (axes.length == 1) {
          int axis = (int) axes[0];
          yield in -> in[0].expandDims(axis);
        }
        yield in -> {
          long[] d = in[0].getShape().getShape();
          long[] out = new long[d.length + axes.length];
          for (int i = 0, k = 0; i < out.length; i++) {
            out[i] = Arrays.binarySearch(axes, i) >= 0 ? 1 : d[k++];
          }
          return in[0].reshape(out);
        };
      }
      case SQUEEZE -> {
        long[] axes = node.intsAttribute("axes");
        yield in -> {
          long[] d = in[0].getShape().getShape();
          long[] out = new long[d.length - axes.length];
          for (int i = 0, k = 0; i < d.length; i++) {
            if (Arrays.binarySearch(axes, i) < 0) {
              out[k++] = d[i];
            }
          }
          return in[0].reshape(out);
        };
      }
      case TRANSPOSE -> {
        int[] perm = ints(node.intsAttribute("perm"));
        yield in -> in[0].transpose(perm);
      }
      case SLICE -> slice(node);
      case PAD -> pad(node);
      case SHAPE -> {
        int start = (int) node.intAttribute("start");
        int end = (int) node.intAttribute("end");
        yield in -> {
          long[] d = Arrays.copyOfRange(in[0].getShape().getShape(), start, end);
          return in[0].getManager().create(d);
        };
      }
      case CONSTANT_OF_SHAPE -> constantOfShape(node, constants);
      case MAT_MUL -> in -> in[0].matMul(in[1]);
      case GEMM -> gemm(node);
      case LAYER_NORMALIZATION -> layerNorm(node);
      case BATCH_NORMALIZATION -> batchNorm(node);
      case CONV -> conv(node);
      case MAX_POOL, AVERAGE_POOL -> pool(op == Operator.MAX_POOL, node);
      case GLOBAL_AVERAGE_POOL ->
          in -> {
            int[] axes = new int[in[0].getShape().dimension() - 2];
            Arrays.setAll(axes, i -> i + 2);
            return in[0].mean(axes, true);
          };
      case CONSTANT -> throw new IllegalArgumentException("Constant nodes are constants");
    };
  }

  private interface Binary {
    NDArray apply(NDArray a, NDArray b);
  }

  private interface WithScalar {
    NDArray apply(NDArray a, Number b);
  }

  /** A comparison; against a constant scalar it takes MXNet's scalar form, one op fewer. */
  private static Kernel compare(
      OnnxNode node, Map<String, Tensor> constants, Binary arrays, WithScalar scalar) {
    Tensor right = constants.get(node.input(1));
    if (right != null && right.rank() == 0) {
      Number value =
          right.dtype().isFloating() ? (Number) right.toDoubles()[0] : (Number) right.toLongs()[0];
      return in -> scalar.apply(in[0], value);
    }
    return in -> arrays.apply(in[0], in[1]);
  }

  private static NDArray fold(NDArray[] in, Binary op) {
    NDArray acc = in[0];
    for (int i = 1; i < in.length; i++) {
      acc = op.apply(acc, in[i]);
    }
    return acc;
  }

  private static NDArray where(NDArray condition, NDArray x, NDArray y) {
    // MXNet's where broadcasts x and y but not the condition: bring all three to one shape.
    Shape shape =
        new Shape(
            ValueType.broadcast(
                condition.getShape().getShape(), x.getShape().getShape(), y.getShape().getShape()));
    return NDArrays.where(
        broadcastTo(condition, shape), broadcastTo(x, shape), broadcastTo(y, shape));
  }

  private static NDArray broadcastTo(NDArray array, Shape shape) {
    return array.getShape().equals(shape) ? array : array.broadcast(shape);
  }

  private static NDArray divide(NDArray a, NDArray b) {
    DataType type = a.getDataType();
    if (type.isFloating()) {
      return a.div(b);
    }
    // ONNX truncates integer quotients toward zero; float64 holds them exactly up to 2^53.
    return a.toType(DataType.FLOAT64, false)
        .div(b.toType(DataType.FLOAT64, false))
        .trunc()
        .toType(type, false);
  }

  private static Kernel clip(OnnxNode node, Map<String, Tensor> constants) {
    Tensor min = node.hasInput(1) ? constants.get(node.input(1)) : null;
    Tensor max = node.hasInput(2) ? constants.get(node.input(2)) : null;
    boolean dynamic = (node.hasInput(1) && min == null) || (node.hasInput(2) && max == null);
    if (dynamic) {
      return in -> {
        NDArray x = in[0];
        if (in.length > 1 && in[1] != null) {
          x = x.maximum(in[1]);
        }
        if (in.length > 2 && in[2] != null) {
          x = x.minimum(in[2]);
        }
        return x;
      };
    }
    Double lo = min == null ? null : min.toDoubles()[0];
    Double hi = max == null ? null : max.toDoubles()[0];
    return in -> {
      NDArray x = in[0];
      if (lo != null) {
        x = x.maximum(lo);
      }
      if (hi != null) {
        x = x.minimum(hi);
      }
      return x;
    };
  }

  private static Kernel gather(OnnxNode node) {
    int axis = (int) node.intAttribute("axis");
    PairList<String, String> params = new PairList<>();
    params.add("axis", Integer.toString(axis));
    // "wrap" takes negative indices from the end as ONNX does; the toolkit bound-checks ids.
    params.add("mode", "wrap");
    return in -> {
      NDArray data = in[0];
      NDArray indices = in[1];
      if (indices.getShape().dimension() == 0) {
        long[] d = data.getShape().getShape();
        long[] out = new long[d.length - 1];
        for (int i = 0, k = 0; i < d.length; i++) {
          if (i != axis) {
            out[k++] = d[i];
          }
        }
        return take(data, indices.reshape(1), params).reshape(out);
      }
      return take(data, indices, params);
    };
  }

  private static NDArray take(NDArray data, NDArray indices, PairList<String, String> params) {
    return indices
        .getManager()
        .invoke("take", new NDList(data, indices), params)
        .singletonOrThrow();
  }

  private static Kernel reshape(OnnxNode node, Map<String, Tensor> constants) {
    Tensor constant = constants.get(node.input(1));
    long[] fixed = constant == null ? null : constant.longs();
    return in -> {
      long[] target = fixed != null ? fixed.clone() : in[1].toLongArray();
      long[] d = in[0].getShape().getShape();
      for (int i = 0; i < target.length; i++) {
        if (target[i] == 0) {
          target[i] = d[i];
        }
      }
      return in[0].reshape(target);
    };
  }

  private static Kernel slice(OnnxNode node) {
    long[] starts = node.intsAttribute("starts");
    long[] ends = node.intsAttribute("ends");
    long[] axes = node.intsAttribute("axes");
    long[] steps = node.intsAttribute("steps");
    return in -> {
      NDArray x = in[0];
      long[] d = x.getShape().getShape();
      String[] begin = new String[d.length];
      String[] end = new String[d.length];
      String[] step = new String[d.length];
      Arrays.fill(begin, "None");
      Arrays.fill(end, "None");
      Arrays.fill(step, "None");
      long[] out = d.clone();
      for (int i = 0; i < axes.length; i++) {
        int a = (int) axes[i];
        SliceBounds b = SliceBounds.of(starts[i], ends[i], steps[i], d[a]);
        out[a] = b.length();
        begin[a] = Long.toString(b.start());
        // -1 with a negative step means past index 0, which MXNet spells None.
        end[a] = b.end() < 0 ? "None" : Long.toString(b.end());
        step[a] = Long.toString(b.step());
      }
      if (Arrays.stream(out).anyMatch(n -> n == 0)) {
        return x.getManager().create(new Shape(out), x.getDataType());
      }
      PairList<String, String> params = new PairList<>();
      params.add("begin", tuple(begin));
      params.add("end", tuple(end));
      params.add("step", tuple(step));
      return x.getManager().invoke("_npi_slice", new NDList(x), params).singletonOrThrow();
    };
  }

  private static Kernel pad(OnnxNode node) {
    long[] pads = node.intsAttribute("pads");
    double value = node.attribute("value").asTensor().toDoubles()[0];
    int rank = pads.length / 2;
    return in -> {
      NDArray x = in[0];
      // Blocks of the pad value joined on each padded axis: engine-neutral, any rank.
      for (int axis = 0; axis < rank; axis++) {
        long before = pads[axis];
        long after = pads[axis + rank];
        if (before == 0 && after == 0) {
          continue;
        }
        NDList parts = new NDList();
        long[] dims = x.getShape().getShape();
        if (before > 0) {
          dims[axis] = before;
          parts.add(filled(x, dims, value));
        }
        parts.add(x);
        if (after > 0) {
          dims[axis] = after;
          parts.add(filled(x, dims, value));
        }
        x = NDArrays.concat(parts, axis);
      }
      return x;
    };
  }

  private static NDArray filled(NDArray like, long[] dims, double value) {
    NDManager manager = like.getManager();
    return manager
        .full(new Shape(dims), (float) value, DataType.FLOAT64)
        .toType(like.getDataType(), false);
  }

  private static String tuple(String[] values) {
    return "(" + String.join(", ", values) + (values.length == 1 ? ",)" : ")");
  }

  private static Kernel constantOfShape(OnnxNode node, Map<String, Tensor> constants) {
    Tensor value = node.attribute("value").asTensor();
    Tensor fixedShape = constants.get(node.input(0));
    long[] fixed = fixedShape == null ? null : fixedShape.longs();
    double v = value.toDoubles()[0];
    DataType type = value.dtype().djl();
    return in -> {
      long[] dims = fixed != null ? fixed : in[0].toLongArray();
      NDManager manager = in[0].getManager();
      Shape shape = new Shape(dims);
      if (v == 0) {
        return manager.zeros(shape, type);
      }
      if (v == 1) {
        return manager.ones(shape, type);
      }
      return Tensor.filled(value.dtype(), v, dims).toNDArray(manager);
    };
  }

  private static Kernel gemm(OnnxNode node) {
    float alpha = node.floatAttribute("alpha");
    float beta = node.floatAttribute("beta");
    boolean transA = node.intAttribute("transA") != 0;
    boolean transB = node.intAttribute("transB") != 0;
    boolean withC = node.hasInput(2) && beta != 0;
    return in -> {
      NDArray a = in[0];
      NDArray b = in[1];
      NDArray c = withC ? in[2] : null;
      if (!transA
          && transB
          && alpha == 1f
          && (c == null || (beta == 1f && c.getShape().dimension() == 1))) {
        // x·Wᵀ + b on the torch layout directly (FullyConnected on MXNet), no transposed copy.
        return Linear.linear(a, b, c).singletonOrThrow();
      }
      NDArray y = (transA ? a.transpose() : a).matMul(transB ? b.transpose() : b);
      if (alpha != 1f) {
        y = y.mul(alpha);
      }
      if (c != null) {
        y = y.add(beta == 1f ? c : c.mul(beta));
      }
      return y;
    };
  }

  private static Kernel layerNorm(OnnxNode node) {
    int axis = (int) node.intAttribute("axis");
    float epsilon = node.floatAttribute("epsilon");
    return in -> {
      NDArray x = in[0];
      int[] axes = new int[x.getShape().dimension() - axis];
      Arrays.setAll(axes, i -> axis + i);
      NDArray centred = x.sub(x.mean(axes, true));
      NDArray variance = centred.square().mean(axes, true);
      NDArray y = centred.div(variance.add(epsilon).sqrt()).mul(in[1]);
      return in.length > 2 && in[2] != null ? y.add(in[2]) : y;
    };
  }

  private static Kernel batchNorm(OnnxNode node) {
    float epsilon = node.floatAttribute("epsilon");
    return in -> {
      NDArray x = in[0];
      long[] channel = new long[x.getShape().dimension() - 1];
      Arrays.fill(channel, 1);
      channel[0] = -1;
      NDArray factor = in[1].div(in[4].add(epsilon).sqrt()).reshape(channel);
      return x.sub(in[3].reshape(channel)).mul(factor).add(in[2].reshape(channel));
    };
  }

  private static Kernel conv(OnnxNode node) {
    Shape strides = new Shape(node.intsAttribute("strides"));
    Shape dilations = new Shape(node.intsAttribute("dilations"));
    long[] pads = node.intsAttribute("pads");
    Shape padding = new Shape(Arrays.copyOf(pads, pads.length / 2));
    int group = (int) node.intAttribute("group");
    return in ->
        in[0]
            .getNDArrayInternal()
            .convolution(
                in[0], in[1], in.length > 2 ? in[2] : null, strides, padding, dilations, group)
            .singletonOrThrow();
  }

  private static Kernel pool(boolean max, OnnxNode node) {
    Shape kernel = new Shape(node.intsAttribute("kernel_shape"));
    Shape strides = new Shape(node.intsAttribute("strides"));
    long[] pads = node.intsAttribute("pads");
    Shape padding = new Shape(Arrays.copyOf(pads, pads.length / 2));
    if (max) {
      return in -> in[0].getNDArrayInternal().maxPool(kernel, strides, padding, false);
    }
    boolean countPads = node.intAttribute("count_include_pad") != 0;
    return in -> in[0].getNDArrayInternal().avgPool(kernel, strides, padding, false, countPads);
  }

  private static int[] ints(long[] values) {
    return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
  }

  private static long product(long[] dims, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      p *= dims[i];
    }
    return p;
  }
}
