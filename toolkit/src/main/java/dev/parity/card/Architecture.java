package dev.parity.card;

import java.util.List;

/**
 * The purchase network's layout, for the benchmarks' roofline cost model ({@code
 * benchmarks/.../ModelCost.java}): per-field embeddings, masked mean, ReLU layers, sigmoid. Only
 * that network is described this way, so only its values are accepted; no engine reads it (every
 * engine runs the model's files).
 *
 * @param embeddingDim the width of every field's embedding
 * @param hidden the hidden layers' widths
 * @param formula the network in words, for people
 */
public record Architecture(int embeddingDim, List<Integer> hidden, String formula) {

  /** The only pooling the cost model knows. */
  public static final String POOLING = "masked-mean";

  /** The only hidden activation the cost model knows. */
  public static final String ACTIVATION = "relu";

  /** The only output activation the cost model knows. */
  public static final String OUTPUT = "sigmoid";

  /** Copies the widths. */
  public Architecture {
    hidden = List.copyOf(hidden);
  }
}
