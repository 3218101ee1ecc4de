package dev.parity.plan;

import java.io.IOException;

/**
 * A plan file cannot be read: it is missing, empty, not valid YAML or JSON, holds an unknown key or
 * a value of the wrong type. The message names the file, the line and key where known, what was
 * expected and what was found.
 */
public class PlanFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public PlanFileException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the parser's error
   */
  public PlanFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
