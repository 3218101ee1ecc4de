package dev.parity.harness;

/**
 * The tolerance and limits one output is held to; a limit left null is not gated.
 *
 * @param atol absolute tolerance: an element passes when {@code |a - b| <= atol + rtol * |b|}
 * @param rtol relative tolerance
 * @param maxP99 the largest P99 of {@code |a - b|} that passes
 * @param maxMax the largest maximum of {@code |a - b|} that passes
 * @param maxOverToleranceFraction the largest share of elements beyond tolerance that passes
 * @param maxNonFinite the most elements that may be NaN or infinite on either side
 * @param maxBatchDifference with the noise floor measured: the largest {@code |batch 1 - batch N|}
 *     of the same engine that passes (a record's outputs must not depend on its batch)
 */
public record OutputLimits(
    Double atol,
    Double rtol,
    Double maxP99,
    Double maxMax,
    Double maxOverToleranceFraction,
    Long maxNonFinite,
    Double maxBatchDifference) {

  /** Limits with nothing set. */
  static final OutputLimits NONE = new OutputLimits(null, null, null, null, null, null, null);

  /**
   * Returns these limits with the missing ones taken from {@code base}.
   *
   * @param base the limits to inherit from
   * @return the merged limits
   */
  public OutputLimits over(OutputLimits base) {
    if (base == null) {
      return this;
    }
    return new OutputLimits(
        pick(atol, base.atol),
        pick(rtol, base.rtol),
        pick(maxP99, base.maxP99),
        pick(maxMax, base.maxMax),
        pick(maxOverToleranceFraction, base.maxOverToleranceFraction),
        pick(maxNonFinite, base.maxNonFinite),
        pick(maxBatchDifference, base.maxBatchDifference));
  }

  static <T> T pick(T own, T inherited) {
    return own != null ? own : inherited;
  }
}
