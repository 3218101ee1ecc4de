package dev.parity.harness;

import dev.parity.card.Task;

/**
 * A multi-class classifier's quality, JVM against the reference: how many records change their top
 * class, how many keep the same set of top-k classes, and, on the labels, each side's accuracy and
 * log-loss. Without labels, accuracy and log-loss are NaN.
 *
 * @param classes the number of classes
 * @param argmaxFlips records whose top class differs
 * @param topK the k of the top-k agreement
 * @param topKAgreement the share of records whose top-k classes are the same set
 * @param accuracyActual the JVM's accuracy on the labels
 * @param accuracyExpected the reference's accuracy on the labels
 * @param logLossActual the JVM's mean log-loss on the labels (natural log)
 * @param logLossExpected the reference's mean log-loss on the labels
 */
public record MulticlassQuality(
    int classes,
    long argmaxFlips,
    int topK,
    double topKAgreement,
    double accuracyActual,
    double accuracyExpected,
    double logLossActual,
    double logLossExpected)
    implements QualityComparison {

  /**
   * Computes the comparison.
   *
   * @param labels class ids, one per record; null when the set has none
   * @param actual the JVM's scores, {@code [records, classes]} row-major
   * @param expected the reference's scores, same layout
   * @param classes the number of classes
   * @param scores whether the scores are logits or probabilities
   * @param topK the k of the top-k agreement
   * @return the comparison
   */
  public static MulticlassQuality of(
      long[] labels,
      double[] actual,
      double[] expected,
      int classes,
      Task.Scores scores,
      int topK) {
    int records = actual.length / classes;
    int k = Math.min(topK, classes);
    long flips = QualityMetrics.argmaxFlipped(actual, expected, classes).cardinality();
    long agree = 0;
    for (int r = 0; r < records; r++) {
      int off = r * classes;
      if (QualityMetrics.topKSet(actual, off, classes, k)
          .equals(QualityMetrics.topKSet(expected, off, classes, k))) {
        agree++;
      }
    }
    double accA = Double.NaN;
    double accE = Double.NaN;
    double lossA = Double.NaN;
    double lossE = Double.NaN;
    if (labels != null) {
      accA = QualityMetrics.accuracy(labels, actual, classes);
      accE = QualityMetrics.accuracy(labels, expected, classes);
      boolean logits = scores == Task.Scores.LOGITS;
      lossA = QualityMetrics.logLoss(labels, actual, classes, logits);
      lossE = QualityMetrics.logLoss(labels, expected, classes, logits);
    }
    return new MulticlassQuality(
        classes, flips, k, records == 0 ? 1 : (double) agree / records, accA, accE, lossA, lossE);
  }

  /**
   * Whether labels were there for accuracy and log-loss.
   *
   * @return true when they were
   */
  public boolean labelled() {
    return !Double.isNaN(accuracyActual);
  }

  /**
   * Returns how far the JVM's accuracy is from the reference's.
   *
   * @return the absolute difference; NaN without labels
   */
  public double accuracyDelta() {
    return Math.abs(accuracyActual - accuracyExpected);
  }

  /**
   * Returns how far the JVM's log-loss is from the reference's.
   *
   * @return the absolute difference; NaN without labels
   */
  public double logLossDelta() {
    return Math.abs(logLossActual - logLossExpected);
  }
}
