package dev.parity.harness;

/**
 * What one output's differences must stay within. Every value is optional in a plan: a missing one
 * is inherited from the plan's {@code default} section, and a gate whose limit is missing there too
 * is not applied ({@code atol} and {@code rtol} are required for every output).
 *
 * @param atol absolute tolerance of one element
 * @param rtol relative tolerance of one element
 * @param maxP99 the largest P99 of the absolute differences that passes
 * @param maxMax the largest maximum absolute difference that passes
 * @param maxOverToleranceFraction the largest share of elements over tolerance that passes
 */
public record OutputLimits(
    Double atol, Double rtol, Double maxP99, Double maxMax, Double maxOverToleranceFraction) {

  /** Limits with nothing set. */
  static final OutputLimits NONE = new OutputLimits(null, null, null, null, null);

  /**
   * Returns these limits with the missing ones taken from {@code base}.
   *
   * @param base the limits to inherit from
   * @return the merged limits
   */
  public OutputLimits over(OutputLimits base) {
    return new OutputLimits(
        pick(atol, base.atol),
        pick(rtol, base.rtol),
        pick(maxP99, base.maxP99),
        pick(maxMax, base.maxMax),
        pick(maxOverToleranceFraction, base.maxOverToleranceFraction));
  }

  static <T> T pick(T own, T inherited) {
    return own != null ? own : inherited;
  }
}
