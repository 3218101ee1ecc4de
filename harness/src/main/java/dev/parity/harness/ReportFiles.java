package dev.parity.harness;

import dev.parity.report.Rendering;
import dev.parity.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report's files into a folder: {@code report.json}, {@code report.md}, {@code junit.xml}
 * and {@code report.html}, replacing earlier ones.
 */
public final class ReportFiles {

  /** The renderings written, in order. */
  public static final List<Rendering<ValidationReport>> RENDERINGS =
      List.of(new JsonReport(), new MarkdownReport(), new JunitReport(), new HtmlReport());

  private ReportFiles() {}

  /**
   * Writes every report file.
   *
   * @param report the report
   * @param folder the folder; created when missing
   * @return the files written
   * @throws IOException if the folder or a file cannot be written
   */
  public static List<Path> write(ValidationReport report, Path folder) throws IOException {
    return ReportFolder.write(folder, report, RENDERINGS);
  }
}
