package dev.parity.harness;

/**
 * A binary classifier's quality on the reference set's labels from the JVM's and from the
 * reference's probabilities, and how many decisions the difference flips. Without labels the AUC
 * and recall are NaN and only the flips are compared.
 *
 * @param precisionTarget the precision recall is measured at (the card's {@code
 *     task.precisionTarget})
 * @param aucActual the AUC of the JVM's probabilities
 * @param aucExpected the AUC of Python's probabilities
 * @param recallActual the JVM's recall at the precision target
 * @param recallExpected Python's recall at the precision target
 * @param decisionThreshold a record is positive when its probability is at least this
 * @param flipBand flips of records whose Python probability lies within this distance of the
 *     threshold are not counted in {@code flips}
 * @param flips records whose decision differs, outside the band
 * @param flipsInBand records whose decision differs, within the band (reported, not gated)
 */
public record BinaryQuality(
    double precisionTarget,
    double aucActual,
    double aucExpected,
    double recallActual,
    double recallExpected,
    double decisionThreshold,
    double flipBand,
    long flips,
    long flipsInBand)
    implements QualityComparison {

  /**
   * Computes the comparison.
   *
   * @param labels 1 for a positive, 0 for a negative; null when the set has none
   * @param actual the JVM's probabilities
   * @param expected Python's probabilities
   * @param precisionTarget the precision recall is measured at
   * @param decisionThreshold the decision threshold
   * @param flipBand the band around the threshold whose flips are not gated
   * @return the comparison
   */
  public static BinaryQuality of(
      byte[] labels,
      float[] actual,
      float[] expected,
      double precisionTarget,
      double decisionThreshold,
      double flipBand) {
    long outside = QualityMetrics.decisionFlips(actual, expected, decisionThreshold, flipBand);
    long every = QualityMetrics.decisionFlips(actual, expected, decisionThreshold, -1);
    boolean labelled = labels != null;
    return new BinaryQuality(
        precisionTarget,
        labelled ? QualityMetrics.auc(labels, actual) : Double.NaN,
        labelled ? QualityMetrics.auc(labels, expected) : Double.NaN,
        labelled ? QualityMetrics.recallAtPrecision(labels, actual, precisionTarget) : Double.NaN,
        labelled ? QualityMetrics.recallAtPrecision(labels, expected, precisionTarget) : Double.NaN,
        decisionThreshold,
        flipBand,
        outside,
        every - outside);
  }

  /**
   * Returns how far the JVM's AUC is from Python's.
   *
   * @return {@code |aucActual - aucExpected|}
   */
  public double aucDelta() {
    return Math.abs(aucActual - aucExpected);
  }

  /**
   * Returns how far the JVM's recall is from Python's.
   *
   * @return {@code |recallActual - recallExpected|}
   */
  public double recallDelta() {
    return Math.abs(recallActual - recallExpected);
  }

  /**
   * Whether labels were there to compute AUC and recall.
   *
   * @return false when only the flips were compared
   */
  public boolean labelled() {
    return !Double.isNaN(aucActual);
  }
}
