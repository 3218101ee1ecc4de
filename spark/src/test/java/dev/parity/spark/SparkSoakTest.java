package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.reliability.GrowthRule;
import dev.parity.reliability.SoakOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSoakTest {
  private static final long MIB = 1 << 20;

  private static List<SparkSoak.Pass> passes(long... outsideHeapMib) {
    List<SparkSoak.Pass> out = new ArrayList<>();
    for (int i = 0; i < outsideHeapMib.length; i++) {
      out.add(
          new SparkSoak.Pass(
              i + 1, 1.0, 1000, 0, outsideHeapMib[i] * MIB, outsideHeapMib[i] * MIB));
    }
    return out;
  }

  @Test
  void judge_growthAfterTheFirstPassOverTheLimit_fails() {
    SparkSoak.Result r =
        SparkSoak.judge(
            passes(900, 1000, 1004, 1003, 1010),
            GrowthRule.standard(),
            "PyTorch",
            "local[2]",
            10,
            2);

    assertThat(r.steadyPass()).isEqualTo(1);
    assertThat(r.growthBytes()).isEqualTo(110 * MIB);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void judge_growthWithinTheLimitAfterFivePercent_passes() {
    long[] mib = new long[40];
    for (int i = 0; i < mib.length; i++) {
      mib[i] = i < 2 ? 900 + 50L * i : 1000 + i / 4;
    }
    SparkSoak.Result r =
        SparkSoak.judge(passes(mib), GrowthRule.standard(), "PyTorch", "local[2]", 10, 2);

    assertThat(r.steadyPass()).isEqualTo(2);
    assertThat(r.steadyBytes()).isEqualTo(950 * MIB);
    assertThat(r.endBytes()).isEqualTo(1009 * MIB);
    assertThat(r.growthPercent())
        .isCloseTo(100.0 * 59 / 950, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.passed()).isFalse();
    assertThat(
            SparkSoak.judge(passes(1000, 1000, 1019), GrowthRule.standard(), "x", "y", 1, 1)
                .passed())
        .isTrue();
    assertThat(
            SparkSoak.judge(passes(1000, 1000, 1021), GrowthRule.standard(), "x", "y", 1, 1)
                .passed())
        .isFalse();
  }

  @Test
  void judge_steadyClimbVersusNoise_trendSeparatesThem() {
    SparkSoak.Result climb =
        SparkSoak.judge(
            passes(1000, 1003, 1006, 1009, 1012), GrowthRule.standard(), "x", "y", 1, 1);
    SparkSoak.Result noise =
        SparkSoak.judge(passes(1000, 1030, 990, 1030, 1000), GrowthRule.standard(), "x", "y", 1, 1);

    assertThat(climb.trendBytesPerPass()).isEqualTo(3.0 * MIB);
    assertThat(Math.abs(noise.trendBytesPerPass())).isLessThan(1.0 * MIB);
  }

  @Test
  void judge_noPasses_rejected() {
    assertThatThrownBy(() -> SparkSoak.judge(List.of(), GrowthRule.standard(), "x", "y", 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void call_smallSoak_everyPassPredictsEveryRecordAndTheJsonHoldsTheVerdict(@TempDir Path dir)
      throws Exception {
    SparkTestSession.get();
    Path json = dir.resolve("soak.json");
    int code =
        ParitySpark.commandLine()
            .execute(
                "soak",
                "--records",
                "3000",
                "--passes",
                "3",
                "--partitions",
                "3",
                "--warmup-passes",
                "1",
                "--dir",
                dir.toString(),
                "--json",
                json.toString(),
                "--master",
                "local[2,2]");

    JsonNode r = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(r.get("passes")).hasSize(3);
    for (JsonNode p : r.get("passes")) {
      assertThat(p.get("recordsPerSecond").asDouble()).isPositive();
      assertThat(p.get("rssOutsideHeapBytes").asLong()).isPositive();
    }
    assertThat(r.get("growthBytes").asLong())
        .isEqualTo(r.get("endBytes").asLong() - r.get("steadyBytes").asLong());
    assertThat(code).isEqualTo(r.get("passed").asBoolean() ? 0 : 1);
    assertThat(SparkTestSession.get().read().parquet(dir.resolve("predictions").toString()).count())
        .isEqualTo(3000);
  }

  @Test
  void help_sharedOptions_sameNamesAndDefaultsAsParitySoak() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = ParitySpark.commandLine();
    cl.setOut(new java.io.PrintWriter(out, true));

    int code = cl.execute("soak", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--max-growth-percent=PERCENT")
        .contains("(default: " + GrowthRule.DEFAULT_MAX_GROWTH_PERCENT + ")")
        .contains("Records per pass (default " + SoakOptions.DEFAULT_RECORDS + ")");
  }
}
