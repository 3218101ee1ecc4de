package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SoakOptionsTest {
  private static SoakOptions.Builder valid() {
    return SoakOptions.builder()
        .setEngineSettings(EngineSettings.of(EngineName.ONNXRUNTIME))
        .setInput(Path.of("records.jsonl"));
  }

  @Test
  void build_requiredOnly_predictsTheDefaultRecordsOnOneThreadByTheStandardRule() {
    SoakOptions o = valid().build();

    assertThat(o.mode()).isEqualTo(SoakMode.PREDICTIONS);
    assertThat(o.records()).isEqualTo(SoakOptions.DEFAULT_RECORDS);
    assertThat(o.total()).isEqualTo(SoakOptions.DEFAULT_RECORDS);
    assertThat(o.warmup()).isZero();
    assertThat(o.threads()).isEqualTo(1);
    assertThat(o.leakControl()).isFalse();
    assertThat(o.growthRule()).isEqualTo(GrowthRule.standard());
    assertThat(o.zoo()).isNull();
  }

  @Test
  void build_positiveCycles_cycleModeCountsCycles() {
    SoakOptions o = valid().optCycles(20).optRecords(0).optLeakControl().build();

    assertThat(o.mode()).isEqualTo(SoakMode.CYCLES);
    assertThat(o.total()).isEqualTo(20);
    assertThat(o.leakControl()).isTrue();
  }

  @Test
  void build_noEngineSettings_rejected() {
    assertThatThrownBy(() -> SoakOptions.builder().setInput(Path.of("r.jsonl")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setEngineSettings");
  }

  @Test
  void build_noInput_rejected() {
    assertThatThrownBy(
            () ->
                SoakOptions.builder()
                    .setEngineSettings(EngineSettings.of(EngineName.PYTORCH))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("setInput");
  }

  @Test
  void build_noRecordsInPredictionMode_rejected() {
    assertThatThrownBy(() -> valid().optRecords(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("records must be at least 1");
  }

  @Test
  void build_negativeCyclesOrWarmup_rejected() {
    assertThatThrownBy(() -> valid().optCycles(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycles");
    assertThatThrownBy(() -> valid().optWarmup(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warm-up");
  }

  @Test
  void build_threadsOutOfRange_rejected() {
    assertThatThrownBy(() -> valid().optThreads(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be 1 to 64, found 0");
    assertThatThrownBy(() -> valid().optThreads(SoakOptions.MAX_THREADS + 1).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(valid().optThreads(SoakOptions.MAX_THREADS).build().threads()).isEqualTo(64);
  }

  @Test
  void equals_sameValues_equalAndOtherLimitNot() {
    assertThat(valid().build()).isEqualTo(valid().build()).hasSameHashCodeAs(valid().build());
    assertThat(valid().optGrowthRule(GrowthRule.withMaxGrowthPercent(1)).build())
        .isNotEqualTo(valid().build());
  }
}
