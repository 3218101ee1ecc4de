package dev.parity.json;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file Parity reads (a model card, a manifest, a plan, zoo metadata) is not what its format says:
 * broken JSON, an unknown key, a missing key, a value of the wrong type or outside the allowed
 * ones. The message names the file and where in it: a line and column for broken syntax, the key's
 * path (e.g. {@code signature.inputs[1].dtype}) otherwise, then what was expected.
 */
public final class MalformedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param file the file
   * @param key the key's path in the file, or null for the file as a whole or a syntax error
   * @param message the full message, naming the file and the key
   * @param cause the underlying failure, or null
   */
  public MalformedFileException(Path file, String key, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.key = key;
  }

  /**
   * Returns the file.
   *
   * @return the file as it was read
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the key's path.
   *
   * @return e.g. {@code task.output}, or null
   */
  public String key() {
    return key;
  }
}
