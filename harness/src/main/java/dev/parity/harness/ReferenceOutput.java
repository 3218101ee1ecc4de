package dev.parity.harness;

import java.util.List;

/**
 * One Python output of the reference set, e.g. the probability {@code [N]} or the last hidden layer
 * {@code [N, H]}.
 *
 * @param name the output's name, the manifest role without {@code output:}
 * @param shape its shape, records first
 * @param values its values in C order; not copied, do not modify
 */
public record ReferenceOutput(String name, List<Long> shape, float[] values) {

  /** Copies the shape so it stays immutable. */
  public ReferenceOutput {
    shape = List.copyOf(shape);
  }

  /**
   * Returns how many values each record has.
   *
   * @return the product of the dimensions after the first
   */
  public int rowWidth() {
    long w = 1;
    for (int i = 1; i < shape.size(); i++) {
      w *= shape.get(i);
    }
    return (int) w;
  }
}
