package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.npy.Npy;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the statistics against numpy on a committed vector (3,001 differences with 700 exact
 * zeros, 900 tied values and outliers; see {@code generate_fixtures.py}) and the percentiles
 * against commons-math's R_7.
 */
class DiffStatisticsTest {
  private static double[] values;
  private static JsonNode numpy;

  @BeforeAll
  static void load() throws Exception {
    Path npy =
        Path.of(
            DiffStatisticsTest.class.getResource("/dev/parity/harness/differences.npy").toURI());
    values = Npy.read(npy).doubles();
    try (InputStream in =
        DiffStatisticsTest.class.getResourceAsStream("/dev/parity/harness/differences.json")) {
      numpy = JsonMapper.builder().build().readTree(in);
    }
  }

  private static Offset<Double> close(String key) {
    return within(Math.abs(numpy.get(key).asDouble()) * 1e-12);
  }

  @Test
  void of_numpyVector_matchesNumpyMeanStdAndPercentiles() {
    DiffStatistics s = DiffStatistics.of(values);

    assertThat(s.count()).isEqualTo(numpy.get("count").asLong()).isEqualTo(3001);
    assertThat(s.mean()).isCloseTo(numpy.get("mean").asDouble(), close("mean"));
    assertThat(s.std()).isCloseTo(numpy.get("std").asDouble(), close("std"));
    assertThat(s.p25()).isCloseTo(numpy.get("p25").asDouble(), close("p25"));
    assertThat(s.p50()).isCloseTo(numpy.get("p50").asDouble(), close("p50"));
    assertThat(s.p75()).isCloseTo(numpy.get("p75").asDouble(), close("p75"));
    assertThat(s.p99()).isCloseTo(numpy.get("p99").asDouble(), close("p99"));
    assertThat(s.max()).isEqualTo(numpy.get("max").asDouble());
  }

  @Test
  void percentile_numpyVectorAtEveryHalfPercent_equalsCommonsMathR7Exactly() {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    Percentile r7 = new Percentile().withEstimationType(EstimationType.R_7);
    r7.setData(values);

    for (double p = 0; p <= 100; p += 0.5) {
      double expected = p == 0 ? sorted[0] : r7.evaluate(p);
      assertThat(DiffStatistics.percentile(sorted, p)).as("P%s", p).isEqualTo(expected);
    }
  }

  @Test
  void of_seedSizedVector_matchesCommonsMathR7() {
    // As many elements as the seed's table (4,387,830), quantised like float32 differences.
    java.util.Random random = new java.util.Random(7);
    double[] big = new double[4_387_830];
    for (int i = 0; i < big.length; i++) {
      big[i] = random.nextInt(4) == 0 ? 0 : random.nextInt(64) * 0x1p-27;
    }
    Percentile r7 = new Percentile().withEstimationType(EstimationType.R_7);
    r7.setData(big);

    DiffStatistics s = DiffStatistics.of(big);

    assertThat(s.count()).isEqualTo(4_387_830);
    assertThat(s.p25()).isEqualTo(r7.evaluate(25));
    assertThat(s.p50()).isEqualTo(r7.evaluate(50));
    assertThat(s.p75()).isEqualTo(r7.evaluate(75));
    assertThat(s.p99()).isEqualTo(r7.evaluate(99));
    assertThat(s.max()).isEqualTo(63 * 0x1p-27);
  }

  @Test
  void percentile_fewValues_interpolatesLinearlyBetweenRanks() {
    double[] sorted = {0, 0, 1, 3};

    assertThat(DiffStatistics.percentile(sorted, 50)).isEqualTo(0.5);
    assertThat(DiffStatistics.percentile(sorted, 75)).isEqualTo(1.5);
    assertThat(DiffStatistics.percentile(sorted, 100)).isEqualTo(3);
    assertThat(DiffStatistics.percentile(new double[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void of_values_leavesTheArrayUnsorted() {
    double[] v = {3, 1, 2};

    DiffStatistics.of(v);

    assertThat(v).containsExactly(3, 1, 2);
  }

  @Test
  void of_noValues_countsZeroAndReportsNaN() {
    DiffStatistics s = DiffStatistics.of(new double[0]);

    assertThat(s.count()).isZero();
    assertThat(s.mean()).isNaN();
    assertThat(s.max()).isNaN();
  }

  @Test
  void of_aNaNValue_makesMaxNaN() {
    assertThat(DiffStatistics.of(new double[] {1, Double.NaN}).max()).isNaN();
  }

  @Test
  void percentile_outOfRange_throwsNamingTheValue() {
    assertThatThrownBy(() -> DiffStatistics.percentile(new double[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("101");
    assertThatThrownBy(() -> DiffStatistics.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
