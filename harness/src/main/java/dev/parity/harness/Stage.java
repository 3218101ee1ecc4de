package dev.parity.harness;

import java.util.Locale;

/**
 * One stage of the pipeline from raw record to decision, compared record by record between the JVM
 * and the reference: how many records it covers, how many are beyond tolerance there, and how many
 * part from the reference first there (every earlier stage within tolerance for them).
 *
 * @param kind what the stage is
 * @param label how reports name it: {@code pre-processing}, {@code inputs}, a tap's label (e.g.
 *     {@code mlp.1}), {@code outputs}, {@code decisions}
 * @param records how many records the stage was compared on (taps: the first records only)
 * @param diverging records beyond tolerance at this stage
 * @param firstDiverging records whose first stage beyond tolerance is this one
 * @param max the largest {@code |JVM - reference|} of the stage's elements; NaN for decisions
 * @param p99 the 99th percentile of {@code |JVM - reference|} over the stage's elements; NaN where
 *     the stage is compared for equality only (pre-processing, inputs) or has no elements
 * @param worstRecord the position of a diverging record (the one with the largest difference for
 *     taps and outputs), or -1 when none diverges
 * @param worstId that record's id, or null
 */
public record Stage(
    Kind kind,
    String label,
    long records,
    long diverging,
    long firstDiverging,
    double max,
    double p99,
    long worstRecord,
    String worstId) {

  /** The kinds of stage, in pipeline order. */
  public enum Kind {
    /** Raw record to ids and numbers, field by field. */
    PREPROCESSING,
    /** Ids and numbers to the input tensors handed to the engine. */
    INPUTS,
    /** An intermediate tensor the model returns (the card's {@code signature.taps}). */
    TAP,
    /** The model's outputs. */
    OUTPUTS,
    /** The task's decisions: a binary threshold, a multiclass model's top class. */
    DECISIONS
  }

  /**
   * Returns the stage in a report's words.
   *
   * @return e.g. {@code layer `mlp.1`} or {@code pre-processing}
   */
  public String described() {
    return kind == Kind.TAP ? "layer `" + label + "`" : label;
  }

  /**
   * Returns the stage's name in gate and JSON keys.
   *
   * @return the label, lower case for the fixed stages
   */
  public String key() {
    return kind == Kind.TAP ? "tap." + label : label.toLowerCase(Locale.ROOT);
  }
}
