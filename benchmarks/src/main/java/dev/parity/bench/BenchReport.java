package dev.parity.bench;

import dev.parity.report.Rendering;
import dev.parity.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a sweep's summary: {@code bench-summary.json}, {@code bench-summary.md} and the plots. */
public final class BenchReport {

  /** The text renderings written, in order. */
  public static final List<Rendering<BenchSummary>> RENDERINGS =
      List.of(new BenchJson(), new SummaryText());

  private BenchReport() {}

  /**
   * What was written.
   *
   * @param files the files
   * @param plotError why the plots could not be drawn, or null
   */
  public record Written(List<Path> files, String plotError) {

    /** Copies the list. */
    public Written {
      files = List.copyOf(files);
    }
  }

  /**
   * Writes the summary files into a folder.
   *
   * @param dir the report folder
   * @param summary the summary
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static Written write(Path dir, BenchSummary summary) throws IOException {
    List<Path> files = new ArrayList<>(ReportFolder.write(dir, summary, RENDERINGS));
    String plotError = null;
    try {
      files.addAll(SweepPlots.write(dir, summary));
    } catch (IOException | RuntimeException | Error e) {
      // Plots need AWT and fonts; the numbers do not. Say why and keep the rest.
      plotError = "plots not drawn: " + e;
    }
    return new Written(files, plotError);
  }
}
