package dev.parity.card;

/**
 * The ids an integer input accepts: {@code low <= id < high}, as Python's {@code range(low, high)};
 * an embedding table of N rows takes {@code [0, N)}.
 *
 * @param low the smallest id accepted
 * @param high one past the largest id accepted
 */
public record IdRange(long low, long high) {

  /** Checks that the range is not empty. */
  public IdRange {
    if (low >= high) {
      throw new IllegalArgumentException("range [" + low + ", " + high + ") is empty");
    }
  }

  /**
   * Whether an id is accepted.
   *
   * @param id an id
   * @return true when {@code low <= id < high}
   */
  public boolean contains(long id) {
    return id >= low && id < high;
  }

  /**
   * Whether every id of another range is accepted.
   *
   * @param other a range
   * @return true when it lies inside this one
   */
  public boolean covers(IdRange other) {
    return other.low >= low && other.high <= high;
  }

  @Override
  public String toString() {
    return "[" + low + ", " + high + ")";
  }
}
