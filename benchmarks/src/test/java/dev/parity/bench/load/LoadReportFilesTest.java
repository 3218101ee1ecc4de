package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportFilesTest {
  @TempDir Path temp;

  private static SearchStep step(double rate, double p99Ms, boolean passed) {
    return new SearchStep(rate, rate, rate, p99Ms / 2, p99Ms, p99Ms, 0, 0, p99Ms, passed, "v");
  }

  private static LoadReport peakReport(List<CandidatePeak> candidates, String best, Double rate) {
    LoadSpec step = LoadSpec.builder().setRate(1000).setDuration(Duration.ofSeconds(5)).build();
    PeakSearchSpec search = PeakSearchSpec.builder().setP99Bound(Duration.ofMillis(10)).build();
    return new LoadReport(
        LoadReport.SCHEMA,
        "find-peak",
        "2026-12-03T00:00:00Z",
        MachineProvenance.current(),
        step.toMap(),
        null,
        new LoadReport.Peak(search.toMap(), candidates, best, rate));
  }

  private static CandidatePeak candidate(String label, List<SearchStep> steps, Double peak) {
    return new CandidatePeak(
        label, Map.of("engine", label), null, null, steps, peak, null, "bracketed", null, 0);
  }

  @Test
  void write_peakWithSteps_writesJsonMarkdownAndThePlotWhichReadBack() throws Exception {
    LoadReport report =
        peakReport(
            List.of(
                candidate("a", List.of(step(1000, 2, true), step(2000, 40, false)), 1000.0),
                candidate("b", List.of(step(1000, 3, true), step(2000, 5, true)), 2000.0)),
            "b",
            2000.0);

    List<Path> files = LoadReportFiles.write(temp, report);

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("load-report.json", "p99-vs-load.png", "load-report.md");
    assertThat(temp.resolve("p99-vs-load.png")).isNotEmptyFile();
    String md = Files.readString(temp.resolve("load-report.md"));
    assertThat(md)
        .contains("Best for p99 <= 10ms: b at 2,000 requests/s.")
        .contains("![p99 against offered load](p99-vs-load.png)")
        .contains("| rate/s | offered/s |");
    // Settings maps come back with JSON's number types; the results come back equal.
    LoadReport back = LoadReportFiles.read(temp.resolve("load-report.json"));
    assertThat(back.peak().candidates()).isEqualTo(report.peak().candidates());
    assertThat(LoadSpec.fromMap(back.load()).toMap()).isEqualTo(report.load());
    assertThat(LoadText.render(report)).contains("a").contains("b").contains("PASS");
  }

  @Test
  void write_noStepCompletedAnything_writesNoPlotAndRemovesAnOldOne() throws Exception {
    Files.writeString(temp.resolve("p99-vs-load.png"), "old");
    LoadReport report =
        peakReport(List.of(candidate("a", List.of(step(1000, 0, false)), null)), null, null);

    List<Path> files = LoadReportFiles.write(temp, report);

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("load-report.json", "load-report.md");
    assertThat(temp.resolve("p99-vs-load.png")).doesNotExist();
    assertThat(Files.readString(temp.resolve("load-report.md")))
        .contains("No setting kept p99 <= 10ms");
  }
}
