package dev.parity.reliability;

import picocli.CommandLine.Option;

/**
 * The growth limit as a command-line option, {@code --max-growth-percent}: one name, default and
 * wording for every soak command ({@code parity soak}, {@code parity spark soak}, the soak JVM).
 * Use it as a picocli {@code @Mixin}.
 */
public final class GrowthLimitOption {
  @Option(
      names = "--max-growth-percent",
      paramLabel = "PERCENT",
      defaultValue = "" + GrowthRule.DEFAULT_MAX_GROWTH_PERCENT,
      description =
          "allowed growth of the resident memory from the steady point (after the first 5%% of"
              + " the run) to the end, in percent of the steady figure (default: ${DEFAULT-VALUE})")
  private double maxGrowthPercent = GrowthRule.DEFAULT_MAX_GROWTH_PERCENT;

  /**
   * Returns the rule with the limit given.
   *
   * @return the rule
   * @throws IllegalArgumentException if the limit is not a positive number
   */
  public GrowthRule rule() {
    return GrowthRule.withMaxGrowthPercent(maxGrowthPercent);
  }
}
