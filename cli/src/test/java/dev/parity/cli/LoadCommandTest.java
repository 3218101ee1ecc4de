package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {
  @TempDir Path temp;

  private final Path root = CliTestSupport.root();

  private String[] common(String... more) {
    String[] base = {
      "load",
      "--zoo",
      root.resolve("zoo").toString(),
      "--input",
      root.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz").toString(),
      "--report-dir",
      temp.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void call_lowRateRun_printsTheLatencyTableAndWritesTheReports() throws Exception {
    CliTestSupport.Run run =
        CliTestSupport.run(
            common(
                "--engine",
                "onnxruntime",
                "--rate",
                "200",
                "--duration",
                "1s",
                "--warmup",
                "500ms",
                "--arrivals",
                "fixed"));

    // A run the busy build machine cannot keep up with exits 1 and says why; both are valid.
    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    if (run.exitCode() == 1) {
      assertThat(run.out()).contains("did not keep up");
    }
    assertThat(run.out())
        .contains("Warm-up (excluded):")
        .contains("Measured:")
        .contains("queueing")
        .contains("translation")
        .contains("engine")
        .contains("fixed arrivals");
    JsonNode json =
        JsonMapper.builder().build().readTree(temp.resolve("load-report.json").toFile());
    assertThat(json.get("mode").asText()).isEqualTo("run");
    assertThat(json.at("/load/rate").asDouble()).isEqualTo(200.0);
    assertThat(json.at("/run/result/measured/sent").asLong()).isEqualTo(200);
    assertThat(Files.isRegularFile(temp.resolve("load-report.md"))).isTrue();
  }

  @Test
  void call_findPeakWithTwoSteps_searchesInAChildJvmAndPlotsP99AgainstLoad() throws Exception {
    CliTestSupport.Run run =
        CliTestSupport.run(
            common(
                "--find-peak",
                "--engines",
                "onnxruntime",
                "--p99",
                "200ms",
                "--rate",
                "100",
                "--duration",
                "500ms",
                "--warmup",
                "300ms",
                "--max-steps",
                "2"));

    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    assertThat(run.err())
        .contains("searching in its own JVM")
        .contains("load: onnxruntime at 100/s");
    JsonNode json =
        JsonMapper.builder().build().readTree(temp.resolve("load-report.json").toFile());
    assertThat(json.get("mode").asText()).isEqualTo("find-peak");
    assertThat(json.at("/peak/search/p99Bound").asText()).isEqualTo("200ms");
    JsonNode candidate = json.at("/peak/candidates/0");
    assertThat(candidate.get("steps")).hasSize(2);
    assertThat(candidate.at("/steps/0/rate").asDouble()).isEqualTo(100.0);
    assertThat(candidate.at("/model/modelSha256").asText()).hasSize(64);
    // The search JVM's own provenance: its arguments carry the inherited offline flag.
    assertThat(candidate.at("/machine/jvmArguments").toString()).contains("ai.djl.offline=true");
    assertThat(temp.resolve("p99-vs-load.png")).isNotEmptyFile();
    assertThat(run.out()).contains("p99 <= 200ms");
  }

  @Test
  void call_batchSize_isRefusedWithTheOptionThatApplies() {
    CliTestSupport.Run run = CliTestSupport.run(common("--batch-size", "256"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--max-batch");
  }

  @Test
  void call_durationWithoutUnit_isAUsageError() {
    CliTestSupport.Run run = CliTestSupport.run(common("--duration", "30"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unit");
  }
}
