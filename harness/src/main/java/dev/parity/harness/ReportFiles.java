package dev.parity.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report's files into a folder: {@code report.json}, {@code report.md}, {@code junit.xml}
 * and {@code report.html}, replacing earlier ones.
 */
public final class ReportFiles {

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
    Files.createDirectories(folder);
    List<Path> written = new ArrayList<>();
    written.add(write(folder.resolve("report.json"), JsonReport.render(report)));
    written.add(write(folder.resolve("report.md"), MarkdownReport.render(report)));
    written.add(write(folder.resolve("junit.xml"), JunitReport.render(report)));
    written.add(write(folder.resolve("report.html"), HtmlReport.render(report)));
    return written;
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
