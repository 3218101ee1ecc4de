package dev.parity.harness;

/**
 * How far model quality on the reference labels may move between Python and the JVM. Every value is
 * optional, inherited from the plan's {@code default} section when missing there.
 *
 * @param maxAucDelta the largest {@code |AUC(JVM) - AUC(Python)|} that passes
 * @param maxRecallDelta the largest difference of recall at the model card's precision target
 * @param maxFlips the most decision flips at the plan's threshold that pass, counting only records
 *     whose Python probability lies farther than {@code flipBand} from the threshold
 * @param flipBand the distance from the threshold within which a flip is not counted
 */
public record QualityLimits(
    Double maxAucDelta, Double maxRecallDelta, Long maxFlips, Double flipBand) {

  /** Limits with nothing set. */
  static final QualityLimits NONE = new QualityLimits(null, null, null, null);

  /**
   * Returns these limits with the missing ones taken from {@code base}.
   *
   * @param base the limits to inherit from
   * @return the merged limits
   */
  public QualityLimits over(QualityLimits base) {
    return new QualityLimits(
        OutputLimits.pick(maxAucDelta, base.maxAucDelta),
        OutputLimits.pick(maxRecallDelta, base.maxRecallDelta),
        OutputLimits.pick(maxFlips, base.maxFlips),
        OutputLimits.pick(flipBand, base.flipBand));
  }
}
