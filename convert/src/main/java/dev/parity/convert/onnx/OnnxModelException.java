package dev.parity.convert.onnx;

import java.io.IOException;

/**
 * An ONNX file the converter cannot use: not an ONNX model, inconsistent, or outside what the
 * converter supports. An input failure (exit code 2 through {@code dev.parity.failure.Failure});
 * the message says what was expected and what was found.
 */
public class OnnxModelException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was expected, what was found and what to do
   */
  public OnnxModelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was expected, what was found and what to do
   * @param cause the underlying failure
   */
  public OnnxModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
