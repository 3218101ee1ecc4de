package dev.parity.convert.onnx;

import java.nio.file.Path;

/**
 * A node whose op, attribute or input form the converter does not support. The message is one line
 * naming the file, the node, the op and {@value #SUPPORTED_LIST}, where the supported ops and
 * attributes are listed. Thrown before anything is written.
 */
public final class UnsupportedOperatorException extends OnnxModelException {

  private static final long serialVersionUID = 1L;

  /** Where the supported ops and their attributes are listed, relative to the repository. */
  public static final String SUPPORTED_LIST = "docs/onnx-op-set.md";

  private final String file;
  private final String node;
  private final String op;

  /**
   * Creates the exception.
   *
   * @param file the ONNX file
   * @param node the node's name (or its position when it has none)
   * @param op the node's op type, with its domain when not the default one
   * @param what what is unsupported, e.g. {@code attribute auto_pad=SAME_UPPER}; null for the op
   *     itself
   */
  public UnsupportedOperatorException(Path file, String node, String op, String what) {
    super(
        file
            + ": node '"
            + node
            + "' uses "
            + (what == null ? "op " + op : op + " with " + what)
            + ", which the converter does not support; the supported ops and attributes are"
            + " listed in "
            + SUPPORTED_LIST);
    this.file = String.valueOf(file);
    this.node = node;
    this.op = op;
  }

  /**
   * Returns the ONNX file.
   *
   * @return its path as given
   */
  public String file() {
    return file;
  }

  /**
   * Returns the node.
   *
   * @return its name, or {@code #<index>} when it has none
   */
  public String node() {
    return node;
  }

  /**
   * Returns the op.
   *
   * @return e.g. {@code Hardmax}
   */
  public String op() {
    return op;
  }
}
