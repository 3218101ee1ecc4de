package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.reference.NpyArray;
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
    labels = NpyArray.read(resource("quality-labels.npy")).bytes();
    scores = NpyArray.read(resource("quality-scores.npy")).floats();
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
    QualityComparison q =
        QualityComparison.of(
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
}
