package dev.parity.report;

import java.io.IOException;
import java.io.Writer;

/**
 * A rendering that builds its whole text at once: a subclass names its file and returns the text;
 * writing it is the same for all.
 *
 * @param <T> what is rendered
 */
public abstract class TextRendering<T> implements Rendering<T> {

  private final String fileName;

  /**
   * Creates the rendering.
   *
   * @param fileName the name its file takes in a report folder, e.g. {@code report.md}
   */
  protected TextRendering(String fileName) {
    this.fileName = fileName;
  }

  @Override
  public final String fileName() {
    return fileName;
  }

  @Override
  public final void render(T value, Writer out) throws IOException {
    out.write(render(value));
  }

  @Override
  public abstract String render(T value);
}
