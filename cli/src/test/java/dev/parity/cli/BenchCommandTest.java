package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void bench_largePresetAbsent_exitsTwoSayingHowToMakeIt(@TempDir Path root) {
    CliTestSupport.Run run =
        CliTestSupport.run("bench", "--quick", "--preset", "large", "--root", root.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("scripts/parity model large");
  }

  @Test
  void bench_unknownEngine_exitsTwo() {
    CliTestSupport.Run run = CliTestSupport.run("bench", "--engines", "caffe");

    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void help_listsBench() {
    assertThat(CliTestSupport.run("--help").out()).contains("bench");
  }
}
