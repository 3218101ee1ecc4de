package dev.parity.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named tensors that describe the same records: a model's inputs or its outputs for one batch.
 * Every tensor's first dimension is the number of records; the order of the names is kept.
 */
public final class TensorBatch {
  private final Map<String, Tensor> tensors;
  private final int rows;

  private TensorBatch(Map<String, Tensor> tensors, int rows) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.rows = rows;
  }

  /**
   * Makes a batch.
   *
   * @param tensors name to tensor, in order; at least one
   * @return the batch
   * @throws IllegalArgumentException if it is empty, a tensor is a scalar, or the tensors disagree
   *     on the number of records
   */
  public static TensorBatch of(Map<String, Tensor> tensors) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one tensor");
    }
    Map<String, Tensor> copy = new LinkedHashMap<>(tensors);
    int rows = -1;
    String first = null;
    for (Map.Entry<String, Tensor> e : copy.entrySet()) {
      if (e.getValue().rank() == 0) {
        throw new IllegalArgumentException(
            "tensor " + e.getKey() + " is a scalar; every tensor needs a record dimension");
      }
      int r = e.getValue().rows();
      if (rows < 0) {
        rows = r;
        first = e.getKey();
      } else if (r != rows) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " has "
                + r
                + " records but "
                + first
                + " has "
                + rows
                + "; every tensor of a batch describes the same records");
      }
    }
    return new TensorBatch(copy, rows);
  }

  /**
   * Makes a batch of one tensor.
   *
   * @param name its name
   * @param tensor the tensor
   * @return the batch
   */
  public static TensorBatch of(String name, Tensor tensor) {
    return of(Map.of(name, tensor));
  }

  /**
   * Returns the number of records.
   *
   * @return the first dimension every tensor shares
   */
  public int rows() {
    return rows;
  }

  /**
   * Returns the names, in order.
   *
   * @return the names
   */
  public List<String> names() {
    return List.copyOf(tensors.keySet());
  }

  /**
   * Returns the tensors by name, in order.
   *
   * @return an unmodifiable view
   */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /**
   * Whether the batch holds a tensor.
   *
   * @param name a name
   * @return true when present
   */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Returns a tensor.
   *
   * @param name its name
   * @return the tensor
   * @throws NoSuchElementException naming the tensors present when there is none by that name
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new NoSuchElementException(
          "no tensor named " + name + "; the batch holds " + String.join(", ", tensors.keySet()));
    }
    return t;
  }

  /**
   * Returns the records {@code [from, to)}.
   *
   * @param from first record
   * @param to one past the last record
   * @return a batch holding copies of those rows
   */
  public TensorBatch rows(int from, int to) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    tensors.forEach((name, t) -> out.put(name, t.rows(from, to)));
    return new TensorBatch(out, to - from);
  }

  /**
   * Stacks batches with the same names along the record dimension.
   *
   * @param parts the batches, in order; at least one
   * @return one batch with every part's records
   * @throws IllegalArgumentException if the parts hold different names, dtypes or row shapes
   */
  public static TensorBatch concat(List<TensorBatch> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    List<String> names = parts.get(0).names();
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String name : names) {
      List<Tensor> column = new ArrayList<>(parts.size());
      for (TensorBatch b : parts) {
        if (!b.names().equals(names)) {
          throw new IllegalArgumentException(
              "cannot concatenate a batch of " + b.names() + " to one of " + names);
        }
        column.add(b.get(name));
      }
      out.put(name, Tensor.concat(column));
    }
    return of(out);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(rows + " records: ");
    String sep = "";
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      b.append(sep).append(e.getKey()).append(' ').append(e.getValue().describe());
      sep = ", ";
    }
    return b.toString();
  }
}
