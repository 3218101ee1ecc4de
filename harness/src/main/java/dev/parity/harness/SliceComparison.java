package dev.parity.harness;

/**
 * The task output's differences and the quality delta over the records of one slice: the records
 * holding one value of a categorical field, or one decile of a numeric field.
 *
 * @param key the slice in plan and gate names: {@code field=value} or {@code field:d3}
 * @param field the raw record's field
 * @param value the value, or the decile's range {@code [low, high)}
 * @param records how many records the slice holds
 * @param difference {@code |JVM - reference|} over the task output's elements of those records
 * @param qualityMetric the quality figure compared: {@code auc}, {@code accuracy}, {@code rmse}, or
 *     {@code flips} (the share of decisions that differ) without labels
 * @param qualityDelta {@code |JVM - reference|} of that figure over the slice; NaN when it cannot
 *     be computed there (e.g. an AUC over one class)
 */
public record SliceComparison(
    String key,
    String field,
    String value,
    long records,
    DiffStatistics difference,
    String qualityMetric,
    double qualityDelta) {}
