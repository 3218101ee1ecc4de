package dev.parity.harness;

import java.util.Locale;

/**
 * One release criterion and how the run fared against it: a measured figure that must not exceed
 * (or, for an agreement, not fall below) a threshold from the validation plan.
 *
 * @param name what is gated, e.g. {@code onnxruntime.probability.p99}
 * @param threshold the largest (or, for {@link Bound#AT_LEAST}, the smallest) value that passes
 * @param measured the value measured in this run
 * @param verdict whether it passed
 * @param bound which side of the threshold passes
 */
public record Gate(String name, double threshold, double measured, Verdict verdict, Bound bound) {

  /** Which side of the threshold passes. */
  public enum Bound {
    /** {@code measured <= threshold} passes: differences, counts. */
    AT_MOST,
    /** {@code measured >= threshold} passes: agreements. */
    AT_LEAST
  }

  /** A gate's outcome. */
  public enum Verdict {
    /** The measured value is within the threshold. */
    PASS,
    /** The measured value exceeds the threshold, or is NaN. */
    FAIL
  }

  /**
   * Builds a gate that passes when {@code measured <= threshold}; NaN fails.
   *
   * @param name what is gated
   * @param threshold the largest value that passes
   * @param measured the value measured
   * @return the gate with its verdict
   */
  public static Gate atMost(String name, double threshold, double measured) {
    return new Gate(
        name,
        threshold,
        measured,
        measured <= threshold ? Verdict.PASS : Verdict.FAIL,
        Bound.AT_MOST);
  }

  /**
   * Builds a gate that passes when {@code measured >= threshold}; NaN fails.
   *
   * @param name what is gated
   * @param threshold the smallest value that passes
   * @param measured the value measured
   * @return the gate with its verdict
   */
  public static Gate atLeast(String name, double threshold, double measured) {
    return new Gate(
        name,
        threshold,
        measured,
        measured >= threshold ? Verdict.PASS : Verdict.FAIL,
        Bound.AT_LEAST);
  }

  /**
   * Returns whether the gate passed.
   *
   * @return true for {@link Verdict#PASS}
   */
  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /**
   * Describes the outcome in one line, e.g. {@code measured 6.0E-08 <= threshold 1.0E-06}.
   *
   * @return the comparison in words
   */
  public String explanation() {
    return String.format(
        Locale.ROOT,
        "measured %s %s threshold %s",
        Numbers.compact(measured),
        bound == Bound.AT_LEAST
            ? (passed() ? ">=" : "falls short of")
            : passed() ? "<=" : "exceeds",
        Numbers.compact(threshold));
  }
}
