package dev.parity.graph;

import dev.parity.tensor.Dtype;

/**
 * The element types of ONNX's {@code TensorProto.DataType} that a graph may use, as {@link Dtype}s:
 * the codes a model file and a {@code Cast} node's {@code to} attribute carry. Other ONNX types
 * (float16, strings, ...) are refused when a graph is read.
 */
public final class OnnxType {

  private static final int[] CODES = new int[Dtype.values().length];

  static {
    CODES[Dtype.FLOAT32.ordinal()] = 1;
    CODES[Dtype.UINT8.ordinal()] = 2;
    CODES[Dtype.INT8.ordinal()] = 3;
    CODES[Dtype.INT32.ordinal()] = 6;
    CODES[Dtype.INT64.ordinal()] = 7;
    CODES[Dtype.BOOL.ordinal()] = 9;
    CODES[Dtype.FLOAT64.ordinal()] = 11;
  }

  private OnnxType() {}

  /**
   * Returns ONNX's code for a dtype.
   *
   * @param dtype the dtype
   * @return e.g. 1 for {@code FLOAT}
   */
  public static int code(Dtype dtype) {
    return CODES[dtype.ordinal()];
  }

  /**
   * Finds the dtype of an ONNX code.
   *
   * @param onnxCode a {@code TensorProto.DataType} value
   * @return the dtype, or null when graphs may not use it
   */
  public static Dtype dtype(int onnxCode) {
    for (Dtype d : Dtype.values()) {
      if (CODES[d.ordinal()] == onnxCode) {
        return d;
      }
    }
    return null;
  }
}
