package dev.parity.harness;

/**
 * A regression's quality on the labels, JVM against the reference: root-mean-square and mean
 * absolute error of each side.
 *
 * @param rmseActual the JVM's RMSE
 * @param rmseExpected the reference's RMSE
 * @param maeActual the JVM's MAE
 * @param maeExpected the reference's MAE
 */
public record RegressionQuality(
    double rmseActual, double rmseExpected, double maeActual, double maeExpected)
    implements QualityComparison {

  /**
   * Computes the comparison.
   *
   * @param labels the targets, one per record
   * @param actual the JVM's predictions
   * @param expected the reference's predictions
   * @return the comparison
   */
  public static RegressionQuality of(double[] labels, double[] actual, double[] expected) {
    return new RegressionQuality(
        QualityMetrics.rmse(labels, actual),
        QualityMetrics.rmse(labels, expected),
        QualityMetrics.mae(labels, actual),
        QualityMetrics.mae(labels, expected));
  }

  /**
   * Returns how far the JVM's RMSE is from the reference's.
   *
   * @return the absolute difference
   */
  public double rmseDelta() {
    return Math.abs(rmseActual - rmseExpected);
  }

  /**
   * Returns how far the JVM's MAE is from the reference's.
   *
   * @return the absolute difference
   */
  public double maeDelta() {
    return Math.abs(maeActual - maeExpected);
  }
}
