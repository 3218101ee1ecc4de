package dev.parity.harness;

import java.io.IOException;

/**
 * A validation plan cannot be used: it is missing, not valid YAML or JSON, names an unknown engine,
 * output or key, or holds a value out of range. The message names the plan, where in it the problem
 * is, what was expected and what was found.
 */
public final class PlanException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public PlanException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the parser's error
   */
  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
