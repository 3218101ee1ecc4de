package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purchase model under a real, low load: a smoke test of the whole path in real time. */
class PurchaseLoadTest {
  @TempDir Path temp;

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("zoo"))
          && Files.isRegularFile(
              dir.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
  }

  @Test
  void run_onnxRuntimeAtLowRate_completesEveryRequestAndReportsEveryField() throws Exception {
    Path root = root();
    LoadSpec spec =
        LoadSpec.builder()
            .setRate(300)
            .setDuration(Duration.ofMillis(1500))
            .optWarmup(Duration.ofMillis(500))
            .optMaxBatch(32)
            .optMaxWait(Duration.ofMillis(2))
            .build();
    StringWriter progress = new StringWriter();

    LoadReport report =
        LoadJob.run(
            EngineSettings.builder().setEngine("onnxruntime").build(),
            new LoadJob.Source(
                root.resolve("zoo"),
                root.resolve("reference-outputs/dev.parity/purchase/records.jsonl.gz")),
            spec,
            Duration.ofSeconds(10),
            new PrintWriter(progress, true));
    List<Path> files = LoadReportFiles.write(temp, report);

    LoadResult r = report.run().result();
    assertThat(r.measured().sent()).isPositive();
    assertThat(r.measured().completed()).isEqualTo(r.measured().sent());
    assertThat(r.warmup().completed()).isEqualTo(r.warmup().sent());
    assertThat(r.measured().dropped() + r.measured().unfinished()).isZero();
    assertThat(r.measured().latency().engine().count()).isEqualTo(r.measured().completed());
    assertThat(report.run().model().modelSha256()).hasSize(64);
    assertThat(progress.toString()).contains("records from");
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(LoadReportFiles.JSON_FILE, LoadReportFiles.MARKDOWN_FILE);

    JsonNode json =
        JsonMapper.builder().build().readTree(temp.resolve("load-report.json").toFile());
    assertThat(json.get("schema").asText()).isEqualTo(LoadReport.SCHEMA);
    assertThat(json.get("mode").asText()).isEqualTo("run");
    assertThat(json.at("/machine/java").asText()).isNotBlank();
    assertThat(json.at("/machine/cpus").asInt()).isPositive();
    assertThat(json.at("/run/model/engine").asText()).isEqualTo("onnxruntime");
    assertThat(json.at("/run/model/engineVersion").asText()).isNotBlank();
    assertThat(json.at("/run/model/coordinates").asText()).startsWith("dev.parity:purchase:");
    assertThat(json.at("/load/maxBatch").asInt()).isEqualTo(32);
    for (String part : List.of("total", "queueing", "translation", "engine", "output")) {
      JsonNode s = json.at("/run/result/measured/latency/" + part);
      assertThat(s.get("count").asLong()).as(part).isEqualTo(r.measured().completed());
      for (String p : List.of("p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs")) {
        assertThat(s.has(p)).as(part + "." + p).isTrue();
      }
    }
    assertThat(json.at("/run/result/measured/gcPauses").has("count")).isTrue();
    assertThat(json.at("/run/result/measured/achievedPerSecond").asDouble()).isPositive();
    assertThat(json.at("/run/p99Bound").asText()).isEqualTo("10s");
    assertThat(Files.readString(temp.resolve("load-report.md"))).contains("| total |");
    // Round trip: the report reads back as written.
    assertThat(LoadReportFiles.read(temp.resolve("load-report.json")).run().result()).isEqualTo(r);
  }
}
