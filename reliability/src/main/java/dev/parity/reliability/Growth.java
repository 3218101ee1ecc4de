package dev.parity.reliability;

/**
 * A run's memory growth as {@link GrowthRule} judged it.
 *
 * @param steadyBytes resident memory after the steady point
 * @param endBytes resident memory at the end
 * @param growthBytes {@code end - steady}
 * @param growthPercent the growth in percent of {@code steady}
 * @param maxGrowthPercent the limit it was judged by
 * @param withinLimit whether {@code growthPercent <= maxGrowthPercent}
 */
public record Growth(
    long steadyBytes,
    long endBytes,
    long growthBytes,
    double growthPercent,
    double maxGrowthPercent,
    boolean withinLimit) {}
