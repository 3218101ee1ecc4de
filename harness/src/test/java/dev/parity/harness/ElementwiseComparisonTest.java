package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElementwiseComparisonTest {
  private static final List<String> IDS = List.of("a", "b", "c");

  private static ElementwiseComparison.Part probability(float[] actual, float[] expected) {
    return new ElementwiseComparison.Part(
        "probability",
        List.of(3L),
        Tensor.of(actual, 3),
        Tensor.of(expected, 3),
        new Tolerance(1e-3, 0));
  }

  private static ElementwiseComparison.Part hidden(float[] actual, float[] expected) {
    return new ElementwiseComparison.Part(
        "hidden",
        List.of(3L, 2L),
        Tensor.of(actual, 3, 2),
        Tensor.of(expected, 3, 2),
        new Tolerance(0, 0.1));
  }

  @Test
  void compare_knownDifferences_givesStatisticsOverToleranceAndWorst() {
    OutputComparison c =
        ElementwiseComparison.compare(
            probability(new float[] {0.5f, 0.25f, 0.75f}, new float[] {0.5f, 0.25f, 0.625f}),
            IDS,
            2);

    assertThat(c.absolute().count()).isEqualTo(3);
    assertThat(c.absolute().max()).isEqualTo(0.125);
    assertThat(c.absolute().p50()).isZero();
    assertThat(c.absolute().mean()).isEqualTo(0.125 / 3);
    assertThat(c.relative().max()).isEqualTo(0.2);
    assertThat(c.overTolerance()).isEqualTo(1);
    assertThat(c.overToleranceFraction()).isEqualTo(1.0 / 3);
    assertThat(c.worst()).hasSize(2);
    assertThat(c.worst().get(0))
        .isEqualTo(new WorstElement("probability", 2, "c", 0, 0.75, 0.625, 0.125));
    assertThat(c.worst().get(1).record()).isZero();
  }

  @Test
  void compare_zeroReferences_leavesThemOutOfTheRelativeStatistics() {
    OutputComparison c =
        ElementwiseComparison.compare(
            hidden(new float[] {0, 1, 0, 2, 0.5f, 0}, new float[] {0, 1, 0.25f, 2, 0, 0}), IDS, 10);

    assertThat(c.relative().count()).isEqualTo(3);
    assertThat(c.relative().max()).isEqualTo(1.0);
    assertThat(c.overTolerance()).isEqualTo(2);
    assertThat(c.worst().get(0).record()).isEqualTo(2);
    assertThat(c.worst().get(0).column()).isZero();
    assertThat(c.worst().get(0).id()).isEqualTo("c");
    assertThat(c.worst().get(1).record()).isEqualTo(1);
    assertThat(c.worst().get(1).column()).isZero();
    assertThat(c.histogram().zeros()).isEqualTo(4);
  }

  @Test
  void compareEach_twoOutputs_combinesTheirElementsInAll() {
    ElementwiseComparison.Comparisons c =
        ElementwiseComparison.compareEach(
            List.of(
                probability(new float[] {0.5f, 0.25f, 0.75f}, new float[] {0.5f, 0.25f, 0.625f}),
                hidden(new float[] {0, 1, 0, 2, 0.5f, 0}, new float[] {0, 1, 0.25f, 2, 0, 0})),
            IDS,
            3);

    assertThat(c.outputs())
        .extracting(OutputComparison::output)
        .containsExactly("probability", "hidden");
    OutputComparison all = c.all();
    assertThat(all.output()).isEqualTo(OutputComparison.ALL);
    assertThat(all.absolute().count()).isEqualTo(9);
    assertThat(all.absolute())
        .isEqualTo(DiffStatistics.of(new double[] {0, 0, 0.125, 0, 0, 0.25, 0, 0.5, 0}));
    assertThat(all.overTolerance()).isEqualTo(3);
    assertThat(all.histogram().total()).isEqualTo(9);
    assertThat(all.worst()).extracting(WorstElement::difference).containsExactly(0.5, 0.25, 0.125);
  }

  @Test
  void compare_nanOutput_failsToleranceAndRanksWorst() {
    OutputComparison c =
        ElementwiseComparison.compare(
            probability(new float[] {Float.NaN, 0.25f, 0.75f}, new float[] {0.5f, 0.25f, 0.7f}),
            IDS,
            1);

    // The NaN is counted, fails its tolerance and ranks worst, but stays out of the statistics.
    assertThat(c.nonFinite()).isEqualTo(1);
    assertThat(c.absolute().count()).isEqualTo(2);
    assertThat(c.absolute().max()).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(c.overTolerance()).isEqualTo(2);
    assertThat(c.overToleranceFraction()).isEqualTo(2 / 3.0);
    assertThat(c.worst().get(0).record()).isZero();
    assertThat(c.worst().get(0).difference()).isNaN();
  }

  @Test
  void part_shapeAndArraysDisagree_throwsNamingBoth() {
    assertThatThrownBy(
            () ->
                new ElementwiseComparison.Part(
                    "hidden",
                    List.of(2L, 2L),
                    Tensor.of(new float[3], 3),
                    Tensor.of(new float[4], 4),
                    new Tolerance(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 2]")
        .hasMessageContaining("3 (actual)");
  }

  @Test
  void histogram_values_landInTheirDecadeBins() {
    Histogram h = Histogram.of(new double[] {0, 1e-20, 1.1e-7, 1.5e-7, 20, Double.NaN});

    assertThat(h.zeros()).isEqualTo(1);
    assertThat(h.below()).isEqualTo(1);
    assertThat(h.above()).isEqualTo(2);
    int bin = (-7 - Histogram.LOWEST_EXPONENT) * Histogram.BINS_PER_DECADE;
    assertThat(h.counts().get(bin)).isEqualTo(2);
    assertThat(h.lowerEdge(bin)).isCloseTo(1e-7, org.assertj.core.api.Assertions.within(1e-20));
    assertThat(h.total()).isEqualTo(6);
  }
}
