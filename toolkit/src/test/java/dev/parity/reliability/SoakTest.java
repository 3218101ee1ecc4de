package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.predict.ProcessMemory;
import dev.parity.predict.Soak;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak must be able to fail: at a small scale on PyTorch (the fastest engine here), the normal
 * run stays well within 2% RSS growth and the leak control, which leaks each batch's input tensors
 * on the model's own manager (about 0.7 MiB per batch of 1024), ends far above it.
 */
class SoakTest {
  @TempDir Path temp;

  private Soak.Options options(long records, long warmup, int cycles, boolean leak) {
    return new Soak.Options(
        EngineName.PYTORCH,
        records,
        warmup,
        cycles,
        1024,
        1,
        0,
        0,
        leak,
        Soak.DEFAULT_MAX_GROWTH,
        CommittedData.zoo(),
        CommittedData.reference().resolve("records.jsonl.gz"));
  }

  private Soak.Report fork(Soak.Options o, String name) throws Exception {
    Soak.Report r = Soak.fork(o, Soak.DEFAULT_HEAP, temp.resolve(name), line -> {});
    System.out.print(r.summary());
    return r;
  }

  @Test
  void fork_normalRunAfterWarmup_growsLessThanTwoPercent() throws Exception {
    Soak.Report r = fork(options(250_000, 100_000, 0, false), "normal.json");

    assertThat(r.samples()).hasSize(101);
    assertThat(r.total()).isEqualTo(250_000);
    assertThat(r.jvmArguments()).contains("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
    assertThat(r.scoresStable()).isTrue();
    assertThat(r.growthFraction()).isLessThan(0.02);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void fork_leakControl_failsTheSameCheck() throws Exception {
    Soak.Report r = fork(options(100_000, 0, 0, true), "leak.json");

    // ~93 measured batches x ~0.7 MiB of input tensors leaked (~68 MiB): over 4x the 2% limit.
    assertThat(r.growthBytes()).isGreaterThan(40L << 20);
    assertThat(r.growthFraction()).isGreaterThan(0.05);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void fork_modelLoadCloseCycles_reportsGrowthOverEveryCycle() throws Exception {
    Soak.Report r = fork(options(0, 0, 8, false), "cycles.json");

    assertThat(r.mode()).isEqualTo("cycles");
    assertThat(r.total()).isEqualTo(8);
    assertThat(r.samples()).extracting(Soak.Sample::done).contains(1L, 8L);
    assertThat(r.scoresStable()).isTrue();
    assertThat(r.growthFraction()).isLessThan(0.02);
  }

  @Test
  void fork_cyclesWithWarmup_warmupCyclesRunFirstAndAreNotCounted() throws Exception {
    Soak.Report r = fork(options(0, 3, 4, false), "cycles-warmup.json");

    assertThat(r.mode()).isEqualTo("cycles");
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.options().warmup()).isEqualTo(3);
    // The first sample is taken after the warm-up, with the engine's libraries already resident
    // (without a warm-up it comes before the first load, some 100 MiB lower).
    assertThat(r.samples().get(0).done()).isZero();
    assertThat((double) r.samples().get(0).rssBytes()).isGreaterThan(0.95 * r.steadyRssBytes());
    assertThat(r.samples()).extracting(Soak.Sample::done).contains(1L, 4L).doesNotContain(5L);
    assertThat(r.summary()).contains("4 model load/close cycles (after 3 warm-up)");
    assertThat(r.scoresStable()).isTrue();
  }

  @Test
  void kibibytes_procStatusLines_parsesTheNamedKey() {
    List<String> lines = List.of("Name:\tjava", "VmHWM:\t  912340 kB", "VmRSS:\t  800001 kB");

    assertThat(ProcessMemory.kibibytes(lines, "VmRSS:")).isEqualTo(800_001);
    assertThat(ProcessMemory.kibibytes(lines, "VmHWM:")).isEqualTo(912_340);
  }

  @Test
  void now_thisProcess_rssAtLeastTheHeapInUseAndPeakAtLeastRss() {
    ProcessMemory m = ProcessMemory.now();

    assertThat(m.rssBytes()).isPositive();
    assertThat(m.hwmBytes()).isGreaterThanOrEqualTo(m.rssBytes());
    assertThat(m.heapCommittedBytes()).isGreaterThanOrEqualTo(m.heapUsedBytes());
  }
}
