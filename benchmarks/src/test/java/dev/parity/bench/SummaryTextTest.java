package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTextTest {

  @Test
  void render_fixture_tablePerEngineWithThreadRowsAndBatchColumns() throws Exception {
    List<JmhMeasurement> results = Fixtures.jmh();
    BenchSummary s =
        BenchSummary.compute(
            "small", 2, Fixtures.smallCost(), results, Fixtures.python(), List.of());

    String text = SummaryText.render(s, results);

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
        .contains("MET: full path");
  }

  @Test
  void write_fixture_writesJsonMarkdownAndPlots(@TempDir Path dir) throws Exception {
    List<JmhMeasurement> results = Fixtures.jmh();
    BenchSummary s =
        BenchSummary.compute(
            "small", 2, Fixtures.smallCost(), results, Fixtures.python(), List.of());

    BenchReport.Written w = BenchReport.write(dir, s, results);

    assertThat(Files.readString(dir.resolve("bench-summary.json")))
        .contains("\"schema\" : \"parity.bench-summary/1\"")
        .contains("\"ratioToPython\" : 12.0");
    assertThat(dir.resolve("bench-summary.md")).exists();
    if (w.plotError() == null) {
      assertThat(Files.size(dir.resolve("throughput-vs-batch.png"))).isPositive();
      assertThat(Files.size(dir.resolve("throughput-vs-threads.png"))).isPositive();
    }
  }

  @Test
  void byBatchAndByThreads_fixture_seriesAtTheFastestSetting() throws Exception {
    List<JmhMeasurement> results = Fixtures.jmh();

    // pytorch's fastest is 2 callers at 1024: only that row's batches; onnxruntime's is intra 2.
    assertThat(SweepPlots.byBatch(results).get("pytorch")).containsOnlyKeys(1024);
    assertThat(SweepPlots.byThreads(results).get("pytorch"))
        .containsEntry(1, 200000.0)
        .containsEntry(2, 300000.0);
  }
}
