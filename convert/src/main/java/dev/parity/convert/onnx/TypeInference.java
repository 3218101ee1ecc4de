package dev.parity.convert.onnx;

import static dev.parity.graph.ValueType.UNKNOWN;

import dev.parity.graph.NodeAttribute;
import dev.parity.graph.OnnxNode;
import dev.parity.graph.OnnxType;
import dev.parity.graph.Operator;
import dev.parity.graph.SliceBounds;
import dev.parity.graph.ValueType;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks each node against {@link Operator}, normalises it (see {@link OnnxNode}) and infers the
 * type and shape of its outputs, in graph order. Axes in normalised nodes are never negative.
 */
final class TypeInference {

  private final Path file;
  private final Map<String, Tensor> constants;
  private final Map<String, ValueType> types = new LinkedHashMap<>();

  TypeInference(Path file, Map<String, Tensor> initializers) {
    this.file = file;
    this.constants = new LinkedHashMap<>(initializers);
    initializers.forEach((name, value) -> types.put(name, typeOf(value)));
  }

  private static ValueType typeOf(Tensor value) {
    return new ValueType(value.dtype(), value.shape());
  }

  void declare(String name, ValueType type) {
    types.put(name, type);
  }

  ValueType typeOf(String name) {
    return types.get(name);
  }

  Map<String, Tensor> constants() {
    return constants;
  }

  Map<String, ValueType> types() {
    return types;
  }

  /**
   * Checks, normalises and types every node.
   *
   * @param nodes the nodes as read
   * @param used the values some node reads or the graph outputs
   * @return the normalised nodes
   */
  List<OnnxNode> run(List<OnnxNode> nodes, Set<String> used) throws OnnxModelException {
    List<OnnxNode> normalised = new ArrayList<>(nodes.size());
    for (OnnxNode raw : nodes) {
      Operator op = Operator.of(raw.op());
      if (op == null) {
        throw new UnsupportedOperatorException(file, raw.name(), raw.op(), null);
      }
      for (String input : raw.inputs()) {
        if (!input.isEmpty() && !types.containsKey(input)) {
          throw malformed(
              raw,
              "reads "
                  + input
                  + ", which no graph input, initializer or earlier node provides; the nodes must"
                  + " be in topological order");
        }
      }
      Node node = new Node(op, withDefaults(op, raw));
      List<ValueType> outputs = node.infer();
      OnnxNode result = node.result();
      for (int i = 0; i < result.outputs().size(); i++) {
        String output = result.outputs().get(i);
        if (i < outputs.size()) {
          types.put(output, outputs.get(i));
        } else if (!output.isEmpty() && used.contains(output)) {
          throw node.unsupported("its output " + (i + 1) + " (" + output + ") in use");
        }
      }
      if (op == Operator.CONSTANT) {
        constants.put(result.output(), result.attribute("value").asTensor());
      }
      normalised.add(result);
    }
    return normalised;
  }

  /** The one wording of a node that contradicts ONNX: file, node, op, then what is wrong. */
  private OnnxModelException malformed(OnnxNode node, String what) {
    return new OnnxModelException(
        file + ": node '" + node.name() + "' (" + node.op() + "): " + what);
  }

  private OnnxNode withDefaults(Operator op, OnnxNode raw) throws OnnxModelException {
    Map<String, NodeAttribute> attributes = new LinkedHashMap<>(op.defaults());
    for (Map.Entry<String, NodeAttribute> a : raw.attributes().entrySet()) {
      if (!op.knows(a.getKey())) {
        throw new UnsupportedOperatorException(
            file, raw.name(), raw.op(), "attribute " + a.getKey() + "=" + a.getValue());
      }
      NodeAttribute.Kind expected = op.kindOf(a.getKey());
      if (a.getValue().kind() != expected) {
        throw malformed(
            raw,
            "attribute "
                + a.getKey()
                + " should hold "
                + expected
                + " but holds "
                + a.getValue().kind());
      }
      attributes.put(a.getKey(), a.getValue());
    }
    return new OnnxNode(raw.op(), raw.name(), raw.inputs(), raw.outputs(), attributes);
  }

  /** One node being checked; builds its normalised form. */
  private final class Node {
    private final Operator op;
    private final OnnxNode node;
    private final List<String> inputs;
    private final Map<String, NodeAttribute> attributes;

    Node(Operator op, OnnxNode node) {
      this.op = op;
      this.node = node;
      this.inputs = new ArrayList<>(node.inputs());
      this.attributes = new LinkedHashMap<>(node.attributes());
    }

    OnnxNode result() {
      while (!inputs.isEmpty() && inputs.get(inputs.size() - 1).isEmpty()) {
        inputs.remove(inputs.size() - 1);
      }
      return new OnnxNode(node.op(), node.name(), inputs, node.outputs(), attributes);
    }

    UnsupportedOperatorException unsupported(String what) {
      return new UnsupportedOperatorException(file, node.name(), node.op(), what);
    }

    OnnxModelException malformed(String what) {
      return TypeInference.this.malformed(node, what);
    }

    private void inputCount(int min, int max) throws OnnxModelException {
      int n = node.inputs().size();
      while (n > 0 && node.inputs().get(n - 1).isEmpty()) {
        n--;
      }
      if (n < min || n > max) {
        throw malformed(
            "expected "
                + (min == max ? Integer.toString(min) : min + " to " + max)
                + " inputs but found "
                + n);
      }
      for (int i = 0; i < min; i++) {
        if (node.input(i).isEmpty()) {
          throw malformed("input " + (i + 1) + " is required but left out");
        }
      }
    }

    private ValueType in(int index) {
      return types.get(node.input(index));
    }

    private Tensor constantInput(int index, String what) throws OnnxModelException {
      Tensor value = constants.get(node.input(index));
      if (value == null) {
        throw unsupported(what + " computed at run time (it must be a constant or initializer)");
      }
      return value;
    }

    private long intAttr(String name) {
      return attributes.get(name).asInt();
    }

    private long[] intsAttr(String name, long[] orElse) {
      NodeAttribute a = attributes.get(name);
      return a == null ? orElse : a.asInts();
    }

    private int axis(long axis, int rank, String what) throws OnnxModelException {
      if (axis < -rank || axis >= rank) {
        throw malformed(
            what + " " + axis + " is out of range for rank " + rank + " (expected -r..r-1)");
      }
      return (int) (axis < 0 ? axis + rank : axis);
    }

    private long[] axes(long[] raw, int rank, String what) throws OnnxModelException {
      TreeSet<Long> sorted = new TreeSet<>();
      for (long a : raw) {
        if (!sorted.add((long) axis(a, rank, what))) {
          throw malformed(what + " " + Arrays.toString(raw) + " repeats an axis");
        }
      }
      return sorted.stream().mapToLong(Long::longValue).toArray();
    }

    private void sameTypes(int... indices) throws OnnxModelException {
      Dtype first = in(indices[0]).dtype();
      for (int i : indices) {
        if (in(i).dtype() != first) {
          throw malformed(
              "expected inputs of one element type but found " + first + " and " + in(i).dtype());
        }
      }
    }

    List<ValueType> infer() throws OnnxModelException {
      return switch (op) {
        case ABS, NEG, EXP, LOG, SQRT, RELU, SIGMOID, TANH, ERF, IDENTITY -> {
          inputCount(1, 1);
          yield List.of(in(0));
        }
        case NOT -> {
          inputCount(1, 1);
          requireType(0, Dtype.BOOL);
          yield List.of(in(0));
        }
        case ADD, SUB, MUL, DIV -> {
          inputCount(2, 2);
          sameTypes(0, 1);
          yield List.of(new ValueType(in(0).dtype(), broadcast(0, 1)));
        }
        case POW -> {
          inputCount(2, 2);
          yield List.of(new ValueType(in(0).dtype(), broadcast(0, 1)));
        }
        case MAX, MIN -> {
          int n = node.inputs().size();
          inputCount(1, Math.max(1, n));
          int[] all = range(n);
          sameTypes(all);
          yield List.of(new ValueType(in(0).dtype(), broadcast(all)));
        }
        case EQUAL, GREATER, LESS -> {
          inputCount(2, 2);
          sameTypes(0, 1);
          yield List.of(new ValueType(Dtype.BOOL, broadcast(0, 1)));
        }
        case WHERE -> {
          inputCount(3, 3);
          requireType(0, Dtype.BOOL);
          sameTypes(1, 2);
          yield List.of(new ValueType(in(1).dtype(), broadcast(0, 1, 2)));
        }
        case SOFTMAX, LOG_SOFTMAX -> {
          inputCount(1, 1);
          normaliseAxis("axis", in(0).rank());
          yield List.of(in(0));
        }
        case CAST -> {
          inputCount(1, 1);
          Dtype to = OnnxType.dtype((int) intAttr("to"));
          if (to == null) {
            throw unsupported("attribute to=" + intAttr("to") + " (an element type)");
          }
          yield List.of(in(0).withType(to));
        }
        case CLIP -> inferClip();
        case GATHER -> inferGather();
        case REDUCE_SUM, REDUCE_MEAN -> inferReduce();
        case CONCAT -> inferConcat();
        case RESHAPE -> inferReshape();
        case FLATTEN -> {
          inputCount(1, 1);
          ValueType x = in(0);
          long a = intAttr("axis");
          if (a < -x.rank() || a > x.rank()) {
            throw malformed("axis " + a + " is out of range for rank " + x.rank());
          }
          int axis = (int) (a < 0 ? a + x.rank() : a);
          attributes.put("axis", NodeAttribute.ofInt(axis));
          long[] d = x.dims();
          yield List.of(
              new ValueType(
                  x.dtype(), new long[] {product(d, 0, axis), product(d, axis, d.length)}));
        }
        case UNSQUEEZE -> inferUnsqueeze();
        case SQUEEZE -> inferSqueeze();
        case TRANSPOSE -> {
          inputCount(1, 1);
          int rank = in(0).rank();
          long[] perm = intsAttr("perm", null);
          if (perm == null) {
            perm = new long[rank];
            for (int i = 0; i < rank; i++) {
              perm[i] = rank - 1 - i;
            }
          }
          long[] sorted = perm.clone();
          Arrays.sort(sorted);
          if (!Arrays.equals(sorted, Arrays.stream(range(rank)).asLongStream().toArray())) {
            throw malformed(
                "perm " + Arrays.toString(perm) + " is not a permutation of 0.." + (rank - 1));
          }
          attributes.put("perm", NodeAttribute.ofInts(perm));
          long[] d = in(0).dims();
          long[] out = new long[rank];
          for (int i = 0; i < rank; i++) {
            out[i] = d[(int) perm[i]];
          }
          yield List.of(new ValueType(in(0).dtype(), out));
        }
        case SLICE -> inferSlice();
        case PAD -> inferPad();
        case SHAPE -> {
          inputCount(1, 1);
          int rank = in(0).rank();
          long start = clampShapeBound(intAttr("start"), rank);
          NodeAttribute endAttr = attributes.get("end");
          long end = endAttr == null ? rank : clampShapeBound(endAttr.asInt(), rank);
          attributes.put("start", NodeAttribute.ofInt(start));
          attributes.put("end", NodeAttribute.ofInt(Math.max(start, end)));
          yield List.of(new ValueType(Dtype.INT64, new long[] {Math.max(0, end - start)}));
        }
        case CONSTANT_OF_SHAPE -> {
          inputCount(1, 1);
          NodeAttribute value = attributes.get("value");
          Tensor v = value == null ? Tensor.of(new float[] {0f}, 1) : value.asTensor();
          if (v.size() != 1) {
            throw malformed("value must hold one element but holds " + v.size());
          }
          attributes.put("value", NodeAttribute.ofTensor(v));
          ValueType shape = in(0);
          if (shape.dtype() != Dtype.INT64 || shape.rank() != 1 || shape.dim(0) == UNKNOWN) {
            throw malformed("expected an int64 shape vector of known length but found " + shape);
          }
          Tensor constant = constants.get(node.input(0));
          long[] dims = new long[(int) shape.dim(0)];
          Arrays.fill(dims, UNKNOWN);
          if (constant != null) {
            dims = constant.longs();
          }
          yield List.of(new ValueType(v.dtype(), dims));
        }
        case CONSTANT -> inferConstant();
        case MAT_MUL -> inferMatMul();
        case GEMM -> inferGemm();
        case LAYER_NORMALIZATION -> {
          inputCount(2, 3);
          ValueType x = in(0);
          normaliseAxis("axis", x.rank());
          if (intAttr("stash_type") != 1) {
            throw unsupported("attribute stash_type=" + intAttr("stash_type"));
          }
          yield List.of(x);
        }
        case BATCH_NORMALIZATION -> {
          inputCount(5, 5);
          if (intAttr("training_mode") != 0) {
            throw unsupported("attribute training_mode=" + intAttr("training_mode"));
          }
          ValueType x = in(0);
          if (x.rank() < 2) {
            throw malformed("expected an input of rank 2 or more but found " + x);
          }
          for (int i = 1; i < 5; i++) {
            if (in(i).rank() != 1) {
              throw malformed("expected rank-1 scale, bias, mean and var but found " + in(i));
            }
          }
          yield List.of(x);
        }
        case CONV -> inferConv();
        case MAX_POOL, AVERAGE_POOL -> inferPool();
        case GLOBAL_AVERAGE_POOL -> {
          inputCount(1, 1);
          ValueType x = in(0);
          if (x.rank() < 3) {
            throw malformed("expected [N, C, spatial...] but found " + x);
          }
          long[] d = x.dims();
          Arrays.fill(d, 2, d.length, 1);
          yield List.of(new ValueType(x.dtype(), d));
        }
      };
    }

    private void requireType(int index, Dtype type) throws OnnxModelException {
      if (in(index).dtype() != type) {
        throw malformed(
            "input " + (index + 1) + " must be " + type.numpyName() + " but is " + in(index));
      }
    }

    private void normaliseAxis(String name, int rank) throws OnnxModelException {
      attributes.put(name, NodeAttribute.ofInt(axis(intAttr(name), rank, name)));
    }

    private long[] broadcast(int... indices) throws OnnxModelException {
      long[][] shapes = new long[indices.length][];
      for (int i = 0; i < indices.length; i++) {
        shapes[i] = in(indices[i]).dims();
      }
      long[] out = ValueType.broadcast(shapes);
      if (out == null) {
        StringBuilder all = new StringBuilder();
        for (int i : indices) {
          all.append(all.length() == 0 ? "" : " and ").append(in(i));
        }
        throw malformed("inputs " + all + " do not broadcast");
      }
      return out;
    }

    private List<ValueType> inferClip() throws OnnxModelException {
      inputCount(1, 3);
      for (int i = 1; i < 3; i++) {
        if (node.hasInput(i)) {
          if (in(i).rank() != 0) {
            throw malformed("min and max must be scalars but input " + (i + 1) + " is " + in(i));
          }
          sameTypes(0, i);
        }
      }
      return List.of(in(0));
    }

    private List<ValueType> inferGather() throws OnnxModelException {
      inputCount(2, 2);
      ValueType data = in(0);
      ValueType indices = in(1);
      if (indices.dtype() != Dtype.INT64 && indices.dtype() != Dtype.INT32) {
        throw malformed("indices must be int32 or int64 but are " + indices);
      }
      int axis = axis(intAttr("axis"), data.rank(), "axis");
      attributes.put("axis", NodeAttribute.ofInt(axis));
      Tensor constant = constants.get(node.input(1));
      if (constant != null) {
        long[] values = constant.toLongs();
        if (Arrays.stream(values).anyMatch(v -> v < 0)) {
          long dim = data.dim(axis);
          if (dim == UNKNOWN) {
            throw unsupported("negative constant indices on the dynamic axis " + axis);
          }
          for (int i = 0; i < values.length; i++) {
            values[i] = values[i] < 0 ? values[i] + dim : values[i];
          }
          String name = freshName(node.input(1) + ".nonnegative");
          constants.put(name, Tensor.of(values, constant.shape()));
          types.put(name, new ValueType(Dtype.INT64, constant.shape()));
          inputs.set(1, name);
        }
      }
      long[] d = data.dims();
      long[] out = new long[d.length - 1 + indices.rank()];
      int k = 0;
      for (int i = 0; i < axis; i++) {
        out[k++] = d[i];
      }
      for (long i : indices.dims()) {
        out[k++] = i;
      }
      for (int i = axis + 1; i < d.length; i++) {
        out[k++] = d[i];
      }
      return List.of(new ValueType(data.dtype(), out));
    }

    private String freshName(String base) {
      String name = base;
      for (int i = 1; types.containsKey(name); i++) {
        name = base + i;
      }
      return name;
    }

    private List<ValueType> inferReduce() throws OnnxModelException {
      ValueType x = in(0);
      long[] axes;
      if (op == Operator.REDUCE_SUM) {
        inputCount(1, 2);
        axes = node.hasInput(1) ? constantInput(1, "axes").toLongs() : new long[0];
        inputs.subList(1, inputs.size()).clear();
        if (axes.length == 0 && intAttr("noop_with_empty_axes") != 0) {
          throw unsupported("attribute noop_with_empty_axes=1 without axes");
        }
        attributes.remove("noop_with_empty_axes");
      } else {
        inputCount(1, 1);
        axes = intsAttr("axes", new long[0]);
      }
      if (axes.length == 0) {
        axes = Arrays.stream(range(x.rank())).asLongStream().toArray();
      }
      axes = axes(axes, x.rank(), "axes");
      attributes.put("axes", NodeAttribute.ofInts(axes));
      boolean keep = intAttr("keepdims") != 0;
      List<Long> out = new ArrayList<>();
      long[] d = x.dims();
      for (int i = 0; i < d.length; i++) {
        if (Arrays.binarySearch(axes, i) < 0) {
          out.add(d[i]);
        } else if (keep) {
          out.add(1L);
        }
      }
      return List.of(new ValueType(x.dtype(), out.stream().mapToLong(Long::longValue).toArray()));
    }

    private List<ValueType> inferConcat() throws OnnxModelException {
      int n = node.inputs().size();
      inputCount(1, Math.max(1, n));
      int[] all = range(n);
      sameTypes(all);
      int rank = in(0).rank();
      int axis = axis(intAttr("axis"), rank, "axis");
      attributes.put("axis", NodeAttribute.ofInt(axis));
      long[] out = in(0).dims();
      long sum = 0;
      for (int i : all) {
        ValueType t = in(i);
        if (t.rank() != rank) {
          throw malformed("expected inputs of one rank but found " + in(0) + " and " + t);
        }
        sum = sum == UNKNOWN || t.dim(axis) == UNKNOWN ? UNKNOWN : sum + t.dim(axis);
        for (int k = 0; k < rank; k++) {
          if (k != axis && out[k] == UNKNOWN) {
            out[k] = t.dim(k);
          }
        }
      }
      out[axis] = sum;
      return List.of(new ValueType(in(0).dtype(), out));
    }

    private List<ValueType> inferReshape() throws OnnxModelException {
      inputCount(2, 2);
      if (intAttr("allowzero") != 0) {
        throw unsupported("attribute allowzero=" + intAttr("allowzero"));
      }
      ValueType x = in(0);
      ValueType shape = in(1);
      if (shape.dtype() != Dtype.INT64 || shape.rank() != 1 || shape.dim(0) == UNKNOWN) {
        throw malformed("expected an int64 shape vector of known length but found " + shape);
      }
      long[] out = new long[(int) shape.dim(0)];
      Arrays.fill(out, UNKNOWN);
      Tensor constant = constants.get(node.input(1));
      if (constant != null) {
        long[] target = constant.longs();
        int inferred = -1;
        for (int i = 0; i < target.length; i++) {
          if (target[i] == 0) {
            if (i >= x.rank()) {
              throw malformed(
                  "shape "
                      + Arrays.toString(target)
                      + " copies a dimension "
                      + x
                      + " does not have");
            }
            out[i] = x.dim(i);
          } else if (target[i] == -1) {
            if (inferred >= 0) {
              throw malformed("shape " + Arrays.toString(target) + " has more than one -1");
            }
            inferred = i;
          } else if (target[i] < -1) {
            throw malformed("shape " + Arrays.toString(target) + " has a negative dimension");
          } else {
            out[i] = target[i];
          }
        }
        if (inferred >= 0 && x.isStatic()) {
          long known = 1;
          boolean all = true;
          for (int i = 0; i < out.length; i++) {
            if (i != inferred) {
              all &= out[i] != UNKNOWN;
              known *= out[i];
            }
          }
          if (all && known > 0) {
            out[inferred] = product(x.dims(), 0, x.rank()) / known;
          }
        }
      }
      return List.of(new ValueType(x.dtype(), out));
    }

    private List<ValueType> inferUnsqueeze() throws OnnxModelException {
      inputCount(2, 2);
      ValueType x = in(0);
      long[] raw = constantInput(1, "axes").toLongs();
      inputs.subList(1, inputs.size()).clear();
      int rank = x.rank() + raw.length;
      long[] axes = axes(raw, rank, "axes");
      attributes.put("axes", NodeAttribute.ofInts(axes));
      long[] out = new long[rank];
      int k = 0;
      for (int i = 0; i < rank; i++) {
        out[i] = Arrays.binarySearch(axes, i) >= 0 ? 1 : x.dim(k++);
      }
      return List.of(new ValueType(x.dtype(), out));
    }

    private List<ValueType> inferSqueeze() throws OnnxModelException {
      inputCount(1, 2);
      ValueType x = in(0);
      long[] axes;
      if (node.hasInput(1)) {
        axes = axes(constantInput(1, "axes").toLongs(), x.rank(), "axes");
        for (long a : axes) {
          if (x.dim((int) a) != 1 && x.dim((int) a) != UNKNOWN) {
            throw malformed("axis " + a + " of " + x + " is not of size 1");
          }
        }
      } else {
        if (!x.isStatic()) {
          throw unsupported("no axes on an input with dynamic dimensions (" + x + ")");
        }
        axes = Arrays.stream(range(x.rank())).filter(i -> x.dim(i) == 1).asLongStream().toArray();
      }
      inputs.subList(Math.min(1, inputs.size()), inputs.size()).clear();
      attributes.put("axes", NodeAttribute.ofInts(axes));
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < x.rank(); i++) {
        if (Arrays.binarySearch(axes, i) < 0) {
          out.add(x.dim(i));
        }
      }
      return List.of(new ValueType(x.dtype(), out.stream().mapToLong(Long::longValue).toArray()));
    }

    private List<ValueType> inferSlice() throws OnnxModelException {
      inputCount(3, 5);
      ValueType x = in(0);
      long[] starts = constantInput(1, "starts").toLongs();
      long[] ends = constantInput(2, "ends").toLongs();
      long[] rawAxes =
          node.hasInput(3)
              ? constantInput(3, "axes").toLongs()
              : Arrays.stream(range(starts.length)).asLongStream().toArray();
      long[] steps = node.hasInput(4) ? constantInput(4, "steps").toLongs() : null;
      if (steps == null) {
        steps = new long[starts.length];
        Arrays.fill(steps, 1);
      }
      if (ends.length != starts.length
          || rawAxes.length != starts.length
          || steps.length != starts.length) {
        throw malformed("starts, ends, axes and steps must have one length");
      }
      long[] axes = new long[rawAxes.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = axis(rawAxes[i], x.rank(), "axes");
        if (steps[i] == 0) {
          throw malformed("steps must not be 0");
        }
      }
      if (Arrays.stream(axes).distinct().count() != axes.length) {
        throw malformed("axes " + Arrays.toString(rawAxes) + " repeat an axis");
      }
      inputs.subList(1, inputs.size()).clear();
      attributes.put("starts", NodeAttribute.ofInts(starts));
      attributes.put("ends", NodeAttribute.ofInts(ends));
      attributes.put("axes", NodeAttribute.ofInts(axes));
      attributes.put("steps", NodeAttribute.ofInts(steps));
      long[] out = x.dims();
      for (int i = 0; i < axes.length; i++) {
        int a = (int) axes[i];
        if (out[a] != UNKNOWN) {
          out[a] = SliceBounds.of(starts[i], ends[i], steps[i], out[a]).length();
        }
      }
      return List.of(new ValueType(x.dtype(), out));
    }

    private List<ValueType> inferPad() throws OnnxModelException {
      inputCount(2, 3);
      String mode = attributes.get("mode").asString();
      if (!mode.equals("constant")) {
        throw unsupported("attribute mode=" + mode);
      }
      ValueType x = in(0);
      long[] pads = constantInput(1, "pads").toLongs();
      if (pads.length != 2 * x.rank()) {
        throw malformed("pads must hold 2 values per dimension of " + x);
      }
      if (Arrays.stream(pads).anyMatch(p -> p < 0)) {
        throw unsupported("negative pads=" + Arrays.toString(pads) + " (cropping)");
      }
      Tensor value =
          node.hasInput(2) ? constantInput(2, "constant_value") : Tensor.filled(x.dtype(), 0);
      if (value.size() != 1 || value.dtype() != x.dtype()) {
        throw malformed("constant_value must be one " + x.dtype().numpyName() + " but is " + value);
      }
      inputs.subList(1, inputs.size()).clear();
      attributes.put("pads", NodeAttribute.ofInts(pads));
      attributes.put("value", NodeAttribute.ofTensor(value.reshape()));
      long[] out = x.dims();
      for (int i = 0; i < out.length; i++) {
        if (out[i] != UNKNOWN) {
          out[i] += pads[i] + pads[i + out.length];
        }
      }
      return List.of(new ValueType(x.dtype(), out));
    }

    private long clampShapeBound(long bound, int rank) {
      long b = bound < 0 ? bound + rank : bound;
      return Math.max(0, Math.min(rank, b));
    }

    private List<ValueType> inferConstant() throws OnnxModelException {
      inputCount(0, 0);
      List<String> given = new ArrayList<>(attributes.keySet());
      if (given.size() != 1) {
        throw malformed("expected exactly one value attribute but found " + given);
      }
      NodeAttribute a = attributes.get(given.get(0));
      Tensor value =
          switch (given.get(0)) {
            case "value" -> a.asTensor();
            case "value_float" -> Tensor.of(new float[] {a.asFloat()});
            case "value_floats" -> {
              float[] f = a.asFloats();
              yield Tensor.of(f, f.length);
            }
            case "value_int" -> Tensor.of(new long[] {a.asInt()});
            default -> {
              long[] l = a.asInts();
              yield Tensor.of(l, l.length);
            }
          };
      attributes.clear();
      attributes.put("value", NodeAttribute.ofTensor(value));
      return List.of(typeOf(value));
    }

    private List<ValueType> inferMatMul() throws OnnxModelException {
      inputCount(2, 2);
      sameTypes(0, 1);
      ValueType a = in(0);
      ValueType b = in(1);
      if (a.rank() < 1 || b.rank() < 1) {
        throw malformed("MatMul needs inputs of rank 1 or more but found " + a + " and " + b);
      }
      long[] ad = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.dims();
      long[] bd = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.dims();
      long k1 = ad[ad.length - 1];
      long k2 = bd[bd.length - 2];
      if (k1 != UNKNOWN && k2 != UNKNOWN && k1 != k2) {
        throw malformed("inner dimensions of " + a + " and " + b + " differ");
      }
      long[] batch =
          ValueType.broadcast(Arrays.copyOf(ad, ad.length - 2), Arrays.copyOf(bd, bd.length - 2));
      if (batch == null) {
        throw malformed("batch dimensions of " + a + " and " + b + " do not broadcast");
      }
      List<Long> out = new ArrayList<>();
      for (long d : batch) {
        out.add(d);
      }
      if (a.rank() > 1) {
        out.add(ad[ad.length - 2]);
      }
      if (b.rank() > 1) {
        out.add(bd[bd.length - 1]);
      }
      return List.of(new ValueType(a.dtype(), out.stream().mapToLong(Long::longValue).toArray()));
    }

    private List<ValueType> inferGemm() throws OnnxModelException {
      inputCount(2, 3);
      ValueType a = in(0);
      ValueType b = in(1);
      if (a.rank() != 2 || b.rank() != 2) {
        throw malformed("expected rank-2 A and B but found " + a + " and " + b);
      }
      long m = intAttr("transA") != 0 ? a.dim(1) : a.dim(0);
      long n = intAttr("transB") != 0 ? b.dim(0) : b.dim(1);
      if (node.hasInput(2) && in(2).rank() > 2) {
        throw malformed("C must broadcast to [M, N] but is " + in(2));
      }
      return List.of(new ValueType(a.dtype(), new long[] {m, n}));
    }

    private List<ValueType> inferConv() throws OnnxModelException {
      inputCount(2, 3);
      ValueType x = in(0);
      ValueType w = in(1);
      int spatial = checkSpatial(x);
      if (w.rank() != x.rank()) {
        throw malformed("weights " + w + " do not match input " + x);
      }
      long[] kernel = Arrays.copyOfRange(w.dims(), 2, w.rank());
      long[] given = intsAttr("kernel_shape", kernel);
      if (!Arrays.equals(given, kernel)) {
        throw malformed(
            "kernel_shape " + Arrays.toString(given) + " differs from the weights' " + w);
      }
      attributes.put("kernel_shape", NodeAttribute.ofInts(kernel));
      long group = intAttr("group");
      long channels = x.dim(1);
      if (group < 1
          || w.dim(0) % group != 0
          || (channels != UNKNOWN && channels != w.dim(1) * group)) {
        throw malformed("group " + group + " does not fit input " + x + " and weights " + w);
      }
      long[] pads = windowAttributes(spatial, kernel);
      long[] out = x.dims();
      out[1] = w.dim(0);
      outputSpatial(out, kernel, pads);
      return List.of(new ValueType(x.dtype(), out));
    }

    private List<ValueType> inferPool() throws OnnxModelException {
      inputCount(1, 1);
      ValueType x = in(0);
      int spatial = checkSpatial(x);
      long[] kernel = intsAttr("kernel_shape", null);
      if (kernel == null || kernel.length != spatial) {
        throw malformed("kernel_shape must give " + spatial + " sizes for input " + x);
      }
      if (intAttr("ceil_mode") != 0) {
        throw unsupported("attribute ceil_mode=" + intAttr("ceil_mode"));
      }
      if (op == Operator.MAX_POOL) {
        if (intAttr("storage_order") != 0) {
          throw unsupported("attribute storage_order=" + intAttr("storage_order"));
        }
        long[] dilations = intsAttr("dilations", null);
        if (dilations != null && Arrays.stream(dilations).anyMatch(d -> d != 1)) {
          throw unsupported("attribute dilations=" + Arrays.toString(dilations));
        }
        attributes.remove("storage_order");
      }
      long[] pads = windowAttributes(spatial, kernel);
      attributes.remove("ceil_mode");
      if (op == Operator.AVERAGE_POOL
          && intAttr("count_include_pad") == 0
          && Arrays.stream(pads).anyMatch(p -> p != 0)) {
        for (int i = 2; i < x.rank(); i++) {
          if (x.dim(i) == UNKNOWN) {
            throw unsupported(
                "count_include_pad=0 and pads on the dynamic spatial dimensions of " + x);
          }
        }
      }
      long[] out = x.dims();
      outputSpatial(out, kernel, pads);
      return List.of(new ValueType(x.dtype(), out));
    }

    private int checkSpatial(ValueType x) throws OnnxModelException {
      if (x.rank() != 3 && x.rank() != 4) {
        throw unsupported(
            "an input of rank "
                + x.rank()
                + " (only 1-D and 2-D windows, [N, C, L] or [N, C, H, W])");
      }
      return x.rank() - 2;
    }

    /** Fills strides, dilations and pads; checks auto_pad and that pads are symmetric. */
    private long[] windowAttributes(int spatial, long[] kernel) throws OnnxModelException {
      String autoPad = attributes.get("auto_pad").asString();
      if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
        throw unsupported("attribute auto_pad=" + autoPad);
      }
      long[] ones = new long[spatial];
      Arrays.fill(ones, 1);
      long[] strides = intsAttr("strides", ones);
      long[] dilations = intsAttr("dilations", ones);
      long[] pads = autoPad.equals("VALID") ? new long[2 * spatial] : intsAttr("pads", null);
      if (pads == null) {
        pads = new long[2 * spatial];
      }
      if (strides.length != spatial || dilations.length != spatial || pads.length != 2 * spatial) {
        throw malformed(
            "strides, dilations and pads do not fit " + spatial + " spatial dimensions");
      }
      for (int i = 0; i < spatial; i++) {
        if (pads[i] != pads[i + spatial]) {
          throw unsupported("asymmetric pads=" + Arrays.toString(pads));
        }
        if (strides[i] < 1 || dilations[i] < 1 || pads[i] < 0 || kernel[i] < 1) {
          throw malformed("strides, dilations and kernel must be positive and pads not negative");
        }
      }
      attributes.remove("auto_pad");
      attributes.put("strides", NodeAttribute.ofInts(strides));
      attributes.put("dilations", NodeAttribute.ofInts(dilations));
      attributes.put("pads", NodeAttribute.ofInts(pads));
      return pads;
    }

    private void outputSpatial(long[] dims, long[] kernel, long[] pads) {
      long[] strides = attributes.get("strides").asInts();
      long[] dilations = attributes.get("dilations").asInts();
      for (int i = 0; i < kernel.length; i++) {
        long in = dims[i + 2];
        if (in != UNKNOWN) {
          long span = dilations[i] * (kernel[i] - 1) + 1;
          dims[i + 2] = Math.floorDiv(in + 2 * pads[i] - span, strides[i]) + 1;
        }
      }
    }
  }

  private static int[] range(int n) {
    int[] range = new int[n];
    for (int i = 0; i < n; i++) {
      range[i] = i;
    }
    return range;
  }

  private static long product(long[] dims, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      if (dims[i] == UNKNOWN) {
        return UNKNOWN;
      }
      p *= dims[i];
    }
    return p;
  }
}
