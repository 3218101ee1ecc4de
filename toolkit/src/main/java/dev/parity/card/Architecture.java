package dev.parity.card;

import java.util.List;

/**
 * The purchase network's layout, read by the hand-written MXNet block and TensorFlow writer: per-
 * field embeddings, masked mean, ReLU layers, sigmoid. Only that network is described this way, so
 * only its values are accepted. Its taps, when the card lists them, carry the names this record
 * gives ({@link #tapShapes}).
 *
 * @param embeddingDim the width of every field's embedding
 * @param hidden the hidden layers' widths
 * @param weightsFile the engine-neutral weights ({@code .npz}) relative to the card
 * @param formula the network in words, for people
 */
public record Architecture(
    int embeddingDim, List<Integer> hidden, String weightsFile, String formula) {

  /** The only pooling the block implements. */
  public static final String POOLING = "masked-mean";

  /** The only hidden activation the block implements. */
  public static final String ACTIVATION = "relu";

  /** The only output activation the block implements. */
  public static final String OUTPUT = "sigmoid";

  /** The tap holding the output layer before the sigmoid, {@code [-1, 1]}. */
  public static final String LOGITS_TAP = "logits";

  /** Copies the widths. */
  public Architecture {
    hidden = List.copyOf(hidden);
  }

  /**
   * Returns the name of the tap holding one field's masked embedding mean, {@code [-1,
   * embeddingDim]}.
   *
   * @param input the signature input the field's ids come from
   * @return e.g. {@code embedding.app_packages}
   */
  public static String embeddingTap(String input) {
    return "embedding." + input;
  }

  /**
   * Returns the name of the tap holding one hidden layer after its activation, {@code [-1, width]}.
   *
   * @param layer the layer's index in {@code hidden}, from 0
   * @return e.g. {@code mlp.1}
   */
  public static String hiddenTap(int layer) {
    return "mlp." + layer;
  }

  /**
   * Returns the shape of every tap the network can return, by name, in pipeline order: the
   * embedding means of the inputs, each hidden layer, the logits.
   *
   * @param inputs the signature's input names, in order
   * @return tap name to shape (batch first, {@code -1})
   */
  public java.util.Map<String, List<Long>> tapShapes(List<String> inputs) {
    java.util.Map<String, List<Long>> out = new java.util.LinkedHashMap<>();
    for (String input : inputs) {
      out.put(embeddingTap(input), List.of(-1L, (long) embeddingDim));
    }
    for (int i = 0; i < hidden.size(); i++) {
      out.put(hiddenTap(i), List.of(-1L, (long) hidden.get(i)));
    }
    out.put(LOGITS_TAP, List.of(-1L, 1L));
    return out;
  }
}
