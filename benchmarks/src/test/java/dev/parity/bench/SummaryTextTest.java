package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.build.BuildVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTextTest {

  private static BenchSummary summary() throws Exception {
    return Fixtures.summary("small", 2);
  }

  @Test
  void render_fixture_tablePerEngineWithThreadRowsAndBatchColumns() throws Exception {
    String text = new SummaryText().render(summary());

    assertThat(text)
        .contains("## pytorch: full path, records/s")
        .contains("| threads \\ batch | 64 | 1024 |")
        .contains("| 1 caller × inter 1 / intra 1 (cpu) | 100,000 | 200,000 |")
        .contains("| 2 callers × inter 1 / intra 1 (cpu) | - | 300,000 |")
        .contains(
            "| pytorch | batch 1024, 2 callers × inter 1 / intra 1, cpu | 300,000 | 25,000"
                + " | 12.00x |")
        .contains("Recommended for 2 cores: pytorch")
        .contains("12,960 FLOPs")
        .contains("Parity " + BuildVersions.parity() + ", DJL " + BuildVersions.djl())
        .contains("## Targets (shipped plan; reported, not asserted)")
        .contains("- MET: full path, best engine >= 2x the Python baseline")
        .contains("- NOT MEASURED: engine only, best engine >= 70% of the roofline")
        .contains(
            "Python baseline: torch 1.13.0a0 on OpenBLAS"
                + " (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3); threads:"
                + " torchNumThreadsDefault 2, torchNumInteropThreads 2, cpuCount 2,"
                + " OMP_NUM_THREADS unset")
        .contains("each row sets torch.set_num_threads(threads) before each row.");
  }

  @Test
  void write_fixture_writesJsonMarkdownAndPlots(@TempDir Path dir) throws Exception {
    BenchSummary s = summary();

    BenchReport.Written w = BenchReport.write(dir, s);

    JsonNode root =
        JsonMapper.builder().build().readTree(dir.resolve("bench-summary.json").toFile());
    assertThat(root.get("schema").asText()).isEqualTo(BenchSummary.SCHEMA);
    assertThat(root.get("engines").get(0).get("ratioToPython").asDouble()).isEqualTo(12.0);
    assertThat(root.get("versions").get("parity").asText()).isEqualTo(BuildVersions.parity());
    JsonNode ratio = root.get("targets").get(0);
    assertThat(ratio.get("name").asText()).isEqualTo("python-ratio");
    assertThat(ratio.get("verdict").asText()).isEqualTo("met");
    assertThat(ratio.get("measured").asDouble()).isEqualTo(12.0);
    assertThat(ratio.get("threshold").asDouble())
        .isEqualTo(BenchPlan.shipped().target("python-ratio").orElseThrow().threshold());
    assertThat(ratio.get("goal").asText()).contains("Python baseline");
    assertThat(ratio.get("detail").asText()).contains("12.00x");
    assertThat(ratio.get("comparison").asText()).isEqualTo("atLeast");
    JsonNode roofline = null;
    for (JsonNode t : root.get("targets")) {
      roofline = t.get("name").asText().equals("roofline") ? t : roofline;
    }
    assertThat(roofline.get("verdict").asText()).isEqualTo("not measured");
    assertThat(roofline.get("reason").asText()).contains("large preset");
    assertThat(root.get("python").get("blas").asText()).isEqualTo("OpenBLAS");
    assertThat(root.get("python").get("threading").get("OMP_NUM_THREADS").asText())
        .isEqualTo("unset");
    assertThat(root.get("recommendation").get("advice").asText()).contains("use it as it is");
    assertThat(root.get("sweep").size()).isEqualTo(s.sweep().size());
    assertThat(Files.readString(dir.resolve("bench-summary.md")))
        .isEqualTo(new SummaryText().render(s));
    assertThat(w.files())
        .startsWith(dir.resolve("bench-summary.json"), dir.resolve("bench-summary.md"));
    if (w.plotError() == null) {
      assertThat(Files.size(dir.resolve("throughput-vs-batch.png"))).isPositive();
      assertThat(Files.size(dir.resolve("throughput-vs-threads.png"))).isPositive();
    }
  }

  @Test
  void byBatchAndByThreads_fixture_seriesAtTheFastestSetting() throws Exception {
    List<BenchSummary.SweepPoint> sweep = summary().sweep();

    // pytorch's fastest is 2 callers at 1024: only that row's batches; onnxruntime's is intra 2.
    assertThat(SweepPlots.byBatch(sweep).get("pytorch")).containsOnlyKeys(1024);
    assertThat(SweepPlots.byThreads(sweep).get("pytorch"))
        .containsEntry(1, 200000.0)
        .containsEntry(2, 300000.0);
  }
}
