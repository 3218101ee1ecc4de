package dev.parity.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * One way of showing a result as text (a console table, Markdown, JSON, HTML, JUnit XML), kept
 * apart from the result it shows: the result holds numbers and verdicts, a rendering only words and
 * layout. Each rendering names the file it takes in a report folder, so that {@link ReportFolder}
 * writes any set of them the same way.
 *
 * @param <T> what is rendered, e.g. a validation report or a bench summary
 */
public interface Rendering<T> {

  /**
   * Returns the name this rendering's file takes in a report folder.
   *
   * @return a plain file name, e.g. {@code report.json}
   */
  String fileName();

  /**
   * Writes the rendering.
   *
   * @param value what to render
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  void render(T value, Writer out) throws IOException;

  /**
   * Renders into a string, e.g. for the console.
   *
   * @param value what to render
   * @return the text
   */
  default String render(T value) {
    StringWriter out = new StringWriter();
    try {
      render(value, out);
    } catch (IOException e) {
      // A StringWriter does not fail; only a rendering that throws on its own gets here.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
