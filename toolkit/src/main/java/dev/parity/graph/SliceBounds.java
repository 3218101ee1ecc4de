package dev.parity.graph;

/**
 * The range one axis of ONNX's {@code Slice} takes for a known dimension: negative starts and ends
 * count from the end, then starts and ends are clamped to {@code [0, dim]} for a positive step and
 * to {@code [0, dim-1]} and {@code [-1, dim-1]} for a negative one.
 *
 * @param start the first index taken
 * @param end the index where taking stops (exclusive; -1 with a negative step means past index 0)
 * @param step the step, not 0
 */
public record SliceBounds(long start, long end, long step) {

  /**
   * Resolves a slice against a dimension.
   *
   * @param start as in the node
   * @param end as in the node (often a huge number meaning "to the end")
   * @param step as in the node, not 0
   * @param dim the axis' size
   * @return the clamped bounds
   */
  public static SliceBounds of(long start, long end, long step, long dim) {
    long s = start < 0 ? saturatedAdd(start, dim) : start;
    long e = end < 0 ? saturatedAdd(end, dim) : end;
    if (step > 0) {
      return new SliceBounds(clamp(s, 0, dim), clamp(e, 0, dim), step);
    }
    return new SliceBounds(clamp(s, 0, dim - 1), clamp(e, -1, dim - 1), step);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /**
   * Returns the number of elements taken.
   *
   * @return {@code max(0, ceil((end - start) / step))}
   */
  public long length() {
    long span = end - start;
    if (step > 0) {
      return span <= 0 ? 0 : (span + step - 1) / step;
    }
    return span >= 0 ? 0 : (-span + (-step) - 1) / -step;
  }
}
