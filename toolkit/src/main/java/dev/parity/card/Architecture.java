package dev.parity.card;

import java.util.List;

/**
 * The purchase network's layout, read by the hand-written MXNet block and TensorFlow writer: per-
 * field embeddings, masked mean, ReLU layers, sigmoid. Only that network is described this way, so
 * only its values are accepted.
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

  /** Copies the widths. */
  public Architecture {
    hidden = List.copyOf(hidden);
  }
}
