package dev.parity.harness;

import java.util.List;

/**
 * How a plan slices the records and which slices it gates.
 *
 * @param top how many values of each categorical field are reported, the most frequent first
 *     (default {@value #DEFAULT_TOP})
 * @param gates gates on slices; empty for none
 */
public record SliceLimits(Integer top, List<SliceGate> gates) {

  /** How many values of a categorical field are reported when the plan does not say. */
  public static final int DEFAULT_TOP = 10;

  /** The slice key that stands for every slice. */
  public static final String EVERY_SLICE = "*";

  /** Normalises absent parts and copies the list. */
  public SliceLimits {
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /**
   * Returns how many values of each categorical field are reported.
   *
   * @return {@link #top()} or the default
   */
  public int topValues() {
    return top == null ? DEFAULT_TOP : top;
  }

  /**
   * A gate on one slice, or on every slice, of the task output; a limit left null is not gated.
   *
   * @param slice {@code field=value}, {@code field:d<decile>} or {@value #EVERY_SLICE}
   * @param maxMax the largest {@code |JVM - reference|} in the slice that passes
   * @param maxP99 the largest P99 of {@code |JVM - reference|} in the slice that passes
   * @param maxQualityDelta the largest quality delta in the slice that passes (AUC, accuracy or
   *     RMSE by task; the share of flipped decisions without labels)
   */
  public record SliceGate(String slice, Double maxMax, Double maxP99, Double maxQualityDelta) {

    /**
     * Whether the gate applies to a slice.
     *
     * @param key the slice's key
     * @return true for its own key and for {@value #EVERY_SLICE}
     */
    public boolean covers(String key) {
      return slice.equals(EVERY_SLICE) || slice.equals(key);
    }
  }
}
