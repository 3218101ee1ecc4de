package dev.parity.predict;

/**
 * The model's outputs for a batch, copied off the engine's native memory.
 *
 * @param probability one purchase probability per record
 * @param hidden the last hidden layer, row-major {@code [records, hiddenWidth]}, or null when it
 *     was not asked for
 * @param hiddenWidth the width of the last hidden layer, or 0 when {@code hidden} is null
 */
public record Scores(float[] probability, float[] hidden, int hiddenWidth) {

  /**
   * Returns the number of records.
   *
   * @return the count
   */
  public int size() {
    return probability.length;
  }
}
