package dev.parity.bench.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link LoadReport} into a folder: {@code load-report.json}, {@code load-report.md} and,
 * for a peak search with at least one completed step, {@code p99-vs-load.png} (an older plot in the
 * folder is removed, so that it never passes for this report's).
 */
public final class LoadReportFiles {

  /** The JSON report's file name. */
  public static final String JSON_FILE = "load-report.json";

  /** The Markdown report's file name. */
  public static final String MARKDOWN_FILE = "load-report.md";

  /** The plot's file name. */
  public static final String PLOT_FILE = "p99-vs-load.png";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, null))
          .build();

  private LoadReportFiles() {}

  /**
   * Writes the report.
   *
   * @param dir the folder, created when missing
   * @param report the report
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(Path dir, LoadReport report) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    Path json = dir.resolve(JSON_FILE);
    JSON.writeValue(json.toFile(), report);
    out.add(json);
    String plot = null;
    Path png = dir.resolve(PLOT_FILE);
    Files.deleteIfExists(png);
    if (report.peak() != null && PeakPlot.write(png, report.peak())) {
      out.add(png);
      plot = PLOT_FILE;
    }
    Path md = dir.resolve(MARKDOWN_FILE);
    Files.writeString(md, LoadMarkdown.render(report, plot));
    out.add(md);
    return out;
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param json the JSON file
   * @return the report
   * @throws IOException if it cannot be read
   */
  public static LoadReport read(Path json) throws IOException {
    return JSON.readValue(json.toFile(), LoadReport.class);
  }
}
