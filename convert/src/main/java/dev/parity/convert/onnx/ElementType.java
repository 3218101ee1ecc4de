package dev.parity.convert.onnx;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The tensor element types the converter handles, with their codes in ONNX's {@code
 * TensorProto.DataType} and their DJL types. Other ONNX types (float16, strings, ...) are rejected
 * when the graph is read.
 */
public enum ElementType {
  /** 32-bit float. */
  FLOAT32(1, 4, DataType.FLOAT32),
  /** Unsigned byte. */
  UINT8(2, 1, DataType.UINT8),
  /** Signed byte. */
  INT8(3, 1, DataType.INT8),
  /** 32-bit integer. */
  INT32(6, 4, DataType.INT32),
  /** 64-bit integer, the type of ids and shapes. */
  INT64(7, 8, DataType.INT64),
  /** Boolean, one byte per element (0 or 1). */
  BOOL(9, 1, DataType.BOOLEAN),
  /** 64-bit float. */
  FLOAT64(11, 8, DataType.FLOAT64);

  private final int onnxCode;
  private final int byteSize;
  private final DataType djl;

  ElementType(int onnxCode, int byteSize, DataType djl) {
    this.onnxCode = onnxCode;
    this.byteSize = byteSize;
    this.djl = djl;
  }

  /**
   * Returns the code ONNX uses for the type.
   *
   * @return e.g. 1 for {@code FLOAT}
   */
  public int onnxCode() {
    return onnxCode;
  }

  /**
   * Returns the size of one element.
   *
   * @return bytes per element
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Returns the DJL type.
   *
   * @return e.g. {@link DataType#FLOAT32}
   */
  public DataType djl() {
    return djl;
  }

  /**
   * Whether the type is a floating-point type.
   *
   * @return true for {@link #FLOAT32} and {@link #FLOAT64}
   */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * Returns the name used in messages and in the MXNet graph file.
   *
   * @return e.g. {@code float32}
   */
  public String typeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Lists the types the converter handles, for messages.
   *
   * @return e.g. {@code float32, uint8, ..., float64}
   */
  public static String supportedNames() {
    return Arrays.stream(values()).map(ElementType::typeName).collect(Collectors.joining(", "));
  }

  /**
   * Finds the type of an ONNX code.
   *
   * @param onnxCode a {@code TensorProto.DataType} value
   * @return the type, or null when the converter does not handle it
   */
  public static ElementType ofOnnx(int onnxCode) {
    for (ElementType type : values()) {
      if (type.onnxCode == onnxCode) {
        return type;
      }
    }
    return null;
  }

  /**
   * Finds a type by its {@link #typeName()}.
   *
   * @param name e.g. {@code int64}
   * @return the type
   * @throws IllegalArgumentException if no type has that name
   */
  public static ElementType ofName(String name) {
    for (ElementType type : values()) {
      if (type.typeName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "expected an element type (" + supportedNames() + ") but found " + name);
  }
}
