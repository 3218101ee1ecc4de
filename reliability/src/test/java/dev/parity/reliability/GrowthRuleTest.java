package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrowthRuleTest {
  private static final long MIB = 1 << 20;

  @Test
  void steadyPoint_hundredSteps_isTheFifth() {
    assertThat(GrowthRule.steadyPoint(100)).isEqualTo(5);
  }

  @Test
  void steadyPoint_fewUnits_isAtLeastTheFirst() {
    assertThat(GrowthRule.steadyPoint(1)).isEqualTo(1);
    assertThat(GrowthRule.steadyPoint(20)).isEqualTo(1);
    // 5% of 24 passes is 1.2: the steady figure comes after the second.
    assertThat(GrowthRule.steadyPoint(24)).isEqualTo(2);
    assertThat(GrowthRule.steadyPoint(1000)).isEqualTo(50);
  }

  @Test
  void steadyPoint_noUnits_rejected() {
    assertThatThrownBy(() -> GrowthRule.steadyPoint(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one unit");
  }

  @Test
  void judge_growthExactlyAtTheLimit_passes() {
    Growth g = GrowthRule.standard().judge(1000 * MIB, 1020 * MIB);

    assertThat(g.growthBytes()).isEqualTo(20 * MIB);
    assertThat(g.growthPercent()).isEqualTo(2.0);
    assertThat(g.maxGrowthPercent()).isEqualTo(2.0);
    assertThat(g.withinLimit()).isTrue();
  }

  @Test
  void judge_oneByteOverTheLimit_fails() {
    Growth g = GrowthRule.standard().judge(1000 * MIB, 1020 * MIB + 1);

    assertThat(g.growthPercent()).isGreaterThan(2.0);
    assertThat(g.withinLimit()).isFalse();
  }

  @Test
  void judge_shrinkingMemory_passesWithNegativeGrowth() {
    Growth g = GrowthRule.standard().judge(611 * MIB, 606 * MIB);

    assertThat(g.growthBytes()).isEqualTo(-5 * MIB);
    assertThat(g.growthPercent())
        .isCloseTo(-100.0 * 5 / 611, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(g.withinLimit()).isTrue();
  }

  @Test
  void judge_otherLimit_judgesByIt() {
    GrowthRule half = GrowthRule.withMaxGrowthPercent(0.5);

    assertThat(half.judge(1000, 1005).withinLimit()).isTrue();
    assertThat(half.judge(1000, 1006).withinLimit()).isFalse();
    assertThat(GrowthRule.standard().judge(1000, 1006).withinLimit()).isTrue();
  }

  @Test
  void withMaxGrowthPercent_notAPositiveNumber_rejected() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> GrowthRule.withMaxGrowthPercent(bad))
          .as("limit %s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("positive percentage");
    }
  }

  @Test
  void judge_noSteadyMemory_rejected() {
    assertThatThrownBy(() -> GrowthRule.standard().judge(0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
