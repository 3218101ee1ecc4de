package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
  void bench_planWithUnknownKey_exitsTwoNamingFileAndKeyBeforeAnySweep(@TempDir Path dir)
      throws Exception {
    Path plan =
        Files.writeString(
            dir.resolve("plan.yaml"),
            "schema: parity.bench-plan/1\ntargets:\n  fast:\n    figure: pythonRatio\n"
                + "    atleast: 3\n");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "bench", "--plan", plan.toString(), "--report-dir", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(plan.toString())
        .contains("unknown key 'atleast' at targets.fast")
        .doesNotContain("Exception");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void benchHelp_documentsPlan() {
    CliTestSupport.Run run = CliTestSupport.run("bench", "--help");

    assertThat(run.out()).contains("--plan=FILE").contains("parity.bench-plan/1");
  }

  @Test
  void help_listsBench() {
    assertThat(CliTestSupport.run("--help").out()).contains("bench");
  }
}
