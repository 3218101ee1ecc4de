package dev.parity.npy;

/**
 * A {@code .npy} or {@code .npz} file is malformed, truncated or holds something this reader does
 * not support. The message says what was expected and what was found.
 */
public final class NpyFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the file and says what was expected and what was found
   */
  public NpyFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception for a lower-level failure.
   *
   * @param message names the file and says what was expected and what was found
   * @param cause the failure that revealed the problem
   */
  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
