package dev.parity.bench;

import dev.parity.card.ModelCard;
import java.util.ArrayList;
import java.util.List;

/**
 * The work one record costs the purchase model, from its model card, for a roofline.
 *
 * <p>With fields {@code f} of padded length {@code L_f}, embedding width {@code D} and dense layers
 * {@code in → out} (the first takes the concatenated {@code F·D}, the last is the output, {@code
 * lastHidden → 1}):
 *
 * <ul>
 *   <li>bytes = {@code Σ_f L_f·D·4} (embedding rows gathered, fp32) {@code + Σ_f L_f·8} (int64
 *       ids); weights are shared by the batch and left out;
 *   <li>masked-mean FLOPs = {@code Σ_f (2·L_f·D + D)}: multiply by the mask, add into the sum,
 *       divide by the count (the model works on every padded position);
 *   <li>MLP FLOPs = {@code Σ_layers 2·in·out}; bias, ReLU and sigmoid are left out.
 * </ul>
 *
 * @param preset the card's preset, e.g. {@code small}
 * @param embeddingDim {@code D}
 * @param fieldLengths {@code L_f} in input order
 * @param layers {@code [in, out]} of each dense layer, output layer last
 * @param gatherBytes embedding bytes read per record
 * @param indexBytes id bytes read per record
 * @param maskedMeanFlops FLOPs of the masked means per record
 * @param mlpFlops FLOPs of the dense layers per record
 */
public record ModelCost(
    String preset,
    int embeddingDim,
    List<Integer> fieldLengths,
    List<List<Integer>> layers,
    long gatherBytes,
    long indexBytes,
    long maskedMeanFlops,
    long mlpFlops) {

  /** Copies the lists. */
  public ModelCost {
    fieldLengths = List.copyOf(fieldLengths);
    layers = List.copyOf(layers.stream().map(List::copyOf).toList());
  }

  /**
   * Whether a card describes its network well enough for a cost per record: it has the architecture
   * section of the purchase network's kind (embeddings, masked mean, dense layers).
   *
   * @param card the model card
   * @return true when {@link #of(ModelCard)} works
   */
  public static boolean known(ModelCard card) {
    return card.architecture() != null;
  }

  /**
   * Computes the cost from a model card.
   *
   * @param card the model card
   * @return the cost per record
   */
  public static ModelCost of(ModelCard card) {
    if (card.architecture() == null) {
      throw new IllegalArgumentException(
          card.id()
              + " has no architecture section in its card, so its cost per record is not known");
    }
    int dim = card.architecture().embeddingDim();
    List<Integer> lengths = card.signature().inputs().stream().map(t -> t.rowLength()).toList();
    List<Integer> widths = new ArrayList<>();
    widths.add(lengths.size() * dim);
    widths.addAll(card.architecture().hidden());
    widths.add(1);
    return of(card.preset(), dim, lengths, widths);
  }

  /**
   * Computes the cost from the shapes.
   *
   * @param preset a name for the shapes
   * @param dim the embedding width
   * @param lengths the fields' padded lengths
   * @param widths the dense widths from the concatenated input to the output (1)
   * @return the cost per record
   */
  public static ModelCost of(String preset, int dim, List<Integer> lengths, List<Integer> widths) {
    long gather = 0;
    long index = 0;
    long mean = 0;
    for (int l : lengths) {
      gather += (long) l * dim * Float.BYTES;
      index += (long) l * Long.BYTES;
      mean += 2L * l * dim + dim;
    }
    long mlp = 0;
    List<List<Integer>> layers = new ArrayList<>();
    for (int i = 0; i + 1 < widths.size(); i++) {
      mlp += 2L * widths.get(i) * widths.get(i + 1);
      layers.add(List.of(widths.get(i), widths.get(i + 1)));
    }
    return new ModelCost(preset, dim, lengths, layers, gather, index, mean, mlp);
  }

  /**
   * FLOPs per record.
   *
   * @return masked mean plus MLP
   */
  public long flopsPerRecord() {
    return maskedMeanFlops + mlpFlops;
  }

  /**
   * Bytes read per record.
   *
   * @return embedding rows plus ids
   */
  public long bytesPerRecord() {
    return gatherBytes + indexBytes;
  }
}
