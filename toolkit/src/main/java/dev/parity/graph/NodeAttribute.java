package dev.parity.graph;

import dev.parity.tensor.Tensor;
import java.util.Arrays;

/**
 * One attribute value of a node: an integer, a float, a string, a list of integers or floats, or a
 * tensor. Immutable.
 */
public final class NodeAttribute {

  /** The kinds of value the converter reads. */
  public enum Kind {
    /** One integer. */
    INT,
    /** One float. */
    FLOAT,
    /** One string. */
    STRING,
    /** A list of integers. */
    INTS,
    /** A list of floats. */
    FLOATS,
    /** A tensor. */
    TENSOR
  }

  private final Kind kind;
  private final long[] ints;
  private final float[] floats;
  private final String string;
  private final Tensor tensor;

  private NodeAttribute(Kind kind, long[] ints, float[] floats, String string, Tensor tensor) {
    this.kind = kind;
    this.ints = ints;
    this.floats = floats;
    this.string = string;
    this.tensor = tensor;
  }

  /**
   * Makes an integer attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static NodeAttribute ofInt(long value) {
    return new NodeAttribute(Kind.INT, new long[] {value}, null, null, null);
  }

  /**
   * Makes a float attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static NodeAttribute ofFloat(float value) {
    return new NodeAttribute(Kind.FLOAT, null, new float[] {value}, null, null);
  }

  /**
   * Makes a string attribute.
   *
   * @param value the value
   * @return the attribute
   */
  public static NodeAttribute ofString(String value) {
    return new NodeAttribute(Kind.STRING, null, null, value, null);
  }

  /**
   * Makes an integer-list attribute.
   *
   * @param values the values; copied
   * @return the attribute
   */
  public static NodeAttribute ofInts(long... values) {
    return new NodeAttribute(Kind.INTS, values.clone(), null, null, null);
  }

  /**
   * Makes a float-list attribute.
   *
   * @param values the values; copied
   * @return the attribute
   */
  public static NodeAttribute ofFloats(float... values) {
    return new NodeAttribute(Kind.FLOATS, null, values.clone(), null, null);
  }

  /**
   * Makes a tensor attribute.
   *
   * @param value the tensor
   * @return the attribute
   */
  public static NodeAttribute ofTensor(Tensor value) {
    return new NodeAttribute(Kind.TENSOR, null, null, null, value);
  }

  /**
   * Returns the kind of value.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns an integer value.
   *
   * @return the value
   * @throws IllegalStateException for another kind
   */
  public long asInt() {
    expect(Kind.INT);
    return ints[0];
  }

  /**
   * Returns a float value.
   *
   * @return the value
   * @throws IllegalStateException for another kind
   */
  public float asFloat() {
    expect(Kind.FLOAT);
    return floats[0];
  }

  /**
   * Returns a string value.
   *
   * @return the value
   * @throws IllegalStateException for another kind
   */
  public String asString() {
    expect(Kind.STRING);
    return string;
  }

  /**
   * Returns an integer-list value.
   *
   * @return a copy
   * @throws IllegalStateException for another kind
   */
  public long[] asInts() {
    expect(Kind.INTS);
    return ints.clone();
  }

  /**
   * Returns a float-list value.
   *
   * @return a copy
   * @throws IllegalStateException for another kind
   */
  public float[] asFloats() {
    expect(Kind.FLOATS);
    return floats.clone();
  }

  /**
   * Returns a tensor value.
   *
   * @return the tensor
   * @throws IllegalStateException for another kind
   */
  public Tensor asTensor() {
    expect(Kind.TENSOR);
    return tensor;
  }

  private void expect(Kind wanted) {
    if (kind != wanted) {
      throw new IllegalStateException(
          "the attribute holds " + kind + " (" + this + "), not " + wanted);
    }
  }

  /**
   * Renders the value as in messages.
   *
   * @return e.g. {@code [1, 1]} or {@code SAME_UPPER}
   */
  @Override
  public String toString() {
    return switch (kind) {
      case INT -> Long.toString(ints[0]);
      case FLOAT -> Float.toString(floats[0]);
      case STRING -> string;
      case INTS -> Arrays.toString(ints);
      case FLOATS -> Arrays.toString(floats);
      case TENSOR -> "tensor " + tensor;
    };
  }
}
