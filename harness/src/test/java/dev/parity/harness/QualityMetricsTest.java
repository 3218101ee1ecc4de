package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.npy.Npy;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the metrics against scripts/purchase/quality.py on a committed vector with ties. */
class QualityMetricsTest {
  private static byte[] labels;
  private static float[] scores;
  private static JsonNode python;

  @BeforeAll
  static void load() throws Exception {
    labels = Npy.read(resource("quality-labels.npy")).bytes();
    scores = Npy.read(resource("quality-scores.npy")).floats();
    try (InputStream in =
        QualityMetricsTest.class.getResourceAsStream("/dev/parity/harness/quality.json")) {
      python = JsonMapper.builder().build().readTree(in);
    }
  }

  private static Path resource(String name) throws Exception {
    return Path.of(QualityMetricsTest.class.getResource("/dev/parity/harness/" + name).toURI());
  }

  @Test
  void auc_vectorWithTies_matchesPython() {
    assertThat(QualityMetrics.auc(labels, scores))
        .isCloseTo(python.get("auc").asDouble(), within(1e-12));
  }

  @Test
  void recallAtPrecision_vectorWithTies_matchesPython() {
    assertThat(QualityMetrics.recallAtPrecision(labels, scores, 0.5))
        .isCloseTo(python.get("recallAtPrecision0.5").asDouble(), within(1e-12));
    assertThat(QualityMetrics.recallAtPrecision(labels, scores, 0.3))
        .isCloseTo(python.get("recallAtPrecision0.3").asDouble(), within(1e-12));
  }

  @Test
  void auc_perfectAndReversedRanking_isOneAndZero() {
    byte[] y = {0, 0, 1, 1};

    assertThat(QualityMetrics.auc(y, new float[] {0.1f, 0.2f, 0.8f, 0.9f})).isEqualTo(1.0);
    assertThat(QualityMetrics.auc(y, new float[] {0.9f, 0.8f, 0.2f, 0.1f})).isEqualTo(0.0);
    assertThat(QualityMetrics.auc(y, new float[] {0.5f, 0.5f, 0.5f, 0.5f})).isEqualTo(0.5);
  }

  @Test
  void recallAtPrecision_unreachableTarget_isZero() {
    assertThat(QualityMetrics.recallAtPrecision(new byte[] {0, 1}, new float[] {0.9f, 0.1f}, 0.9))
        .isZero();
  }

  @Test
  void decisionFlips_flipsNearAndFarFromTheThreshold_countsOnlyThoseOutsideTheBand() {
    float[] python = {0.4999999f, 0.2f, 0.7f, 0.5f};
    float[] jvm = {0.5000001f, 0.6f, 0.7f, 0.4999f};

    assertThat(QualityMetrics.decisionFlips(jvm, python, 0.5, 1e-5)).isEqualTo(1);
    assertThat(QualityMetrics.decisionFlips(jvm, python, 0.5, -1)).isEqualTo(3);
  }

  @Test
  void of_flips_splitsThemByBand() {
    BinaryQuality q =
        BinaryQuality.of(
            new byte[] {0, 1, 1},
            new float[] {0.5000001f, 0.6f, 0.9f},
            new float[] {0.4999999f, 0.2f, 0.9f},
            0.5,
            0.5,
            1e-5);

    assertThat(q.flips()).isEqualTo(1);
    assertThat(q.flipsInBand()).isEqualTo(1);
    assertThat(q.aucDelta()).isEqualTo(Math.abs(q.aucActual() - q.aucExpected()));
  }

  @Test
  void multiclass_logitsAndLabels_flipsAgreementAccuracyAndLogLoss() {
    // Two records, three classes; the JVM swaps classes 0 and 1 of record 1, so its top class
    // and its top two differ there.
    double[] python = {2, 1, 0, 0.1, 0.3, 0.2};
    double[] jvm = {2, 1, 0, 0.3, 0.1, 0.2};
    long[] labels = {0, 1};

    MulticlassQuality q =
        MulticlassQuality.of(labels, jvm, python, 3, dev.parity.card.Task.Scores.LOGITS, 2);

    assertThat(q.argmaxFlips()).isEqualTo(1);
    assertThat(q.topKAgreement()).isEqualTo(0.5);
    assertThat(q.accuracyExpected()).isEqualTo(1.0);
    assertThat(q.accuracyActual()).isEqualTo(0.5);
    double p0 = Math.exp(2) / (Math.exp(2) + Math.exp(1) + 1);
    double p1 = Math.exp(0.3) / (Math.exp(0.1) + Math.exp(0.3) + Math.exp(0.2));
    assertThat(q.logLossExpected())
        .isCloseTo(
            -(Math.log(p0) + Math.log(p1)) / 2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(q.logLossDelta()).isPositive();
  }

  @Test
  void multiclass_withoutLabels_onlyAgreementIsComputed() {
    MulticlassQuality q =
        MulticlassQuality.of(
            null,
            new double[] {1, 0},
            new double[] {1, 0},
            2,
            dev.parity.card.Task.Scores.LOGITS,
            1);

    assertThat(q.labelled()).isFalse();
    assertThat(q.argmaxFlips()).isZero();
    assertThat(q.accuracyDelta()).isNaN();
  }

  @Test
  void regression_rmseAndMae_ofEachSide() {
    RegressionQuality q =
        RegressionQuality.of(
            new double[] {1, 2, 3}, new double[] {1, 2, 4}, new double[] {1, 2, 3});

    assertThat(q.rmseActual())
        .isCloseTo(Math.sqrt(1 / 3.0), org.assertj.core.api.Assertions.within(1e-12));
    assertThat(q.rmseExpected()).isZero();
    assertThat(q.maeDelta()).isCloseTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-12));
  }
}
