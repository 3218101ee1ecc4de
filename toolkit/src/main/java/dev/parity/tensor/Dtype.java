package dev.parity.tensor;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types Parity moves between numpy files, model cards and engines, named as numpy names
 * them.
 */
public enum Dtype {
  /** 32-bit float, numpy {@code <f4}. */
  FLOAT32("float32", "<f4", 4, DataType.FLOAT32),
  /** 64-bit float, numpy {@code <f8}. */
  FLOAT64("float64", "<f8", 8, DataType.FLOAT64),
  /** 32-bit signed integer, numpy {@code <i4}. */
  INT32("int32", "<i4", 4, DataType.INT32),
  /** 64-bit signed integer, numpy {@code <i8}. */
  INT64("int64", "<i8", 8, DataType.INT64),
  /** 8-bit unsigned integer, numpy {@code |u1}. */
  UINT8("uint8", "|u1", 1, DataType.UINT8),
  /** 8-bit signed integer, numpy {@code |i1}. */
  INT8("int8", "|i1", 1, DataType.INT8),
  /** Boolean, one byte each (0 or 1), numpy {@code |b1}. */
  BOOL("bool", "|b1", 1, DataType.BOOLEAN);

  private final String numpyName;
  private final String descr;
  private final int itemSize;
  private final DataType djl;

  Dtype(String numpyName, String descr, int itemSize, DataType djl) {
    this.numpyName = numpyName;
    this.descr = descr;
    this.itemSize = itemSize;
    this.djl = djl;
  }

  /**
   * Returns the numpy dtype name, as model cards and reference manifests write it.
   *
   * @return e.g. {@code float32}
   */
  public String numpyName() {
    return numpyName;
  }

  /**
   * Returns the type string of a {@code .npy} header.
   *
   * @return e.g. {@code <f4}
   */
  public String descr() {
    return descr;
  }

  /**
   * Returns the size of one element.
   *
   * @return bytes per element
   */
  public int itemSize() {
    return itemSize;
  }

  /**
   * Returns DJL's name for the type.
   *
   * @return the DJL data type
   */
  public DataType djl() {
    return djl;
  }

  /**
   * Whether the type holds integers (ids, class labels); booleans are not integers here.
   *
   * @return true for the signed and unsigned integer types
   */
  public boolean isInteger() {
    return this == INT32 || this == INT64 || this == UINT8 || this == INT8;
  }

  /**
   * Whether the type holds floating-point numbers.
   *
   * @return true for float32 and float64
   */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * Parses a numpy dtype name.
   *
   * @param name e.g. {@code int64}
   * @return the type
   * @throws IllegalArgumentException listing the names known when {@code name} is none of them
   */
  public static Dtype ofNumpyName(String name) {
    for (Dtype d : values()) {
      if (d.numpyName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dtype '" + name + "'; expected one of " + names());
  }

  /**
   * Finds the type of a {@code .npy} header's {@code descr}.
   *
   * @param descr e.g. {@code <i8}
   * @return the type, or null when Parity does not support it
   */
  public static Dtype ofDescr(String descr) {
    for (Dtype d : values()) {
      if (d.descr.equals(descr)) {
        return d;
      }
    }
    return null;
  }

  /**
   * Finds the type DJL calls {@code type}.
   *
   * @param type a DJL data type
   * @return the type
   * @throws IllegalArgumentException if Parity does not support it
   */
  public static Dtype ofDjl(DataType type) {
    for (Dtype d : values()) {
      if (d.djl == type) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "engine returned a tensor of type " + type + ", which Parity does not support");
  }

  /**
   * Lists the names Parity knows, for messages.
   *
   * @return e.g. {@code float32, float64, ...}
   */
  public static String names() {
    return Arrays.stream(values()).map(Dtype::numpyName).collect(Collectors.joining(", "));
  }
}
