package dev.parity.harness;

import java.io.IOException;

/**
 * A reference set cannot be used: a file is missing, truncated or changed since the manifest was
 * written, the manifest is malformed, or the set belongs to another model. The message names the
 * file, what was expected, what was found and what to do.
 */
public final class ReferenceSetException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public ReferenceSetException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying failure
   */
  public ReferenceSetException(String message, Throwable cause) {
    super(message, cause);
  }
}
