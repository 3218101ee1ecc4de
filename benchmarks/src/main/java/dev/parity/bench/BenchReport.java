package dev.parity.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a sweep's summary: {@code bench-summary.json}, {@code bench-summary.md} and the plots. */
public final class BenchReport {

  private BenchReport() {}

  /**
   * What was written.
   *
   * @param files the files
   * @param plotError why the plots could not be drawn, or null
   */
  public record Written(List<Path> files, String plotError) {}

  /**
   * Writes the summary files into a folder.
   *
   * @param dir the report folder
   * @param summary the summary
   * @param results the measurements it came from
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static Written write(Path dir, BenchSummary summary, List<JmhMeasurement> results)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    Path json = dir.resolve("bench-summary.json");
    JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build()
        .writeValue(json.toFile(), summary);
    files.add(json);
    Path md = dir.resolve("bench-summary.md");
    Files.writeString(md, SummaryText.render(summary, results));
    files.add(md);
    String plotError = null;
    try {
      files.addAll(SweepPlots.write(dir, results));
    } catch (IOException | RuntimeException | Error e) {
      // Plots need AWT and fonts; the numbers do not. Say why and keep the rest.
      plotError = "plots not drawn: " + e;
    }
    return new Written(files, plotError);
  }
}
