package dev.parity.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * An array in Java memory: a dtype, a shape and the elements in C (row-major) order, held in one
 * primitive array ({@code float[]} for float32, {@code double[]} for float64, {@code int[]} for
 * int32, {@code long[]} for int64, {@code byte[]} for uint8, int8 and bool). What goes into an
 * engine and comes out of it, and what a {@code .npy} file holds.
 *
 * <p>The accessors return the tensor's own storage, not a copy, so that large arrays cross the JVM
 * once; callers must not change them.
 */
public final class Tensor {
  private final Dtype dtype;
  private final long[] shape;
  private final int size;
  private final Object data;

  private Tensor(Dtype dtype, long[] shape, Object data, int length) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative");
      }
      n = Math.multiplyExact(n, d);
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + length);
    }
    this.dtype = dtype;
    this.shape = shape.clone();
    this.size = length;
    this.data = data;
  }

  /**
   * Wraps float32 elements.
   *
   * @param data the elements, row-major; not copied
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   */
  public static Tensor of(float[] data, long... shape) {
    return new Tensor(Dtype.FLOAT32, shape, data, data.length);
  }

  /**
   * Wraps float64 elements.
   *
   * @param data the elements, row-major; not copied
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   */
  public static Tensor of(double[] data, long... shape) {
    return new Tensor(Dtype.FLOAT64, shape, data, data.length);
  }

  /**
   * Wraps int32 elements.
   *
   * @param data the elements, row-major; not copied
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   */
  public static Tensor of(int[] data, long... shape) {
    return new Tensor(Dtype.INT32, shape, data, data.length);
  }

  /**
   * Wraps int64 elements.
   *
   * @param data the elements, row-major; not copied
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length}
   */
  public static Tensor of(long[] data, long... shape) {
    return new Tensor(Dtype.INT64, shape, data, data.length);
  }

  /**
   * Wraps one-byte elements.
   *
   * @param dtype uint8, int8 or bool
   * @param data the elements, row-major; not copied
   * @param shape the dimensions
   * @return the tensor
   * @throws IllegalArgumentException for another dtype, or a shape that does not hold exactly
   *     {@code data.length}
   */
  public static Tensor ofBytes(Dtype dtype, byte[] data, long... shape) {
    if (dtype.itemSize() != 1) {
      throw new IllegalArgumentException(dtype.numpyName() + " is not a one-byte type");
    }
    return new Tensor(dtype, shape, data, data.length);
  }

  /**
   * Makes a tensor of zeros.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor zeros(Dtype dtype, long... shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return new Tensor(dtype, shape, allocate(dtype, Math.toIntExact(n)), (int) n);
  }

  private static Object allocate(Dtype dtype, int n) {
    return switch (dtype) {
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case INT32 -> new int[n];
      case INT64 -> new long[n];
      case UINT8, INT8, BOOL -> new byte[n];
    };
  }

  /**
   * Returns the element type.
   *
   * @return the dtype
   */
  public Dtype dtype() {
    return dtype;
  }

  /**
   * Returns the shape.
   *
   * @return a copy of the dimensions, outermost first; empty for a scalar
   */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of dimensions.
   *
   * @return the rank
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the dimensions
   */
  public int size() {
    return size;
  }

  /**
   * Returns the first dimension: the number of records.
   *
   * @return {@code shape[0]}
   * @throws IllegalStateException for a scalar
   */
  public int rows() {
    if (shape.length == 0) {
      throw new IllegalStateException("a scalar has no rows");
    }
    return (int) shape[0];
  }

  /**
   * Returns the number of elements per record.
   *
   * @return the product of the dimensions after the first
   */
  public int rowLength() {
    int rows = rows();
    return rows == 0 ? (int) product(shape, 1) : size / rows;
  }

  /**
   * Returns float32 elements.
   *
   * @return the tensor's own storage
   * @throws IllegalStateException for another dtype
   */
  public float[] floats() {
    return (float[]) expect(Dtype.FLOAT32);
  }

  /**
   * Returns float64 elements.
   *
   * @return the tensor's own storage
   * @throws IllegalStateException for another dtype
   */
  public double[] doubles() {
    return (double[]) expect(Dtype.FLOAT64);
  }

  /**
   * Returns int32 elements.
   *
   * @return the tensor's own storage
   * @throws IllegalStateException for another dtype
   */
  public int[] ints() {
    return (int[]) expect(Dtype.INT32);
  }

  /**
   * Returns int64 elements.
   *
   * @return the tensor's own storage
   * @throws IllegalStateException for another dtype
   */
  public long[] longs() {
    return (long[]) expect(Dtype.INT64);
  }

  /**
   * Returns uint8, int8 or bool elements.
   *
   * @return the tensor's own storage; read uint8 with {@link Byte#toUnsignedInt(byte)}
   * @throws IllegalStateException for another dtype
   */
  public byte[] bytes() {
    if (dtype.itemSize() != 1) {
      throw new IllegalStateException(
          "tensor holds " + dtype.numpyName() + ", not a one-byte type");
    }
    return (byte[]) data;
  }

  /**
   * Returns the storage, whatever its type: {@code float[]}, {@code double[]}, {@code int[]},
   * {@code long[]} or {@code byte[]}.
   *
   * @return the tensor's own storage
   */
  public Object storage() {
    return data;
  }

  /**
   * Reads one element as a double, whatever the dtype (uint8 unsigned, bool 0 or 1).
   *
   * @param index the element's position in C order
   * @return its value
   */
  public double getDouble(int index) {
    return switch (dtype) {
      case FLOAT32 -> ((float[]) data)[index];
      case FLOAT64 -> ((double[]) data)[index];
      case INT32 -> ((int[]) data)[index];
      case INT64 -> ((long[]) data)[index];
      case UINT8, BOOL -> Byte.toUnsignedInt(((byte[]) data)[index]);
      case INT8 -> ((byte[]) data)[index];
    };
  }

  /**
   * Reads one element as a long: integers exactly, floats truncated toward zero.
   *
   * @param index the element's position in C order
   * @return its value
   */
  public long getLong(int index) {
    return switch (dtype) {
      case INT64 -> ((long[]) data)[index];
      case INT32 -> ((int[]) data)[index];
      case UINT8, BOOL -> Byte.toUnsignedInt(((byte[]) data)[index]);
      case INT8 -> ((byte[]) data)[index];
      case FLOAT32 -> (long) ((float[]) data)[index];
      case FLOAT64 -> (long) ((double[]) data)[index];
    };
  }

  /**
   * Returns the records {@code [from, to)} as a new tensor.
   *
   * @param from first record
   * @param to one past the last record
   * @return a copy of those rows
   */
  public Tensor rows(int from, int to) {
    int rows = rows();
    if (from < 0 || to > rows || from > to) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + rows);
    }
    int len = rowLength();
    long[] s = shape.clone();
    s[0] = to - from;
    Object out = allocate(dtype, (to - from) * len);
    System.arraycopy(data, from * len, out, 0, (to - from) * len);
    return new Tensor(dtype, s, out, (to - from) * len);
  }

  /**
   * Stacks tensors of one dtype and row shape along the first dimension.
   *
   * @param parts the tensors, in order; at least one
   * @return a tensor holding every part's rows
   * @throws IllegalArgumentException if the parts differ in dtype or in their shape after the first
   *     dimension
   */
  public static Tensor concat(List<Tensor> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    Tensor first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    int rows = 0;
    for (Tensor t : parts) {
      if (t.dtype != first.dtype
          || t.shape.length != first.shape.length
          || !Arrays.equals(t.shape, 1, t.shape.length, first.shape, 1, first.shape.length)) {
        throw new IllegalArgumentException(
            "cannot concatenate "
                + t.describe()
                + " to "
                + first.describe()
                + ": dtype and row shape must match");
      }
      rows += t.rows();
    }
    int len = first.rowLength();
    Object out = allocate(first.dtype, Math.multiplyExact(rows, len));
    int at = 0;
    for (Tensor t : parts) {
      System.arraycopy(t.data, 0, out, at, t.size);
      at += t.size;
    }
    long[] s = first.shape.clone();
    s[0] = rows;
    return new Tensor(first.dtype, s, out, at);
  }

  /**
   * Describes the tensor without its elements.
   *
   * @return e.g. {@code float32 [100000, 16]}
   */
  public String describe() {
    return dtype.numpyName() + " " + Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return describe();
  }

  private Object expect(Dtype wanted) {
    if (dtype != wanted) {
      throw new IllegalStateException(
          "tensor holds " + dtype.numpyName() + ", not " + wanted.numpyName());
    }
    return data;
  }

  private static long product(long[] shape, int from) {
    long n = 1;
    for (int i = from; i < shape.length; i++) {
      n *= shape[i];
    }
    return n;
  }
}
