package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak must be able to fail: at a small scale on PyTorch (the fastest engine here), in the soak
 * JVM, the normal run stays well within 2% RSS growth and the leak control, which leaks each
 * batch's input tensors on a model's own manager (about 0.7 MiB per batch of 1024), ends far above
 * it.
 */
class SoakTest {
  @TempDir Path temp;

  private SoakReport fork(SoakOptions o, String name) throws Exception {
    SoakReport r = SoakTestData.jvm().run(o, temp.resolve(name), line -> {});
    System.out.print(SoakSummary.text(r));
    return r;
  }

  @Test
  void run_normalRunAfterWarmup_growsLessThanTwoPercent() throws Exception {
    SoakReport r =
        fork(SoakTestData.pytorch().optRecords(250_000).optWarmup(100_000).build(), "normal.json");

    assertThat(r.samples()).hasSize(101);
    assertThat(r.total()).isEqualTo(250_000);
    assertThat(r.jvmArguments()).contains("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
    assertThat(r.scoresStable()).isTrue();
    assertThat(r.growth().growthPercent()).isLessThan(2.0);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void run_leakControl_failsTheSameRule() throws Exception {
    SoakReport r =
        fork(SoakTestData.pytorch().optRecords(100_000).optLeakControl().build(), "leak.json");

    // ~93 measured batches x ~0.7 MiB of input tensors leaked (~68 MiB): over 4x the 2% limit.
    assertThat(r.options().leakControl()).isTrue();
    assertThat(r.growth().growthBytes()).isGreaterThan(40L << 20);
    assertThat(r.growth().growthPercent()).isGreaterThan(5.0);
    assertThat(r.growth().withinLimit()).isFalse();
    assertThat(r.passed()).isFalse();
  }

  @Test
  void run_modelLoadCloseCycles_reportsGrowthOverEveryCycle() throws Exception {
    SoakReport r = fork(SoakTestData.pytorch().optCycles(8).build(), "cycles.json");

    assertThat(r.mode()).isEqualTo(SoakMode.CYCLES);
    assertThat(r.total()).isEqualTo(8);
    assertThat(r.samples()).extracting(SoakSample::done).contains(1L, 8L);
    assertThat(r.scoresStable()).isTrue();
    assertThat(r.growth().growthPercent()).isLessThan(2.0);
  }

  @Test
  void run_cyclesWithWarmup_warmupCyclesRunFirstAndAreNotCounted() throws Exception {
    SoakReport r = fork(SoakTestData.pytorch().optCycles(4).optWarmup(3).build(), "warm.json");

    assertThat(r.mode()).isEqualTo(SoakMode.CYCLES);
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.options().warmup()).isEqualTo(3);
    // The first sample is taken after the warm-up, with the engine's libraries already resident
    // (without a warm-up it comes before the first load, some 100 MiB lower).
    assertThat(r.samples().get(0).done()).isZero();
    assertThat((double) r.samples().get(0).rssBytes())
        .isGreaterThan(0.95 * r.growth().steadyBytes());
    assertThat(r.samples()).extracting(SoakSample::done).contains(1L, 4L).doesNotContain(5L);
    assertThat(SoakSummary.text(r)).contains("4 model load/close cycles (after 3 warm-up)");
    assertThat(r.scoresStable()).isTrue();
  }
}
