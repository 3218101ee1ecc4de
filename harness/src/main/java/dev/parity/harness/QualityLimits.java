package dev.parity.harness;

/**
 * The model-quality limits, per task kind; the card's task says which apply.
 *
 * @param binary limits for binary classifiers
 * @param multiclass limits for multi-class classifiers
 * @param regression limits for regressions
 */
public record QualityLimits(Binary binary, Multiclass multiclass, Regression regression) {

  /** Limits with nothing set. */
  static final QualityLimits NONE = new QualityLimits(null, null, null);

  /** Normalises absent parts. */
  public QualityLimits {
    binary = binary == null ? Binary.NONE : binary;
    multiclass = multiclass == null ? Multiclass.NONE : multiclass;
    regression = regression == null ? Regression.NONE : regression;
  }

  /**
   * Returns these limits with the missing ones taken from {@code base}.
   *
   * @param base the limits to inherit from
   * @return the merged limits
   */
  public QualityLimits over(QualityLimits base) {
    if (base == null) {
      return this;
    }
    return new QualityLimits(
        binary.over(base.binary),
        multiclass.over(base.multiclass),
        regression.over(base.regression));
  }

  /**
   * Binary classifier limits, JVM against the reference.
   *
   * @param maxAucDelta the largest AUC difference that passes
   * @param maxRecallDelta the largest difference of recall at the card's precision target
   * @param maxFlips the most decisions that may flip outside the band around the threshold
   * @param flipBand flips of records whose reference probability lies this close to the threshold
   *     are reported, not gated
   */
  public record Binary(Double maxAucDelta, Double maxRecallDelta, Long maxFlips, Double flipBand) {
    static final Binary NONE = new Binary(null, null, null, null);

    Binary over(Binary base) {
      return new Binary(
          OutputLimits.pick(maxAucDelta, base.maxAucDelta),
          OutputLimits.pick(maxRecallDelta, base.maxRecallDelta),
          OutputLimits.pick(maxFlips, base.maxFlips),
          OutputLimits.pick(flipBand, base.flipBand));
    }
  }

  /**
   * Multi-class classifier limits, JVM against the reference.
   *
   * @param maxAccuracyDelta the largest accuracy difference on the labels that passes
   * @param maxArgmaxFlips the most records whose top class may differ
   * @param topK the k of the top-k agreement
   * @param minTopKAgreement the smallest share of records whose top-k classes agree
   * @param maxLogLossDelta the largest log-loss difference on the labels that passes
   */
  public record Multiclass(
      Double maxAccuracyDelta,
      Long maxArgmaxFlips,
      Integer topK,
      Double minTopKAgreement,
      Double maxLogLossDelta) {
    static final Multiclass NONE = new Multiclass(null, null, null, null, null);

    Multiclass over(Multiclass base) {
      return new Multiclass(
          OutputLimits.pick(maxAccuracyDelta, base.maxAccuracyDelta),
          OutputLimits.pick(maxArgmaxFlips, base.maxArgmaxFlips),
          OutputLimits.pick(topK, base.topK),
          OutputLimits.pick(minTopKAgreement, base.minTopKAgreement),
          OutputLimits.pick(maxLogLossDelta, base.maxLogLossDelta));
    }
  }

  /**
   * Regression limits, JVM against the reference.
   *
   * @param maxRmseDelta the largest difference of root-mean-square error on the labels
   * @param maxMaeDelta the largest difference of mean absolute error on the labels
   */
  public record Regression(Double maxRmseDelta, Double maxMaeDelta) {
    static final Regression NONE = new Regression(null, null);

    Regression over(Regression base) {
      return new Regression(
          OutputLimits.pick(maxRmseDelta, base.maxRmseDelta),
          OutputLimits.pick(maxMaeDelta, base.maxMaeDelta));
    }
  }
}
