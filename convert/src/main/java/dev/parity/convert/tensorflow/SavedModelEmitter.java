package dev.parity.convert.tensorflow;

import static dev.parity.convert.tensorflow.GraphDefBuilder.bool;
import static dev.parity.convert.tensorflow.GraphDefBuilder.integer;
import static dev.parity.convert.tensorflow.GraphDefBuilder.ints;
import static dev.parity.convert.tensorflow.GraphDefBuilder.string;
import static dev.parity.convert.tensorflow.GraphDefBuilder.type;
import static dev.parity.graph.ValueType.UNKNOWN;

import dev.parity.convert.onnx.OnnxGraph;
import dev.parity.graph.GraphValue;
import dev.parity.graph.OnnxNode;
import dev.parity.graph.OnnxType;
import dev.parity.graph.Operator;
import dev.parity.graph.SliceBounds;
import dev.parity.graph.ValueType;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * Lowers a read ONNX graph to a TensorFlow SavedModel: one or a few TensorFlow ops per ONNX node,
 * constants as {@code Const} nodes. The signature's inputs and outputs are keyed by the ONNX names,
 * with the ONNX types and shapes (-1 for a dynamic dimension). TensorFlow's CPU kernels take
 * convolutions and pooling in NHWC only, so those transpose around the op.
 */
public final class SavedModelEmitter {

  private final OnnxGraph graph;
  private final GraphDefBuilder tf = GraphDefBuilder.renamingClashes();
  private final Map<String, String> tensors = new HashMap<>();

  private SavedModelEmitter(OnnxGraph graph) {
    this.graph = graph;
  }

  /**
   * Builds the SavedModel in memory.
   *
   * @param graph the graph, already checked against the op set
   * @return the SavedModel; write it with {@link GraphDefBuilder#writeDeterministic}
   */
  public static SavedModel emit(OnnxGraph graph) {
    return new SavedModelEmitter(graph).build();
  }

  private SavedModel build() {
    SignatureDef.Builder signature =
        SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
    for (GraphValue input : graph.inputs()) {
      ValueType t = input.type();
      String node =
          tf.add(
              input.name(),
              "Placeholder",
              List.of(),
              "dtype",
              type(t.dtype()),
              "shape",
              AttrValue.newBuilder().setShape(GraphDefBuilder.shape(t.dims())).build());
      tensors.put(input.name(), node);
      signature.putInputs(
          input.name(),
          GraphDefBuilder.tensorInfo(node, GraphDefBuilder.dtype(t.dtype()), t.dims()));
    }
    for (OnnxNode node : graph.nodes()) {
      lower(node);
    }
    for (GraphValue output : graph.outputs()) {
      ValueType t = output.type();
      String node =
          tf.add(output.name(), "Identity", List.of(value(output.name())), "T", type(t.dtype()));
      signature.putOutputs(
          output.name(),
          GraphDefBuilder.tensorInfo(node, GraphDefBuilder.dtype(t.dtype()), t.dims()));
    }
    return tf.savedModel(signature.build());
  }

  /** Returns the TensorFlow tensor holding an ONNX value, adding its Const on first use. */
  private String value(String name) {
    String tensor = tensors.get(name);
    if (tensor == null) {
      Tensor constant = graph.constant(name);
      if (constant == null) {
        throw new IllegalStateException("no TensorFlow tensor for ONNX value " + name);
      }
      tensor = tf.constant(name, constant);
      tensors.put(name, tensor);
    }
    return tensor;
  }

  private void lower(OnnxNode node) {
    Operator op = Operator.of(node.op());
    Lowering l = new Lowering(node);
    String out =
        switch (op) {
          case ABS -> l.unary("Abs");
          case NEG -> l.unary("Neg");
          case EXP -> l.unary("Exp");
          case LOG -> l.unary("Log");
          case SQRT -> l.unary("Sqrt");
          case RELU -> l.unary("Relu");
          case SIGMOID -> l.unary("Sigmoid");
          case TANH -> l.unary("Tanh");
          case ERF -> l.unary("Erf");
          case IDENTITY -> l.unary("Identity");
          case NOT -> tf.add(l.name, "LogicalNot", List.of(l.in(0)));
          case ADD -> l.binary("AddV2", l.in(0), l.in(1));
          case SUB -> l.binary("Sub", l.in(0), l.in(1));
          case MUL -> l.binary("Mul", l.in(0), l.in(1));
          case DIV ->
              l.binary(
                  l.typeOf(0).dtype().isFloating() ? "RealDiv" : "TruncateDiv", l.in(0), l.in(1));
          case POW -> l.binary("Pow", l.in(0), l.castTo(1, l.typeOf(0).dtype()));
          case MAX -> l.chain("Maximum");
          case MIN -> l.chain("Minimum");
          case EQUAL -> l.compare("Equal");
          case GREATER -> l.compare("Greater");
          case LESS -> l.compare("Less");
          case WHERE ->
              tf.add(l.name, "SelectV2", List.of(l.in(0), l.in(1), l.in(2)), "T", l.t(l.typeOf(1)));
          case SOFTMAX -> l.softmax("Softmax");
          case LOG_SOFTMAX -> l.softmax("LogSoftmax");
          case CAST -> l.castTo(0, OnnxType.dtype((int) node.intAttribute("to")));
          case CLIP -> l.clip();
          case GATHER ->
              tf.add(
                  l.name,
                  "GatherV2",
                  List.of(l.in(0), l.in(1), tf.int32(l.name + "/axis", node.intAttribute("axis"))),
                  "Tparams",
                  l.t(l.typeOf(0)),
                  "Tindices",
                  l.t(l.typeOf(1)),
                  "Taxis",
                  type(Dtype.INT32),
                  "batch_dims",
                  integer(0));
          case REDUCE_SUM -> l.reduce("Sum", l.in(0), node.intsAttribute("axes"));
          case REDUCE_MEAN -> l.reduce("Mean", l.in(0), node.intsAttribute("axes"));
          case CONCAT -> l.concat();
          case RESHAPE -> l.reshape();
          case FLATTEN -> l.flatten();
          case UNSQUEEZE -> l.unsqueeze();
          case SQUEEZE -> l.squeeze(l.in(0), node.intsAttribute("axes"));
          case TRANSPOSE -> l.transpose(l.in(0), node.intsAttribute("perm"));
          case SLICE -> l.slice();
          case PAD -> l.padConstant();
          case SHAPE -> l.shape();
          case CONSTANT_OF_SHAPE -> l.constantOfShape();
          case CONSTANT -> value(node.output());
          case MAT_MUL -> l.matMul();
          case GEMM -> l.gemm();
          case LAYER_NORMALIZATION -> l.layerNorm();
          case BATCH_NORMALIZATION -> l.batchNorm();
          case CONV -> l.conv();
          case MAX_POOL, AVERAGE_POOL -> l.pool(op == Operator.MAX_POOL);
          case GLOBAL_AVERAGE_POOL -> {
            long[] axes = new long[l.typeOf(0).rank() - 2];
            Arrays.setAll(axes, i -> i + 2);
            yield l.reduce("Mean", l.in(0), axes, true);
          }
        };
    tensors.put(node.output(), out);
  }

  /** The TensorFlow ops for one ONNX node; intermediate nodes are named after its output. */
  private final class Lowering {
    private final OnnxNode node;
    private final String name;

    Lowering(OnnxNode node) {
      this.node = node;
      this.name = node.output();
    }

    String in(int i) {
      return value(node.input(i));
    }

    ValueType typeOf(int i) {
      return graph.type(node.input(i));
    }

    ValueType outType() {
      return graph.type(node.output());
    }

    AttrValue t(ValueType v) {
      return type(v.dtype());
    }

    String sub(String suffix) {
      return name + "/" + suffix;
    }

    String unary(String op) {
      return tf.add(name, op, List.of(in(0)), "T", t(typeOf(0)));
    }

    String binary(String op, String a, String b) {
      return tf.add(name, op, List.of(a, b), "T", t(typeOf(0)));
    }

    String compare(String op) {
      if (op.equals("Equal")) {
        return tf.add(
            name,
            op,
            List.of(in(0), in(1)),
            "T",
            t(typeOf(0)),
            "incompatible_shape_error",
            bool(true));
      }
      return tf.add(name, op, List.of(in(0), in(1)), "T", t(typeOf(0)));
    }

    String chain(String op) {
      String acc = in(0);
      int n = node.inputs().size();
      if (n == 1) {
        return unary("Identity");
      }
      for (int i = 1; i < n; i++) {
        acc = tf.add(i == n - 1 ? name : sub(op + i), op, List.of(acc, in(i)), "T", t(typeOf(0)));
      }
      return acc;
    }

    String castTo(int input, Dtype to) {
      Dtype from = typeOf(input).dtype();
      String target = input == 0 ? name : sub("cast");
      if (from == to) {
        return input == 0 ? unary("Identity") : in(input);
      }
      return tf.add(
          target,
          "Cast",
          List.of(in(input)),
          "SrcT",
          type(from),
          "DstT",
          type(to),
          "Truncate",
          bool(false));
    }

    String clip() {
      String x = in(0);
      boolean min = node.hasInput(1);
      boolean max = node.hasInput(2);
      if (!min && !max) {
        return unary("Identity");
      }
      if (min) {
        x = tf.add(max ? sub("min") : name, "Maximum", List.of(x, in(1)), "T", t(typeOf(0)));
      }
      if (max) {
        x = tf.add(name, "Minimum", List.of(x, in(2)), "T", t(typeOf(0)));
      }
      return x;
    }

    String softmax(String op) {
      int rank = typeOf(0).rank();
      int axis = (int) node.intAttribute("axis");
      if (axis == rank - 1) {
        return tf.add(name, op, List.of(in(0)), "T", t(typeOf(0)));
      }
      // TensorFlow's softmax works on the last axis: swap the axis there and back.
      long[] perm = new long[rank];
      Arrays.setAll(perm, i -> i);
      perm[axis] = rank - 1;
      perm[rank - 1] = axis;
      String moved = transposeNamed(sub("to_last"), in(0), perm);
      String result = tf.add(sub(op), op, List.of(moved), "T", t(typeOf(0)));
      return transposeNamed(name, result, perm);
    }

    String reduce(String op, String x, long[] axes) {
      return reduce(op, x, axes, node.intAttribute("keepdims") != 0);
    }

    String reduce(String op, String x, long[] axes, boolean keep) {
      return reduceNamed(name, op, x, tf.int32s(sub("axes"), axes), keep, typeOf(0).dtype());
    }

    private String reduceNamed(
        String target, String op, String x, String axes, boolean keep, Dtype elementType) {
      return tf.add(
          target,
          op,
          List.of(x, axes),
          "T",
          type(elementType),
          "Tidx",
          type(Dtype.INT32),
          "keep_dims",
          bool(keep));
    }

    String concat() {
      List<String> inputs = new ArrayList<>();
      for (int i = 0; i < node.inputs().size(); i++) {
        inputs.add(in(i));
      }
      return concatOf(name, inputs, node.intAttribute("axis"), typeOf(0).dtype());
    }

    String reshapeTo(String target, String x, String shape) {
      return tf.add(
          target, "Reshape", List.of(x, shape), "T", t(typeOf(0)), "Tshape", type(Dtype.INT64));
    }

    String reshape() {
      ValueType x = typeOf(0);
      Tensor constant = graph.constant(node.input(1));
      if (constant != null) {
        long[] target = constant.longs();
        boolean hasMinusOne = Arrays.stream(target).anyMatch(d -> d == -1);
        boolean resolved = true;
        for (int i = 0; i < target.length; i++) {
          if (target[i] == 0) {
            if (x.dim(i) != UNKNOWN) {
              target[i] = x.dim(i);
            } else if (!hasMinusOne) {
              target[i] = -1;
              hasMinusOne = true;
            } else {
              resolved = false;
            }
          }
        }
        if (resolved) {
          return reshapeTo(name, in(0), tf.int64s(sub("shape"), target));
        }
      }
      // ONNX's 0 copies the input's dimension; TensorFlow's means size 0: select at run time.
      long length = typeOf(1).dim(0);
      String shape = in(1);
      String dims = shapeOf(sub("input_shape"));
      String zeros = tf.int64s(sub("zeros"), new long[(int) length]);
      String padded = concatOf(sub("padded"), List.of(dims, zeros), 0, Dtype.INT64);
      String copied = sliceOf(sub("copied"), padded, 0, length);
      String isZero =
          tf.add(
              sub("is_zero"),
              "Equal",
              List.of(shape, zeros),
              "T",
              type(Dtype.INT64),
              "incompatible_shape_error",
              bool(true));
      String resolvedShape =
          tf.add(
              sub("resolved"), "SelectV2", List.of(isZero, copied, shape), "T", type(Dtype.INT64));
      return reshapeTo(name, in(0), resolvedShape);
    }

    /** The input's shape as an int64 vector. */
    private String shapeOf(String target) {
      return tf.add(
          target, "Shape", List.of(in(0)), "T", t(typeOf(0)), "out_type", type(Dtype.INT64));
    }

    /** {@code size} elements of an int64 vector from {@code begin}. */
    private String sliceOf(String target, String vector, long begin, long size) {
      return tf.add(
          target,
          "Slice",
          List.of(vector, tf.int64s(target + "/begin", begin), tf.int64s(target + "/size", size)),
          "T",
          type(Dtype.INT64),
          "Index",
          type(Dtype.INT64));
    }

    private String concatOf(String target, List<String> parts, long axis, Dtype elementType) {
      List<String> inputs = new ArrayList<>(parts);
      inputs.add(tf.int32(target + "/axis", axis));
      return tf.add(
          target,
          "ConcatV2",
          inputs,
          "N",
          integer(parts.size()),
          "T",
          type(elementType),
          "Tidx",
          type(Dtype.INT32));
    }

    String flatten() {
      long[] out = outType().dims();
      if (out[0] == UNKNOWN && out[1] == UNKNOWN) {
        // Both sides dynamic: multiply the dimensions out at run time.
        int axis = (int) node.intAttribute("axis");
        int rank = typeOf(0).rank();
        String dims = shapeOf(sub("input_shape"));
        String outer = productOf(sub("outer"), dims, 0, axis);
        String inner = productOf(sub("inner"), dims, axis, rank - axis);
        return reshapeTo(
            name, in(0), concatOf(sub("shape"), List.of(outer, inner), 0, Dtype.INT64));
      }
      long[] shape = {out[0] == UNKNOWN ? -1 : out[0], out[1] == UNKNOWN ? -1 : out[1]};
      return reshapeTo(name, in(0), tf.int64s(sub("shape"), shape));
    }

    private String productOf(String target, String dims, long begin, long size) {
      String part = sliceOf(target + "/dims", dims, begin, size);
      return reduceNamed(target, "Prod", part, tf.int32s(target + "/axes", 0), true, Dtype.INT64);
    }

    String unsqueeze() {
      long[] axes = node.intsAttribute("axes");
      String x = in(0);
      for (int i = 0; i < axes.length; i++) {
        x = expand(i == axes.length - 1 ? name : sub("expand" + i), x, axes[i]);
      }
      return x;
    }

    String squeeze(String x, long[] axes) {
      if (axes.length == 0) {
        // An empty squeeze_dims would make TensorFlow squeeze every size-1 dimension.
        return tf.add(name, "Identity", List.of(x), "T", t(typeOf(0)));
      }
      return squeezeNamed(name, x, axes);
    }

    String squeezeNamed(String target, String x, long... axes) {
      return tf.add(target, "Squeeze", List.of(x), "T", t(typeOf(0)), "squeeze_dims", ints(axes));
    }

    String transpose(String x, long[] perm) {
      return transposeNamed(name, x, perm);
    }

    String transposeNamed(String target, String x, long... perm) {
      return tf.add(
          target,
          "Transpose",
          List.of(x, tf.int32s(target + "/perm", perm)),
          "T",
          t(typeOf(0)),
          "Tperm",
          type(Dtype.INT32));
    }

    String slice() {
      ValueType x = typeOf(0);
      int rank = x.rank();
      long[] starts = node.intsAttribute("starts");
      long[] ends = node.intsAttribute("ends");
      long[] axes = node.intsAttribute("axes");
      long[] steps = node.intsAttribute("steps");
      long[] begin = new long[rank];
      long[] end = new long[rank];
      long[] strides = new long[rank];
      Arrays.fill(strides, 1);
      long beginMask = 0;
      long endMask = 0;
      for (int a = 0; a < rank; a++) {
        beginMask |= 1L << a;
        endMask |= 1L << a;
      }
      for (int i = 0; i < axes.length; i++) {
        int a = (int) axes[i];
        beginMask &= ~(1L << a);
        endMask &= ~(1L << a);
        strides[a] = steps[i];
        if (x.dim(a) != UNKNOWN) {
          SliceBounds b = SliceBounds.of(starts[i], ends[i], steps[i], x.dim(a));
          begin[a] = b.start();
          end[a] = b.end();
          if (b.end() == -1) {
            // -1 with a negative step means past index 0; TensorFlow reads it as the last index.
            endMask |= 1L << a;
          }
        } else {
          // TensorFlow clamps as Python does, which for these is what ONNX specifies.
          begin[a] = starts[i];
          end[a] = ends[i];
        }
      }
      return tf.add(
          name,
          "StridedSlice",
          List.of(
              in(0),
              tf.int64s(sub("begin"), begin),
              tf.int64s(sub("end"), end),
              tf.int64s(sub("strides"), strides)),
          "T",
          t(x),
          "Index",
          type(Dtype.INT64),
          "begin_mask",
          integer(beginMask),
          "end_mask",
          integer(endMask),
          "ellipsis_mask",
          integer(0),
          "new_axis_mask",
          integer(0),
          "shrink_axis_mask",
          integer(0));
    }

    String padConstant() {
      long[] pads = node.intsAttribute("pads");
      if (Arrays.stream(pads).allMatch(p -> p == 0)) {
        return unary("Identity");
      }
      int rank = pads.length / 2;
      int[] paddings = new int[2 * rank];
      for (int i = 0; i < rank; i++) {
        paddings[2 * i] = Math.toIntExact(pads[i]);
        paddings[2 * i + 1] = Math.toIntExact(pads[i + rank]);
      }
      return tf.add(
          name,
          "PadV2",
          List.of(
              in(0),
              tf.constant(sub("paddings"), Tensor.of(paddings, rank, 2)),
              tf.constant(sub("value"), node.attribute("value").asTensor())),
          "T",
          t(typeOf(0)),
          "Tpaddings",
          type(Dtype.INT32));
    }

    String shape() {
      long start = node.intAttribute("start");
      long end = node.intAttribute("end");
      int rank = typeOf(0).rank();
      boolean whole = start == 0 && end == rank;
      String dims = shapeOf(whole ? name : sub("all"));
      if (whole) {
        return dims;
      }
      return sliceOf(name, dims, start, end - start);
    }

    String constantOfShape() {
      Tensor v = node.attribute("value").asTensor();
      String fill = tf.constant(sub("value"), v.reshape());
      return tf.add(
          name,
          "Fill",
          List.of(in(0), fill),
          "T",
          type(v.dtype()),
          "index_type",
          type(Dtype.INT64));
    }

    String matMul() {
      ValueType a = typeOf(0);
      ValueType b = typeOf(1);
      String x = in(0);
      String y = in(1);
      if (a.rank() == 1) {
        x = expand(sub("a_matrix"), x, 0);
      }
      if (b.rank() == 1) {
        y = expand(sub("b_matrix"), y, -1);
      }
      boolean squeeze = a.rank() == 1 || b.rank() == 1;
      String target = squeeze ? sub("product") : name;
      String product =
          a.rank() <= 2 && b.rank() <= 2
              ? tf.add(
                  target,
                  "MatMul",
                  List.of(x, y),
                  "T",
                  t(a),
                  "transpose_a",
                  bool(false),
                  "transpose_b",
                  bool(false))
              : tf.add(
                  target,
                  "BatchMatMulV2",
                  List.of(x, y),
                  "T",
                  t(a),
                  "adj_x",
                  bool(false),
                  "adj_y",
                  bool(false));
      if (!squeeze) {
        return product;
      }
      long[] axes =
          a.rank() == 1 && b.rank() == 1
              ? new long[] {-2, -1}
              : new long[] {a.rank() == 1 ? -2 : -1};
      return squeezeNamed(name, product, axes);
    }

    private String expand(String target, String x, long axis) {
      return tf.add(
          target,
          "ExpandDims",
          List.of(x, tf.int32(target + "/axis", axis)),
          "T",
          t(typeOf(0)),
          "Tdim",
          type(Dtype.INT32));
    }

    String gemm() {
      float alpha = node.floatAttribute("alpha");
      float beta = node.floatAttribute("beta");
      boolean c = node.hasInput(2) && beta != 0;
      boolean scale = alpha != 1f;
      String product =
          tf.add(
              c || scale ? sub("matmul") : name,
              "MatMul",
              List.of(in(0), in(1)),
              "T",
              t(typeOf(0)),
              "transpose_a",
              bool(node.intAttribute("transA") != 0),
              "transpose_b",
              bool(node.intAttribute("transB") != 0));
      if (scale) {
        product =
            tf.add(
                c ? sub("alpha") : name,
                "Mul",
                List.of(product, scalar(sub("alpha_value"), alpha)),
                "T",
                t(typeOf(0)));
      }
      if (!c) {
        return product;
      }
      String bias = in(2);
      ValueType cType = typeOf(2);
      long n = outType().dim(1);
      if (beta == 1f && cType.rank() == 1 && n != UNKNOWN && cType.dim(0) == n) {
        // BiasAdd, not AddV2: TensorFlow's remapper fuses MatMul + BiasAdd (+ Relu) into one op.
        return tf.add(
            name,
            "BiasAdd",
            List.of(product, bias),
            "T",
            t(typeOf(0)),
            "data_format",
            string("NHWC"));
      }
      if (beta != 1f) {
        bias =
            tf.add(
                sub("beta"),
                "Mul",
                List.of(bias, scalar(sub("beta_value"), beta)),
                "T",
                t(typeOf(0)));
      }
      return tf.add(name, "AddV2", List.of(product, bias), "T", t(typeOf(0)));
    }

    private String scalar(String target, double value) {
      return tf.constant(target, Tensor.filled(typeOf(0).dtype(), value));
    }

    String layerNorm() {
      ValueType x = typeOf(0);
      int axis = (int) node.intAttribute("axis");
      long[] axes = new long[x.rank() - axis];
      Arrays.setAll(axes, i -> axis + i);
      String axesNode = tf.int32s(sub("axes"), axes);
      String mean = meanOver(sub("mean"), in(0), axesNode);
      String centred = tf.add(sub("centred"), "Sub", List.of(in(0), mean), "T", t(x));
      String square = tf.add(sub("square"), "Square", List.of(centred), "T", t(x));
      String variance = meanOver(sub("variance"), square, axesNode);
      String shifted =
          tf.add(
              sub("variance_eps"),
              "AddV2",
              List.of(variance, scalar(sub("epsilon"), node.floatAttribute("epsilon"))),
              "T",
              t(x));
      String inverse = tf.add(sub("inverse_std"), "Rsqrt", List.of(shifted), "T", t(x));
      String normalised = tf.add(sub("normalised"), "Mul", List.of(centred, inverse), "T", t(x));
      boolean bias = node.hasInput(2);
      String scaled =
          tf.add(bias ? sub("scaled") : name, "Mul", List.of(normalised, in(1)), "T", t(x));
      return bias ? tf.add(name, "AddV2", List.of(scaled, in(2)), "T", t(x)) : scaled;
    }

    private String meanOver(String target, String x, String axes) {
      return reduceNamed(target, "Mean", x, axes, true, typeOf(0).dtype());
    }

    String batchNorm() {
      ValueType x = typeOf(0);
      long[] channelShape = new long[x.rank() - 1];
      Arrays.fill(channelShape, 1);
      channelShape[0] = -1;
      String shape = tf.int64s(sub("channel_shape"), channelShape);
      String scale = in(1);
      String variance = in(4);
      String shifted =
          tf.add(
              sub("variance_eps"),
              "AddV2",
              List.of(variance, scalar(sub("epsilon"), node.floatAttribute("epsilon"))),
              "T",
              t(x));
      String inverse = tf.add(sub("inverse_std"), "Rsqrt", List.of(shifted), "T", t(x));
      String factor = tf.add(sub("factor"), "Mul", List.of(scale, inverse), "T", t(x));
      String mean = reshapeTo(sub("mean_c"), in(3), shape);
      String factorC = reshapeTo(sub("factor_c"), factor, shape);
      String biasC = reshapeTo(sub("bias_c"), in(2), shape);
      String centred = tf.add(sub("centred"), "Sub", List.of(in(0), mean), "T", t(x));
      String scaled = tf.add(sub("scaled"), "Mul", List.of(centred, factorC), "T", t(x));
      return tf.add(name, "AddV2", List.of(scaled, biasC), "T", t(x));
    }

    /** Moves [N, C, L] or [N, C, H, W] to NHWC (1-D as H = 1). */
    private String toNhwc(String x, boolean oneD) {
      if (oneD) {
        x = expand(sub("as_2d"), x, 2);
      }
      return transposeNamed(sub("nhwc"), x, 0, 2, 3, 1);
    }

    /** Moves NHWC back to the ONNX layout under the node's name. */
    private String fromNhwc(String y, boolean oneD) {
      if (!oneD) {
        return transposeNamed(name, y, 0, 3, 1, 2);
      }
      String nchw = transposeNamed(sub("nchw"), y, 0, 3, 1, 2);
      return squeezeNamed(name, nchw, 2);
    }

    private long[] as2d(long[] values, long filler, boolean oneD) {
      return oneD ? new long[] {filler, values[0]} : values;
    }

    private String pad(String x, long[] pads, boolean oneD, Tensor padValue) {
      if (Arrays.stream(pads).allMatch(p -> p == 0)) {
        return x;
      }
      int spatial = pads.length / 2;
      long[] p = as2d(Arrays.copyOf(pads, spatial), 0, oneD);
      int[] paddings = {0, 0, (int) p[0], (int) p[0], (int) p[1], (int) p[1], 0, 0};
      String paddingNode = tf.constant(sub("paddings"), Tensor.of(paddings, 4, 2));
      if (padValue == null) {
        return tf.add(
            sub("padded"),
            "Pad",
            List.of(x, paddingNode),
            "T",
            t(typeOf(0)),
            "Tpaddings",
            type(Dtype.INT32));
      }
      return tf.add(
          sub("padded"),
          "PadV2",
          List.of(x, paddingNode, tf.constant(sub("pad_value"), padValue)),
          "T",
          t(typeOf(0)),
          "Tpaddings",
          type(Dtype.INT32));
    }

    String conv() {
      ValueType x = typeOf(0);
      boolean oneD = x.rank() == 3;
      long group = node.intAttribute("group");
      long[] strides = as2d(node.intsAttribute("strides"), 1, oneD);
      long[] dilations = as2d(node.intsAttribute("dilations"), 1, oneD);
      String input = pad(toNhwc(in(0), oneD), node.intsAttribute("pads"), oneD, null);
      String filter = filterHwio(oneD);
      List<String> inputs = List.of(input);
      List<String> filters = List.of(filter);
      if (group > 1) {
        inputs = split(sub("input_groups"), input, group);
        filters = split(sub("filter_groups"), filter, group);
      }
      List<String> outputs = new ArrayList<>();
      for (int g = 0; g < group; g++) {
        outputs.add(
            tf.add(
                sub(group > 1 ? "conv" + g : "conv"),
                "Conv2D",
                List.of(inputs.get(g), filters.get(g)),
                "T",
                t(x),
                "strides",
                ints(1, strides[0], strides[1], 1),
                "padding",
                string("VALID"),
                "dilations",
                ints(1, dilations[0], dilations[1], 1),
                "data_format",
                string("NHWC"),
                "use_cudnn_on_gpu",
                bool(true),
                "explicit_paddings",
                ints()));
      }
      String y = outputs.get(0);
      if (group > 1) {
        y = concatOf(sub("groups"), outputs, 3, x.dtype());
      }
      if (node.hasInput(2)) {
        y = tf.add(sub("bias"), "AddV2", List.of(y, in(2)), "T", t(x));
      }
      return fromNhwc(y, oneD);
    }

    /** ONNX's [M, C/g, kH, kW] weights as TensorFlow's [kH, kW, C/g, M] filter. */
    private String filterHwio(boolean oneD) {
      Tensor w = graph.constant(node.input(1));
      if (w != null) {
        long[] d = w.shape();
        Tensor w4 = oneD ? w.reshape(d[0], d[1], 1, d[2]) : w;
        return tf.constant(sub("filter"), w4.transpose(2, 3, 1, 0));
      }
      String w4 = oneD ? expand(sub("filter_2d"), in(1), 2) : in(1);
      return transposeNamed(sub("filter"), w4, 2, 3, 1, 0);
    }

    private List<String> split(String target, String x, long parts) {
      String split =
          tf.add(
              target,
              "Split",
              List.of(tf.int32(target + "/axis", 3), x),
              "T",
              t(typeOf(0)),
              "num_split",
              integer(parts));
      List<String> outputs = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        outputs.add(split + ":" + i);
      }
      return outputs;
    }

    String pool(boolean max) {
      ValueType x = typeOf(0);
      boolean oneD = x.rank() == 3;
      long[] kernel = as2d(node.intsAttribute("kernel_shape"), 1, oneD);
      long[] strides = as2d(node.intsAttribute("strides"), 1, oneD);
      long[] pads = node.intsAttribute("pads");
      boolean padded = Arrays.stream(pads).anyMatch(p -> p != 0);
      Tensor padValue = max ? Tensor.filled(x.dtype(), Double.NEGATIVE_INFINITY) : null;
      String input = pad(toNhwc(in(0), oneD), pads, oneD, padValue);
      boolean rescale = !max && padded && node.intAttribute("count_include_pad") == 0;
      String y =
          tf.add(
              sub(rescale ? "pool_with_pads" : "pool"),
              max ? "MaxPool" : "AvgPool",
              List.of(input),
              "T",
              t(x),
              "ksize",
              ints(1, kernel[0], kernel[1], 1),
              "strides",
              ints(1, strides[0], strides[1], 1),
              "padding",
              string("VALID"),
              "data_format",
              string("NHWC"));
      if (rescale) {
        // ONNX divides by the window's cells inside the input; AvgPool divided by all of them.
        y =
            tf.add(
                sub("pool"),
                "Mul",
                List.of(
                    y, tf.constant(sub("pad_rescale"), padRescale(x, kernel, strides, pads, oneD))),
                "T",
                t(x));
      }
      return fromNhwc(y, oneD);
    }

    private Tensor padRescale(
        ValueType x, long[] kernel, long[] strides, long[] pads, boolean oneD) {
      long[] in = oneD ? new long[] {1, x.dim(2)} : new long[] {x.dim(2), x.dim(3)};
      long[] p = as2d(Arrays.copyOf(pads, pads.length / 2), 0, oneD);
      long[] out = new long[2];
      for (int i = 0; i < 2; i++) {
        out[i] = (in[i] + 2 * p[i] - kernel[i]) / strides[i] + 1;
      }
      double[] factors = new double[(int) (out[0] * out[1])];
      for (int r = 0; r < out[0]; r++) {
        for (int c = 0; c < out[1]; c++) {
          long rows = inside(r * strides[0] - p[0], kernel[0], in[0]);
          long cols = inside(c * strides[1] - p[1], kernel[1], in[1]);
          factors[(int) (r * out[1] + c)] = (double) (kernel[0] * kernel[1]) / (rows * cols);
        }
      }
      return Tensor.of(factors, 1, out[0], out[1], 1).cast(x.dtype());
    }

    private long inside(long start, long size, long dim) {
      return Math.min(dim, start + size) - Math.max(0, start);
    }
  }
}
