package dev.parity.card;

/**
 * An intermediate tensor the model file also returns, after its outputs: an embedding mean, a
 * hidden layer, the logits before the activation. Validation compares taps stage by stage, in the
 * card's order, to name where the JVM first parts from the reference.
 *
 * @param label the layer as people name it in reports, e.g. {@code mlp.1}
 * @param tensor the tensor's name (ONNX Runtime and TensorFlow bind by it), dtype and shape
 */
public record Tap(String label, TensorSpec tensor) {

  /** Checks that the label is given. */
  public Tap {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("a tap needs a label");
    }
  }

  /**
   * Returns the tensor's name.
   *
   * @return e.g. {@code mlp.1}
   */
  public String name() {
    return tensor.name();
  }
}
