package dev.parity.reliability;

/**
 * The one rule every Parity soak judges native memory by: the resident memory after the run's
 * steady point (the first 5% of its units: steps, load/close cycles or Spark passes, at least one)
 * against the same at the end; the run passes when it grew by no more than a limit, 2% of the
 * steady figure by default. The first 5% are left out because allocators, the JIT and the engines
 * grow to their working size there.
 */
public final class GrowthRule {

  /** The share of a run after which memory counts as steady. */
  public static final double STEADY_FRACTION = 0.05;

  /** The growth allowed by default, in percent of the steady figure. */
  public static final double DEFAULT_MAX_GROWTH_PERCENT = 2.0;

  private static final GrowthRule STANDARD = new GrowthRule(DEFAULT_MAX_GROWTH_PERCENT);

  private final double maxGrowthPercent;

  private GrowthRule(double maxGrowthPercent) {
    this.maxGrowthPercent = maxGrowthPercent;
  }

  /**
   * Returns the rule with the default limit, {@value #DEFAULT_MAX_GROWTH_PERCENT}%.
   *
   * @return the rule
   */
  public static GrowthRule standard() {
    return STANDARD;
  }

  /**
   * Returns the rule with another limit.
   *
   * @param maxGrowthPercent the growth allowed, in percent of the steady figure
   * @return the rule
   * @throws IllegalArgumentException if the limit is not a positive number
   */
  public static GrowthRule withMaxGrowthPercent(double maxGrowthPercent) {
    if (!(maxGrowthPercent > 0) || Double.isInfinite(maxGrowthPercent)) {
      throw new IllegalArgumentException(
          "the growth limit must be a positive percentage (2.0 for 2%), found " + maxGrowthPercent);
    }
    return new GrowthRule(maxGrowthPercent);
  }

  /**
   * Returns the growth allowed.
   *
   * @return percent of the steady figure
   */
  public double maxGrowthPercent() {
    return maxGrowthPercent;
  }

  /**
   * Returns the unit after which the steady figure is taken: {@code max(1, ceil(5% of units))}.
   *
   * @param units the run's units (steps, cycles or passes), at least 1
   * @return the unit's number, counted from 1
   * @throws IllegalArgumentException if {@code units} is below 1
   */
  public static int steadyPoint(long units) {
    if (units < 1) {
      throw new IllegalArgumentException("a soak needs at least one unit to judge, found " + units);
    }
    return Math.max(1, (int) Math.ceil(STEADY_FRACTION * units));
  }

  /**
   * Judges a run by its two defining figures.
   *
   * @param steadyBytes resident memory after the steady point
   * @param endBytes resident memory at the end
   * @return the growth and whether it is within the limit
   * @throws IllegalArgumentException if {@code steadyBytes} is not positive
   */
  public Growth judge(long steadyBytes, long endBytes) {
    if (steadyBytes <= 0) {
      throw new IllegalArgumentException(
          "the steady memory figure must be positive, found " + steadyBytes + " bytes");
    }
    long growth = endBytes - steadyBytes;
    double percent = 100.0 * growth / steadyBytes;
    return new Growth(
        steadyBytes, endBytes, growth, percent, maxGrowthPercent, percent <= maxGrowthPercent);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GrowthRule r && Double.compare(maxGrowthPercent, r.maxGrowthPercent) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(maxGrowthPercent);
  }

  @Override
  public String toString() {
    return "growth after " + Math.round(STEADY_FRACTION * 100) + "% <= " + maxGrowthPercent + "%";
  }
}
