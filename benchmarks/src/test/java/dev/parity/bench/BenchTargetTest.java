package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTargetTest {

  private static BenchTarget.Builder ratio() {
    return BenchTarget.builder().setName("python-ratio").setFigure(Figure.PYTHON_RATIO);
  }

  @Test
  void isMetBy_atLeast_thresholdItselfMeets() {
    BenchTarget t = ratio().optAtLeast(2.0).build();

    assertThat(t.isMetBy(2.0)).isTrue();
    assertThat(t.isMetBy(Math.nextDown(2.0))).isFalse();
  }

  @Test
  void isMetBy_atMost_thresholdItselfMeets() {
    BenchTarget t =
        BenchTarget.builder()
            .setName("share")
            .setFigure(Figure.TRANSLATION_SHARE)
            .optAtMost(0.2)
            .build();

    assertThat(t.isMetBy(0.2)).isTrue();
    assertThat(t.isMetBy(Math.nextUp(0.2))).isFalse();
  }

  @Test
  void build_noFigureAndInfiniteThreshold_bothNamed() {
    assertThatThrownBy(
            () -> BenchTarget.builder().setName("x").optAtLeast(Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no figure")
        .hasMessageContaining("finite");
  }

  @Test
  void build_repeatedPreset_rejected() {
    assertThatThrownBy(() -> ratio().optAtLeast(1).optPresets(List.of("small", "small")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeat");
  }

  @Test
  void judge_noEngines_notMeasuredWithTheFiguresReason() {
    BenchSummary.Target t = ratio().optAtLeast(2.0).build().judge(List.of(), "small");

    assertThat(t.verdict()).isEqualTo(BenchSummary.Verdict.NOT_MEASURED);
    assertThat(t.measured().value()).isNull();
    assertThat(t.reason()).isEqualTo("no full-path result");
  }
}
