package dev.parity.features;

/**
 * A raw record cannot be turned into model input: a field has the wrong type, the JSON is broken,
 * and the like. The message names the record (id or line) and the reason, in the words of {@link
 * BadRecords}.
 */
public final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the record and says what was expected and found
   */
  public BadRecordException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message names the record and says what was expected and found
   * @param cause the parse failure underneath
   */
  public BadRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
