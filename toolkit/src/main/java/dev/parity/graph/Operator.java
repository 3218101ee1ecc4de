package dev.parity.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ONNX ops (default domain, opsets {@value #MIN_OPSET} to {@value #MAX_OPSET}) the converter
 * supports, each with the attributes it reads and ONNX's default for those the file may leave out.
 * An op or attribute not listed here is refused when the graph is read; the values each attribute
 * may take are checked then too. {@code docs/onnx-op-set.md} lists the same set for users.
 */
public enum Operator {
  /** Absolute value. */
  ABS("Abs"),
  /** Broadcasting addition. */
  ADD("Add"),
  /** Pooled mean over a window. */
  AVERAGE_POOL(
      "AveragePool",
      string("auto_pad", "NOTSET"),
      integer("ceil_mode", 0),
      integer("count_include_pad", 0),
      ints("kernel_shape"),
      ints("pads"),
      ints("strides")),
  /** Batch normalisation with the stored statistics (inference). */
  BATCH_NORMALIZATION(
      "BatchNormalization",
      real("epsilon", 1e-5f),
      real("momentum", 0.9f),
      integer("training_mode", 0)),
  /** Element type conversion. */
  CAST("Cast", integer("to", null)),
  /** Bounds the values to [min, max]. */
  CLIP("Clip"),
  /** Joins tensors along an axis. */
  CONCAT("Concat", integer("axis", null)),
  /** A constant tensor. */
  CONSTANT(
      "Constant",
      tensor("value"),
      real("value_float", null),
      floats("value_floats"),
      integer("value_int", null),
      ints("value_ints")),
  /** A tensor of a given shape filled with one value. */
  CONSTANT_OF_SHAPE("ConstantOfShape", tensor("value")),
  /** 1-D or 2-D convolution. */
  CONV(
      "Conv",
      string("auto_pad", "NOTSET"),
      ints("dilations"),
      integer("group", 1),
      ints("kernel_shape"),
      ints("pads"),
      ints("strides")),
  /** Broadcasting division (integers truncate). */
  DIV("Div"),
  /** Broadcasting equality. */
  EQUAL("Equal"),
  /** Gauss error function (GELU's exact form). */
  ERF("Erf"),
  /** Exponential. */
  EXP("Exp"),
  /** Reshapes to 2-D around an axis. */
  FLATTEN("Flatten", integer("axis", 1L)),
  /** Takes slices along an axis by index (embedding lookup, shape element). */
  GATHER("Gather", integer("axis", 0L)),
  /** {@code alpha·A'·B' + beta·C} with optional transposes. */
  GEMM("Gemm", real("alpha", 1f), real("beta", 1f), integer("transA", 0L), integer("transB", 0L)),
  /** Mean over the spatial dimensions. */
  GLOBAL_AVERAGE_POOL("GlobalAveragePool"),
  /** Broadcasting greater-than. */
  GREATER("Greater"),
  /** Passes its input through. */
  IDENTITY("Identity"),
  /** Layer normalisation over the trailing dimensions. */
  LAYER_NORMALIZATION(
      "LayerNormalization",
      integer("axis", -1L),
      real("epsilon", 1e-5f),
      integer("stash_type", 1L)),
  /** Broadcasting less-than. */
  LESS("Less"),
  /** Natural logarithm. */
  LOG("Log"),
  /** Log of the softmax along an axis. */
  LOG_SOFTMAX("LogSoftmax", integer("axis", -1L)),
  /** Matrix product with numpy's broadcasting rules. */
  MAT_MUL("MatMul"),
  /** Broadcasting element-wise maximum of any number of inputs. */
  MAX("Max"),
  /** Pooled maximum over a window. */
  MAX_POOL(
      "MaxPool",
      string("auto_pad", "NOTSET"),
      integer("ceil_mode", 0L),
      ints("dilations"),
      ints("kernel_shape"),
      ints("pads"),
      integer("storage_order", 0L),
      ints("strides")),
  /** Broadcasting element-wise minimum of any number of inputs. */
  MIN("Min"),
  /** Broadcasting multiplication. */
  MUL("Mul"),
  /** Negation. */
  NEG("Neg"),
  /** Logical not. */
  NOT("Not"),
  /** Pads with a constant (mode {@code constant} only); torch writes one before AvgPool. */
  PAD("Pad", string("mode", "constant")),
  /** Broadcasting power. */
  POW("Pow"),
  /** Mean over axes. */
  REDUCE_MEAN("ReduceMean", ints("axes"), integer("keepdims", 1L)),
  /** Sum over axes (the axes come as a constant input). */
  REDUCE_SUM("ReduceSum", integer("keepdims", 1L), integer("noop_with_empty_axes", 0L)),
  /** Rectified linear unit. */
  RELU("Relu"),
  /** Reshape to a shape given as an input (0 copies a dimension, -1 is inferred). */
  RESHAPE("Reshape", integer("allowzero", 0L)),
  /** The shape of a tensor as an int64 vector. */
  SHAPE("Shape", integer("start", 0L), integer("end", null)),
  /** Logistic sigmoid. */
  SIGMOID("Sigmoid"),
  /** Slices with starts, ends, axes and steps (constant inputs). */
  SLICE("Slice"),
  /** Softmax along an axis. */
  SOFTMAX("Softmax", integer("axis", -1L)),
  /** Square root. */
  SQRT("Sqrt"),
  /** Removes size-1 dimensions. */
  SQUEEZE("Squeeze"),
  /** Broadcasting subtraction. */
  SUB("Sub"),
  /** Hyperbolic tangent. */
  TANH("Tanh"),
  /** Permutes dimensions. */
  TRANSPOSE("Transpose", ints("perm")),
  /** Inserts size-1 dimensions. */
  UNSQUEEZE("Unsqueeze"),
  /** Broadcasting select by a condition. */
  WHERE("Where");

  /** The lowest default-domain opset the converter reads. */
  public static final int MIN_OPSET = 13;

  /** The highest default-domain opset the converter reads. */
  public static final int MAX_OPSET = 17;

  private final String onnxName;
  private final Map<String, Spec> attributes;

  private record Spec(NodeAttribute.Kind kind, NodeAttribute defaultValue) {}

  private record Declared(String name, Spec spec) {}

  Operator(String onnxName, Declared... attributes) {
    this.onnxName = onnxName;
    Map<String, Spec> map = new LinkedHashMap<>();
    for (Declared d : attributes) {
      map.put(d.name, d.spec);
    }
    this.attributes = Collections.unmodifiableMap(map);
  }

  private static Declared integer(String name, Long defaultValue) {
    return new Declared(
        name,
        new Spec(
            NodeAttribute.Kind.INT,
            defaultValue == null ? null : NodeAttribute.ofInt(defaultValue)));
  }

  private static Declared integer(String name, int defaultValue) {
    return integer(name, Long.valueOf(defaultValue));
  }

  private static Declared real(String name, Float defaultValue) {
    return new Declared(
        name,
        new Spec(
            NodeAttribute.Kind.FLOAT,
            defaultValue == null ? null : NodeAttribute.ofFloat(defaultValue)));
  }

  private static Declared string(String name, String defaultValue) {
    return new Declared(
        name, new Spec(NodeAttribute.Kind.STRING, NodeAttribute.ofString(defaultValue)));
  }

  private static Declared ints(String name) {
    return new Declared(name, new Spec(NodeAttribute.Kind.INTS, null));
  }

  private static Declared floats(String name) {
    return new Declared(name, new Spec(NodeAttribute.Kind.FLOATS, null));
  }

  private static Declared tensor(String name) {
    return new Declared(name, new Spec(NodeAttribute.Kind.TENSOR, null));
  }

  /**
   * Returns the op's name in ONNX.
   *
   * @return e.g. {@code BatchNormalization}
   */
  public String onnxName() {
    return onnxName;
  }

  /**
   * Finds a supported op.
   *
   * @param onnxName the op type as in the file
   * @return the op, or null when the converter does not support it
   */
  public static Operator of(String onnxName) {
    for (Operator op : values()) {
      if (op.onnxName.equals(onnxName)) {
        return op;
      }
    }
    return null;
  }

  /**
   * Whether the converter reads an attribute of this op.
   *
   * @param attribute the attribute's name
   * @return true when listed
   */
  public boolean knows(String attribute) {
    return attributes.containsKey(attribute);
  }

  /**
   * Returns the kind of value an attribute holds.
   *
   * @param attribute a name for which {@link #knows} is true
   * @return the kind
   */
  public NodeAttribute.Kind kindOf(String attribute) {
    return attributes.get(attribute).kind();
  }

  /**
   * Returns ONNX's defaults for the attributes that have one.
   *
   * @return by name
   */
  public Map<String, NodeAttribute> defaults() {
    Map<String, NodeAttribute> defaults = new LinkedHashMap<>();
    attributes.forEach(
        (name, spec) -> {
          if (spec.defaultValue() != null) {
            defaults.put(name, spec.defaultValue());
          }
        });
    return defaults;
  }
}
