package dev.parity.harness;

import java.util.List;
import java.util.Optional;

/**
 * One engine's own spread: the same engine run again over the first records with another batch size
 * and, where it reads its threads per model load, other intra-op thread counts, each run compared
 * element by element with the validated run. JVM-minus-reference differences at or below the floor
 * are the engine's noise, not a defect.
 *
 * @param records how many (first) records were run again
 * @param variants one comparison per rerun
 * @param note what could not be varied and why, or null
 */
public record NoiseFloor(int records, List<Variant> variants, String note) {

  /** Copies the list so the floor stays immutable. */
  public NoiseFloor {
    variants = List.copyOf(variants);
  }

  /** What a rerun changed. */
  public enum Change {
    /** One record per engine call instead of the validated batch size. */
    BATCH,
    /** Another intra-op thread count. */
    THREADS
  }

  /**
   * One rerun against the validated run.
   *
   * @param name what it ran, e.g. {@code batch 1} or {@code intra-op 2}
   * @param change what it changed
   * @param outputs |rerun - validated run| per output
   */
  public record Variant(String name, Change change, List<OutputComparison> outputs) {

    /** Copies the list so the variant stays immutable. */
    public Variant {
      outputs = List.copyOf(outputs);
    }

    /**
     * Returns the comparison of one output.
     *
     * @param output its name
     * @return the comparison, or empty when the output was not compared
     */
    public Optional<OutputComparison> output(String output) {
      return outputs.stream().filter(o -> o.output().equals(output)).findFirst();
    }
  }

  /**
   * Returns the largest difference any rerun gave for an output.
   *
   * @param output its name
   * @return the largest max over every variant; NaN when none compared it
   */
  public double max(String output) {
    return variants.stream()
        .flatMap(v -> v.output(output).stream())
        .mapToDouble(c -> c.absolute().max())
        .max()
        .orElse(Double.NaN);
  }

  /**
   * Returns the largest P99 any rerun gave for an output.
   *
   * @param output its name
   * @return the largest P99 over every variant; NaN when none compared it
   */
  public double p99(String output) {
    return variants.stream()
        .flatMap(v -> v.output(output).stream())
        .mapToDouble(c -> c.absolute().p99())
        .max()
        .orElse(Double.NaN);
  }

  /**
   * Returns the rerun with one record per call, the batch-invariance check.
   *
   * @return the variant, or empty when it was not run
   */
  public Optional<Variant> batch() {
    return variants.stream().filter(v -> v.change() == Change.BATCH).findFirst();
  }
}
