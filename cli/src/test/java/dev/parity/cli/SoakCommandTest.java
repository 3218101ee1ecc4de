package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakCommandTest {
  @TempDir Path temp;

  private final Path root = CliTestSupport.root();

  @Test
  void call_smallOnnxRuntimeSoak_printsTheFiguresAndWritesThemAsJson() throws Exception {
    Path json = temp.resolve("soak.json");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "soak",
            "--engine",
            "onnxruntime",
            "--records",
            "60000",
            "--warmup",
            "20000",
            "--max-growth-percent",
            "50",
            "--zoo",
            root.resolve("zoo").toString(),
            "--input",
            root.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz").toString(),
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("RSS after 5%").contains("60,000 predictions").contains("PASS");
    JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(report.get("schema").asText()).isEqualTo("parity.soak-report/2");
    assertThat(report.get("samples")).hasSize(101);
    assertThat(report.get("steadyRssBytes").asLong()).isPositive();
    assertThat(report.get("jvmArguments").toString()).contains("-XX:+AlwaysPreTouch");
  }

  @Test
  void call_unknownEngine_exitsTwo() {
    CliTestSupport.Run run = CliTestSupport.run("soak", "--engine", "paddle", "--records", "10");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown engine 'paddle'");
  }

  @Test
  void call_leakControl_failsTheGrowthRuleAndExitsOne() throws Exception {
    Path json = temp.resolve("leak.json");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "soak",
            "--engine",
            "pytorch",
            "--records",
            "100000",
            "--leak",
            "--zoo",
            root.resolve("zoo").toString(),
            "--input",
            root.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz").toString(),
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("[LEAK CONTROL]").contains("FAIL");
    JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
    assertThat(report.get("growthPercent").asDouble()).isGreaterThan(2.0);
    assertThat(report.get("passed").asBoolean()).isFalse();
  }

  @Test
  void call_growthLimitNotPositive_exitsTwo() {
    CliTestSupport.Run run =
        CliTestSupport.run(
            "soak",
            "--max-growth-percent",
            "0",
            "--input",
            root.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("growth limit must be a positive percentage");
  }
}
