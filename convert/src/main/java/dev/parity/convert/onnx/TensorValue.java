package dev.parity.convert.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor held in Java: an element type, a shape and the elements in C order, stored as
 * little-endian bytes (ONNX's {@code raw_data} layout). Immutable. It carries the graph's constants
 * and the named inputs of a conversion check.
 */
public final class TensorValue {

  private final ElementType type;
  private final long[] shape;
  private final byte[] data;

  private TensorValue(ElementType type, long[] shape, byte[] data) {
    this.type = type;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Wraps little-endian element bytes.
   *
   * @param type the element type
   * @param shape the dimensions, outermost first; none for a scalar
   * @param littleEndian the elements in C order; copied
   * @return the tensor
   * @throws IllegalArgumentException if a dimension is negative or the byte count does not match
   */
  public static TensorValue of(ElementType type, long[] shape, byte[] littleEndian) {
    long elements = elementCount(shape);
    if (elements * type.byteSize() != littleEndian.length) {
      throw new IllegalArgumentException(
          "a "
              + type.typeName()
              + " tensor of shape "
              + Arrays.toString(shape)
              + " needs "
              + elements * type.byteSize()
              + " bytes but "
              + littleEndian.length
              + " were given");
    }
    return new TensorValue(type, shape.clone(), littleEndian.clone());
  }

  /**
   * Makes a {@code float32} tensor.
   *
   * @param values the elements in C order
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue ofFloats(float[] values, long... shape) {
    ByteBuffer buffer = allocate(values.length, ElementType.FLOAT32);
    buffer.asFloatBuffer().put(values);
    return checked(ElementType.FLOAT32, shape, buffer.array());
  }

  /**
   * Makes a {@code float64} tensor.
   *
   * @param values the elements in C order
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue ofDoubles(double[] values, long... shape) {
    ByteBuffer buffer = allocate(values.length, ElementType.FLOAT64);
    buffer.asDoubleBuffer().put(values);
    return checked(ElementType.FLOAT64, shape, buffer.array());
  }

  /**
   * Makes an {@code int64} tensor.
   *
   * @param values the elements in C order
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue ofLongs(long[] values, long... shape) {
    ByteBuffer buffer = allocate(values.length, ElementType.INT64);
    buffer.asLongBuffer().put(values);
    return checked(ElementType.INT64, shape, buffer.array());
  }

  /**
   * Makes an {@code int32} tensor.
   *
   * @param values the elements in C order
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue ofInts(int[] values, long... shape) {
    ByteBuffer buffer = allocate(values.length, ElementType.INT32);
    buffer.asIntBuffer().put(values);
    return checked(ElementType.INT32, shape, buffer.array());
  }

  /**
   * Makes a {@code bool} tensor.
   *
   * @param values the elements in C order
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue ofBooleans(boolean[] values, long... shape) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (values[i] ? 1 : 0);
    }
    return checked(ElementType.BOOL, shape, bytes);
  }

  /**
   * Makes a tensor of the given type whose elements all equal a number.
   *
   * @param type the element type
   * @param value the value, converted as a cast would (booleans: non-zero is true)
   * @param shape the dimensions
   * @return the tensor
   */
  public static TensorValue filled(ElementType type, double value, long... shape) {
    int n = Math.toIntExact(elementCount(shape));
    double[] values = new double[n];
    Arrays.fill(values, value);
    return ofDoubles(values, shape).cast(type);
  }

  /**
   * Converts an array read from a {@code .npy} or {@code .npz} file.
   *
   * @param array the array
   * @return the tensor of the same type, shape and elements
   */
  public static TensorValue of(Tensor array) {
    long[] shape = array.shape();
    return switch (array.dtype()) {
      case FLOAT32 -> ofFloats(array.floats(), shape);
      case FLOAT64 -> ofDoubles(array.doubles(), shape);
      case INT32 -> ofInts(array.ints(), shape);
      case INT64 -> ofLongs(array.longs(), shape);
      case UINT8 -> checked(ElementType.UINT8, shape, array.bytes().clone());
      case INT8 -> checked(ElementType.INT8, shape, array.bytes().clone());
      case BOOL -> checked(ElementType.BOOL, shape, array.bytes().clone());
    };
  }

  /**
   * Copies an NDArray's elements.
   *
   * @param array the array, of a type in {@link ElementType}
   * @return the tensor
   * @throws IllegalArgumentException if the array's type has no {@link ElementType}
   */
  public static TensorValue of(NDArray array) {
    ElementType type = null;
    for (ElementType candidate : ElementType.values()) {
      if (candidate.djl() == array.getDataType()) {
        type = candidate;
      }
    }
    if (type == null) {
      throw new IllegalArgumentException(
          "expected an array of float32, float64, int8, uint8, int32, int64 or bool but found "
              + array.getDataType());
    }
    ByteBuffer source = array.toByteBuffer();
    byte[] bytes = new byte[source.remaining()];
    source.get(bytes);
    if (source.order() != ByteOrder.LITTLE_ENDIAN && type.byteSize() > 1) {
      reverseElements(bytes, type.byteSize());
    }
    return checked(type, array.getShape().getShape(), bytes);
  }

  private static TensorValue checked(ElementType type, long[] shape, byte[] bytes) {
    long elements = elementCount(shape);
    if (elements * type.byteSize() != bytes.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + elements
              + " elements but "
              + bytes.length / type.byteSize()
              + " were given");
    }
    return new TensorValue(type, shape.clone(), bytes);
  }

  private static ByteBuffer allocate(int elements, ElementType type) {
    return ByteBuffer.allocate(Math.multiplyExact(elements, type.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void reverseElements(byte[] bytes, int size) {
    for (int start = 0; start < bytes.length; start += size) {
      for (int i = 0, j = size - 1; i < j; i++, j--) {
        byte t = bytes[start + i];
        bytes[start + i] = bytes[start + j];
        bytes[start + j] = t;
      }
    }
  }

  /**
   * Returns the number of elements of a shape.
   *
   * @param shape dimensions, none negative
   * @return their product, 1 for a scalar
   * @throws IllegalArgumentException if a dimension is negative
   */
  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "expected dimensions of at least 0 but found " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Returns the element type.
   *
   * @return the type
   */
  public ElementType type() {
    return type;
  }

  /**
   * Returns the shape.
   *
   * @return a copy of the dimensions; empty for a scalar
   */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of dimensions.
   *
   * @return 0 for a scalar
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
    return data.length / type.byteSize();
  }

  /**
   * Returns the elements as little-endian bytes, ONNX's {@code raw_data} and TensorFlow's {@code
   * tensor_content} layout.
   *
   * @return a copy
   */
  public byte[] littleEndianBytes() {
    return data.clone();
  }

  private ByteBuffer buffer() {
    return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Returns the elements of a {@code float32} tensor.
   *
   * @return a fresh array
   * @throws IllegalStateException for another type
   */
  public float[] floats() {
    expect(ElementType.FLOAT32);
    float[] values = new float[size()];
    buffer().asFloatBuffer().get(values);
    return values;
  }

  /**
   * Returns the elements of an {@code int64} tensor.
   *
   * @return a fresh array
   * @throws IllegalStateException for another type
   */
  public long[] longs() {
    expect(ElementType.INT64);
    long[] values = new long[size()];
    buffer().asLongBuffer().get(values);
    return values;
  }

  private void expect(ElementType wanted) {
    if (type != wanted) {
      throw new IllegalStateException(
          "the tensor holds " + type.typeName() + ", not " + wanted.typeName());
    }
  }

  /**
   * Returns every element as a double, whatever the type (booleans as 0 and 1).
   *
   * @return a fresh array
   */
  public double[] toDoubles() {
    ByteBuffer b = buffer();
    double[] values = new double[size()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (type) {
            case FLOAT32 -> b.getFloat(i * 4);
            case FLOAT64 -> b.getDouble(i * 8);
            case INT32 -> b.getInt(i * 4);
            case INT64 -> b.getLong(i * 8);
            case UINT8, BOOL -> b.get(i) & 0xff;
            case INT8 -> b.get(i);
          };
    }
    return values;
  }

  /**
   * Returns every element of an integer or boolean tensor as a long.
   *
   * @return a fresh array
   * @throws IllegalStateException for a floating-point tensor
   */
  public long[] toLongs() {
    if (type.isFloating()) {
      throw new IllegalStateException("expected integers but the tensor holds " + type.typeName());
    }
    if (type == ElementType.INT64) {
      return longs();
    }
    double[] values = toDoubles();
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = (long) values[i];
    }
    return longs;
  }

  /**
   * Converts the elements to another type as ONNX's {@code Cast} does: floats to integers truncate
   * toward zero, non-zero to boolean is true.
   *
   * @param target the type
   * @return the converted tensor, or this when the type is the same
   */
  public TensorValue cast(ElementType target) {
    if (target == type) {
      return this;
    }
    double[] values = type == ElementType.INT64 ? null : toDoubles();
    long[] longs = type == ElementType.INT64 ? longs() : null;
    int n = size();
    ByteBuffer out = allocate(n, target);
    for (int i = 0; i < n; i++) {
      double d = values != null ? values[i] : longs[i];
      long l = longs != null ? longs[i] : (long) values[i];
      switch (target) {
        case FLOAT32 -> out.putFloat((float) d);
        case FLOAT64 -> out.putDouble(d);
        case INT32 -> out.putInt((int) l);
        case INT64 -> out.putLong(l);
        case UINT8, INT8 -> out.put((byte) l);
        case BOOL -> out.put((byte) (d != 0 ? 1 : 0));
      }
    }
    return new TensorValue(target, shape.clone(), out.array());
  }

  /**
   * Permutes the dimensions, as ONNX's {@code Transpose} does.
   *
   * @param perm for each output dimension, the input dimension it takes
   * @return the transposed tensor
   * @throws IllegalArgumentException if {@code perm} is not a permutation of the dimensions
   */
  public TensorValue transpose(int... perm) {
    int rank = shape.length;
    if (perm.length != rank
        || !Arrays.equals(Arrays.stream(perm).sorted().toArray(), rangeOf(rank))) {
      throw new IllegalArgumentException(
          "expected a permutation of 0.." + (rank - 1) + " but found " + Arrays.toString(perm));
    }
    long[] outShape = new long[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
    }
    long[] inStrides = strides(shape);
    int size = type.byteSize();
    byte[] out = new byte[data.length];
    int[] index = new int[rank];
    int n = size();
    for (int o = 0; o < n; o++) {
      long source = 0;
      for (int i = 0; i < rank; i++) {
        source += index[i] * inStrides[perm[i]];
      }
      System.arraycopy(data, (int) source * size, out, o * size, size);
      for (int i = rank - 1; i >= 0; i--) {
        if (++index[i] < outShape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return new TensorValue(type, outShape, out);
  }

  /**
   * Returns the same elements under another shape.
   *
   * @param newShape dimensions with the same element count
   * @return the reshaped tensor
   * @throws IllegalArgumentException if the element count differs
   */
  public TensorValue reshape(long... newShape) {
    return checked(type, newShape, data);
  }

  /**
   * Returns rows {@code [from, to)} of the first dimension.
   *
   * @param from the first row
   * @param to the row after the last
   * @return the rows, with the same trailing dimensions
   * @throws IllegalArgumentException if the tensor is a scalar or the range is outside it
   */
  public TensorValue rows(long from, long to) {
    if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
      throw new IllegalArgumentException(
          "rows ["
              + from
              + ", "
              + to
              + ") are outside a tensor of shape "
              + Arrays.toString(shape));
    }
    int rowBytes = (int) (elementCount(shape) / Math.max(1, shape[0])) * type.byteSize();
    long[] outShape = shape.clone();
    outShape[0] = to - from;
    byte[] out = Arrays.copyOfRange(data, (int) from * rowBytes, Math.toIntExact(to * rowBytes));
    return new TensorValue(type, outShape, out);
  }

  private static int[] rangeOf(int n) {
    int[] range = new int[n];
    for (int i = 0; i < n; i++) {
      range[i] = i;
    }
    return range;
  }

  private static long[] strides(long[] shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }

  /**
   * Creates an NDArray with these elements.
   *
   * @param manager the manager that will own the array
   * @return the array, of the matching DJL type
   */
  public NDArray toNDArray(NDManager manager) {
    ByteBuffer direct = ByteBuffer.allocateDirect(Math.max(1, data.length));
    direct.order(ByteOrder.nativeOrder());
    byte[] bytes = data;
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN && type.byteSize() > 1) {
      bytes = data.clone();
      reverseElements(bytes, type.byteSize());
    }
    direct.put(bytes).flip();
    return manager.create(direct, new Shape(shape), type.djl());
  }

  /**
   * Describes the tensor without its elements.
   *
   * @return e.g. {@code float32 [3, 4]}
   */
  @Override
  public String toString() {
    return type.typeName() + " " + Arrays.toString(shape);
  }
}
