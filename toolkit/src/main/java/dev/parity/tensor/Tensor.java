package dev.parity.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    long n = elementCount(shape);
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
   * Returns how many elements a shape holds.
   *
   * @param shape the dimensions
   * @return their product, 1 for a scalar
   * @throws IllegalArgumentException if a dimension is negative
   * @throws ArithmeticException if the product overflows a long
   */
  public static long elementCount(long... shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative");
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Makes a tensor of zeros.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor zeros(Dtype dtype, long... shape) {
    long n = elementCount(shape);
    return new Tensor(dtype, shape, allocate(dtype, Math.toIntExact(n)), (int) n);
  }

  /**
   * Makes a tensor whose elements all equal one number, converted as {@link #cast} converts.
   *
   * @param dtype the element type
   * @param value the value
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor filled(Dtype dtype, double value, long... shape) {
    long n = elementCount(shape);
    double[] values = new double[Math.toIntExact(n)];
    Arrays.fill(values, value);
    return of(values, shape).cast(dtype);
  }

  /**
   * Reads elements stored little-endian in C order: ONNX's {@code raw_data}, TensorFlow's {@code
   * tensor_content}, the data of a {@code .npy} file.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @param littleEndian the elements; not kept
   * @return the tensor
   * @throws IllegalArgumentException if the byte count is not the shape's element count times the
   *     element size
   */
  public static Tensor fromLittleEndian(Dtype dtype, long[] shape, byte[] littleEndian) {
    if (littleEndian.length % dtype.itemSize() != 0) {
      throw new IllegalArgumentException(
          littleEndian.length + " bytes are not a whole number of " + dtype.numpyName());
    }
    int n = littleEndian.length / dtype.itemSize();
    ByteBuffer b = ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN);
    Object data = allocate(dtype, n);
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().get((float[]) data);
      case FLOAT64 -> b.asDoubleBuffer().get((double[]) data);
      case INT32 -> b.asIntBuffer().get((int[]) data);
      case INT64 -> b.asLongBuffer().get((long[]) data);
      case UINT8, INT8, BOOL -> b.get((byte[]) data);
    }
    return new Tensor(dtype, shape, data, n);
  }

  /**
   * Returns the elements little-endian in C order, as {@link #fromLittleEndian} reads them.
   *
   * @return a fresh array of {@code size() * dtype().itemSize()} bytes
   */
  public byte[] toLittleEndian() {
    ByteBuffer b =
        ByteBuffer.allocate(Math.multiplyExact(size, dtype.itemSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().put((float[]) data);
      case FLOAT64 -> b.asDoubleBuffer().put((double[]) data);
      case INT32 -> b.asIntBuffer().put((int[]) data);
      case INT64 -> b.asLongBuffer().put((long[]) data);
      case UINT8, INT8, BOOL -> b.put((byte[]) data);
    }
    return b.array();
  }

  /**
   * Copies an engine array into Java memory.
   *
   * @param array the array, of a dtype Parity supports
   * @return the tensor, of the same dtype and shape
   * @throws IllegalArgumentException if the array's type is not one of {@link Dtype}
   */
  public static Tensor of(NDArray array) {
    Dtype dtype = Dtype.ofDjl(array.getDataType());
    long[] shape = array.getShape().getShape();
    return switch (dtype) {
      case FLOAT32 -> of(array.toFloatArray(), shape);
      case FLOAT64 -> of(array.toDoubleArray(), shape);
      case INT32 -> of(array.toIntArray(), shape);
      case INT64 -> of(array.toLongArray(), shape);
      case UINT8, INT8, BOOL -> ofBytes(dtype, array.toByteArray(), shape);
    };
  }

  /**
   * Copies the tensor into an engine array.
   *
   * @param manager the manager that will own the array (the engine's, or a sub-manager of it)
   * @return the array, of the same dtype and shape
   */
  public NDArray toNDArray(NDManager manager) {
    Shape s = new Shape(shape);
    return switch (dtype) {
      case FLOAT32 -> manager.create((float[]) data, s);
      case FLOAT64 -> manager.create((double[]) data, s);
      case INT32 -> manager.create((int[]) data, s);
      case INT64 -> manager.create((long[]) data, s);
      case INT8 -> manager.create((byte[]) data, s);
      case UINT8, BOOL -> manager.create(ByteBuffer.wrap((byte[]) data), s, dtype.djl());
    };
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
   * Returns every element as a double ({@link #getDouble}).
   *
   * @return a fresh array
   */
  public double[] toDoubles() {
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /**
   * Returns every element as a long ({@link #getLong}: integers exactly, floats truncated).
   *
   * @return a fresh array
   */
  public long[] toLongs() {
    if (dtype == Dtype.INT64) {
      return ((long[]) data).clone();
    }
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /**
   * Converts the elements to another dtype as numpy's {@code astype} (and ONNX's {@code Cast})
   * does: floats to integers truncate toward zero, integers wrap to the narrower width, anything
   * non-zero becomes {@code true}.
   *
   * @param target the dtype
   * @return the converted tensor, or this one when the dtype is already {@code target}
   */
  public Tensor cast(Dtype target) {
    if (target == dtype) {
      return this;
    }
    Object out = allocate(target, size);
    boolean exact = !dtype.isFloating();
    for (int i = 0; i < size; i++) {
      long l = exact ? getLong(i) : (long) getDouble(i);
      switch (target) {
        case FLOAT32 -> ((float[]) out)[i] = exact ? (float) l : (float) getDouble(i);
        case FLOAT64 -> ((double[]) out)[i] = exact ? (double) l : getDouble(i);
        case INT32 -> ((int[]) out)[i] = (int) l;
        case INT64 -> ((long[]) out)[i] = l;
        case UINT8, INT8 -> ((byte[]) out)[i] = (byte) l;
        case BOOL -> ((byte[]) out)[i] = (byte) ((exact ? l != 0 : getDouble(i) != 0) ? 1 : 0);
      }
    }
    return new Tensor(target, shape, out, size);
  }

  /**
   * Returns the same elements under another shape, sharing this tensor's storage.
   *
   * @param newShape dimensions holding the same number of elements
   * @return the reshaped tensor
   * @throws IllegalArgumentException if the element count differs
   */
  public Tensor reshape(long... newShape) {
    return new Tensor(dtype, newShape, data, size);
  }

  /**
   * Permutes the dimensions, as numpy's {@code transpose} (and ONNX's {@code Transpose}) does.
   *
   * @param perm for each dimension of the result, the dimension of this tensor it takes
   * @return a new tensor holding the elements in the permuted order
   * @throws IllegalArgumentException if {@code perm} is not a permutation of the dimensions
   */
  public Tensor transpose(int... perm) {
    int rank = shape.length;
    boolean[] seen = new boolean[rank];
    for (int p : perm) {
      if (perm.length != rank || p < 0 || p >= rank || seen[p]) {
        throw new IllegalArgumentException(
            "expected a permutation of 0.." + (rank - 1) + " but found " + Arrays.toString(perm));
      }
      seen[p] = true;
    }
    long[] outShape = new long[rank];
    long[] strides = new long[rank];
    long stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
    }
    Object out = allocate(dtype, size);
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      long source = 0;
      for (int i = 0; i < rank; i++) {
        source += index[i] * strides[perm[i]];
      }
      System.arraycopy(data, (int) source, out, o, 1);
      for (int i = rank - 1; i >= 0; i--) {
        if (++index[i] < outShape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return new Tensor(dtype, outShape, out, size);
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
