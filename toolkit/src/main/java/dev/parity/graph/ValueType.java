package dev.parity.graph;

import dev.parity.tensor.Dtype;
import java.util.Arrays;

/**
 * The element type and shape of a value in the graph, as declared or inferred. A dimension of
 * {@value #UNKNOWN} is not known before run time (a dynamic batch, for example); the rank is always
 * known.
 *
 * @param dtype the element type
 * @param dims the dimensions, {@value #UNKNOWN} where dynamic; treat as read-only
 */
public record ValueType(Dtype dtype, long[] dims) {

  /** A dimension known only at run time. */
  public static final long UNKNOWN = -1;

  /**
   * Creates the type.
   *
   * @param dtype the element type
   * @param dims the dimensions; copied
   */
  public ValueType {
    dims = dims.clone();
  }

  /**
   * Returns the dimensions.
   *
   * @return a copy
   */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /**
   * Returns the number of dimensions.
   *
   * @return 0 for a scalar
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Returns one dimension.
   *
   * @param axis 0-based, not negative
   * @return the size, or {@value #UNKNOWN}
   */
  public long dim(int axis) {
    return dims[axis];
  }

  /**
   * Whether every dimension is known.
   *
   * @return true when none is {@value #UNKNOWN}
   */
  public boolean isStatic() {
    return Arrays.stream(dims).noneMatch(d -> d == UNKNOWN);
  }

  /**
   * Returns the same shape with another element type.
   *
   * @param other the element type
   * @return the type
   */
  public ValueType withType(Dtype other) {
    return new ValueType(other, dims);
  }

  /**
   * Broadcasts shapes by numpy's rules, dimensions of {@value #UNKNOWN} included.
   *
   * @param shapes the shapes
   * @return the result, or null when two known dimensions other than 1 differ
   */
  public static long[] broadcast(long[]... shapes) {
    int rank = 0;
    for (long[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    long[] out = new long[rank];
    for (int k = 1; k <= rank; k++) {
      long known = 1;
      boolean unknown = false;
      for (long[] s : shapes) {
        if (s.length < k) {
          continue;
        }
        long d = s[s.length - k];
        if (d == UNKNOWN) {
          unknown = true;
        } else if (d != 1) {
          if (known != 1 && known != d) {
            return null;
          }
          known = d;
        }
      }
      out[rank - k] = known != 1 ? known : unknown ? UNKNOWN : 1;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueType v && v.dtype == dtype && Arrays.equals(v.dims, dims);
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(dims);
  }

  /**
   * Renders the type as in messages.
   *
   * @return e.g. {@code int64 [?, 60]}
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(dtype.numpyName()).append(" [");
    for (int i = 0; i < dims.length; i++) {
      b.append(i == 0 ? "" : ", ").append(dims[i] == UNKNOWN ? "?" : Long.toString(dims[i]));
    }
    return b.append(']').toString();
  }
}
