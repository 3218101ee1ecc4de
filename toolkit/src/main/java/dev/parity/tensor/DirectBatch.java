package dev.parity.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors of one batch held in direct, native-order byte buffers, which ONNX Runtime and
 * PyTorch read in place (TensorFlow and MXNet copy them once). A batch is allocated once for a
 * capacity of records and refilled batch after batch, so a stream of batches allocates neither Java
 * arrays nor native memory per batch.
 *
 * <p>Not thread-safe: one thread fills it, then hands it to the one that reads it (through a queue,
 * which orders the writes before the reads).
 */
public final class DirectBatch {
  private final List<Column> columns;
  private final ByteBuffer[] buffers;
  private final int capacity;
  private int rows;

  /**
   * One tensor of the batch.
   *
   * @param name its name
   * @param dtype its element type
   * @param rowShape its dimensions after the record dimension
   */
  public record Column(String name, Dtype dtype, long[] rowShape) {

    /** Copies the shape. */
    public Column {
      rowShape = rowShape.clone();
    }

    @Override
    public long[] rowShape() {
      return rowShape.clone();
    }

    /**
     * Returns the elements per record.
     *
     * @return the product of the row shape
     */
    public int rowLength() {
      long n = 1;
      for (long d : rowShape) {
        n = Math.multiplyExact(n, d);
      }
      return Math.toIntExact(n);
    }
  }

  private DirectBatch(List<Column> columns, int capacity) {
    this.columns = List.copyOf(columns);
    this.capacity = capacity;
    this.buffers = new ByteBuffer[this.columns.size()];
    for (int i = 0; i < buffers.length; i++) {
      Column c = this.columns.get(i);
      int bytes =
          Math.multiplyExact(Math.multiplyExact(capacity, c.rowLength()), c.dtype().itemSize());
      buffers[i] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
  }

  /**
   * Allocates a batch.
   *
   * @param columns the tensors, in order, with distinct names; at least one
   * @param capacity the most records it holds, at least 1
   * @return an empty batch (no rows)
   * @throws IllegalArgumentException if there are no columns, a name repeats or the capacity is
   *     below 1
   */
  public static DirectBatch allocate(List<Column> columns, int capacity) {
    if (columns.isEmpty() || capacity < 1) {
      throw new IllegalArgumentException(
          "a direct batch needs at least one tensor and a capacity of at least 1, found "
              + columns.size()
              + " tensors and capacity "
              + capacity);
    }
    if (columns.stream().map(Column::name).distinct().count() != columns.size()) {
      throw new IllegalArgumentException(
          "tensor names repeat: " + columns.stream().map(Column::name).toList());
    }
    return new DirectBatch(columns, capacity);
  }

  /**
   * Copies a batch of Java tensors into a new direct batch of exactly its records.
   *
   * @param batch the tensors
   * @return a direct batch holding the same names, dtypes, shapes and values
   */
  public static DirectBatch copyOf(TensorBatch batch) {
    List<Column> columns = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : batch.tensors().entrySet()) {
      long[] shape = e.getValue().shape();
      long[] row = new long[shape.length - 1];
      System.arraycopy(shape, 1, row, 0, row.length);
      columns.add(new Column(e.getKey(), e.getValue().dtype(), row));
    }
    DirectBatch out = allocate(columns, Math.max(1, batch.rows()));
    int i = 0;
    for (Tensor t : batch.tensors().values()) {
      ByteBuffer b = out.buffer(i++);
      switch (t.dtype()) {
        case FLOAT32 -> b.asFloatBuffer().put(t.floats());
        case FLOAT64 -> b.asDoubleBuffer().put(t.doubles());
        case INT32 -> b.asIntBuffer().put(t.ints());
        case INT64 -> b.asLongBuffer().put(t.longs());
        case UINT8, INT8, BOOL -> b.put(t.bytes());
      }
    }
    out.setRows(batch.rows());
    return out;
  }

  /**
   * Returns the tensors' layout.
   *
   * @return the columns, in order
   */
  public List<Column> columns() {
    return columns;
  }

  /**
   * Returns the most records the batch holds.
   *
   * @return the capacity
   */
  public int capacity() {
    return capacity;
  }

  /**
   * Returns the records it holds now.
   *
   * @return the rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Sets the number of records it holds, once their values are written.
   *
   * @param rows from 0 to the capacity
   * @throws IllegalArgumentException outside that range
   */
  public void setRows(int rows) {
    if (rows < 0 || rows > capacity) {
      throw new IllegalArgumentException(
          "rows must be from 0 to the capacity " + capacity + ", found " + rows);
    }
    this.rows = rows;
  }

  /**
   * Returns a tensor's whole buffer, for writing: element {@code i} of record {@code r} sits at
   * element index {@code r * rowLength + i}.
   *
   * @param index the tensor's position in {@link #columns()}
   * @return the buffer, native order, position 0, limit at the capacity
   */
  public ByteBuffer buffer(int index) {
    return buffers[index].duplicate().order(ByteOrder.nativeOrder());
  }

  /**
   * Returns a tensor's current records, for an engine to read.
   *
   * @param index the tensor's position in {@link #columns()}
   * @return a view of the buffer, native order, holding exactly {@link #rows()} records
   */
  public ByteBuffer data(int index) {
    Column c = columns.get(index);
    return buffer(index).limit(rows * c.rowLength() * c.dtype().itemSize());
  }

  /**
   * Returns a tensor's shape for the current records.
   *
   * @param index the tensor's position in {@link #columns()}
   * @return {@code [rows, rowShape...]}
   */
  public long[] shape(int index) {
    long[] row = columns.get(index).rowShape;
    long[] shape = new long[row.length + 1];
    shape[0] = rows;
    System.arraycopy(row, 0, shape, 1, row.length);
    return shape;
  }

  /**
   * Copies the current records into Java memory.
   *
   * @return the tensors, in order
   * @throws IllegalStateException if the batch holds no records
   */
  public TensorBatch toTensorBatch() {
    if (rows == 0) {
      throw new IllegalStateException("the batch holds no records");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < buffers.length; i++) {
      Column c = columns.get(i);
      ByteBuffer b = data(i);
      int n = rows * c.rowLength();
      long[] shape = shape(i);
      Tensor t =
          switch (c.dtype()) {
            case FLOAT32 -> {
              float[] a = new float[n];
              b.asFloatBuffer().get(a);
              yield Tensor.of(a, shape);
            }
            case FLOAT64 -> {
              double[] a = new double[n];
              b.asDoubleBuffer().get(a);
              yield Tensor.of(a, shape);
            }
            case INT32 -> {
              int[] a = new int[n];
              b.asIntBuffer().get(a);
              yield Tensor.of(a, shape);
            }
            case INT64 -> {
              long[] a = new long[n];
              b.asLongBuffer().get(a);
              yield Tensor.of(a, shape);
            }
            case UINT8, INT8, BOOL -> {
              byte[] a = new byte[n];
              b.get(a);
              yield Tensor.ofBytes(c.dtype(), a, shape);
            }
          };
      out.put(c.name(), t);
    }
    return TensorBatch.of(out);
  }

  /**
   * Lists the tensors' names.
   *
   * @return the names, in order
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) {
      names.add(c.name());
    }
    return names;
  }
}
