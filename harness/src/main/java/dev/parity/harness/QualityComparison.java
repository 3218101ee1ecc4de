package dev.parity.harness;

/**
 * Model quality, JVM against the reference, for the task the model card declares: {@link
 * BinaryQuality}, {@link MulticlassQuality} or {@link RegressionQuality}.
 */
public sealed interface QualityComparison
    permits BinaryQuality, MulticlassQuality, RegressionQuality {}
