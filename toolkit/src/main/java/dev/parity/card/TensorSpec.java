package dev.parity.card;

import dev.parity.tensor.Dtype;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One input or output of a model's signature.
 *
 * @param name the tensor's name (ONNX and TensorFlow bind by it; TorchScript by position)
 * @param dtype the element type
 * @param shape the dimensions, the first being the batch ({@code -1})
 * @param range for integer inputs, the ids accepted; null when unchecked
 */
public record TensorSpec(String name, Dtype dtype, List<Long> shape, IdRange range) {

  /** Copies the shape and checks its form. */
  public TensorSpec {
    shape = List.copyOf(shape);
    if (shape.isEmpty() || shape.get(0) != -1) {
      throw new IllegalArgumentException(
          "shape " + shape + " must start with the batch dimension -1, e.g. [-1, 16]");
    }
    for (int i = 1; i < shape.size(); i++) {
      if (shape.get(i) < 1) {
        throw new IllegalArgumentException(
            "shape " + shape + ": every dimension after the batch must be at least 1");
      }
    }
    if (range != null && !dtype.isInteger()) {
      throw new IllegalArgumentException(
          "a range applies to integer tensors only, not " + dtype.numpyName());
    }
  }

  /**
   * Returns the number of elements per record.
   *
   * @return the product of the dimensions after the batch; 1 for {@code [-1]}
   */
  public int rowLength() {
    long n = 1;
    for (int i = 1; i < shape.size(); i++) {
      n = Math.multiplyExact(n, shape.get(i));
    }
    return Math.toIntExact(n);
  }

  /**
   * Returns the shape of a batch of records.
   *
   * @param rows the number of records
   * @return the shape with the batch dimension filled in
   */
  public long[] shapeFor(long rows) {
    long[] s = new long[shape.size()];
    s[0] = rows;
    for (int i = 1; i < s.length; i++) {
      s[i] = shape.get(i);
    }
    return s;
  }

  /**
   * Whether a concrete shape fits this spec (any batch size, the other dimensions equal).
   *
   * @param concrete e.g. {@code [4096, 16]}
   * @return true when it fits
   */
  public boolean fits(long[] concrete) {
    if (concrete.length != shape.size()) {
      return false;
    }
    for (int i = 1; i < concrete.length; i++) {
      if (concrete[i] != shape.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Says how a tensor differs from this spec: its dtype, or a dimension other than the batch. The
   * one wording every reader of tensors uses (translator, input files, reference sets).
   *
   * @param t the tensor
   * @return null when the tensor fits, else e.g. {@code the card says float32 [-1, 7], found
   *     float32 [20000, 6]}
   */
  public String disagreement(dev.parity.tensor.Tensor t) {
    if (t.dtype() == dtype && fits(t.shape())) {
      return null;
    }
    return "the card says " + describe() + ", found " + t.describe();
  }

  /**
   * Describes the spec for messages.
   *
   * @return e.g. {@code float32 [-1, 16]}
   */
  public String describe() {
    return dtype.numpyName()
        + " "
        + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
        + (range == null ? "" : " range " + range);
  }
}
