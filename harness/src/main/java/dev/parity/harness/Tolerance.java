package dev.parity.harness;

/**
 * How far a JVM value may be from the Python value, numpy's {@code isclose} rule: {@code |actual -
 * expected| <= atol + rtol * |expected|}.
 *
 * @param atol the absolute tolerance, at least 0
 * @param rtol the tolerance relative to the expected value, at least 0
 */
public record Tolerance(double atol, double rtol) {

  /** Checks that both tolerances are finite and not negative. */
  public Tolerance {
    if (!(atol >= 0) || Double.isInfinite(atol) || !(rtol >= 0) || Double.isInfinite(rtol)) {
      throw new IllegalArgumentException(
          "atol and rtol must be finite and at least 0, found atol " + atol + ", rtol " + rtol);
    }
  }

  /**
   * Checks one element.
   *
   * @param actual the JVM value
   * @param expected the Python value
   * @return true when the difference is within tolerance; false for NaN
   */
  public boolean accepts(double actual, double expected) {
    return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  }
}
