package dev.parity.harness;

/**
 * How many records may be encoded differently by Java and Python. Pre-processing is the same Java
 * code under every engine, so the plan holds one limit for the run, not one per engine.
 *
 * @param maxMismatchedRecords the most records whose Java ids differ from Python's in any field
 *     that pass; the gate is not applied when null
 */
public record PreprocessingLimits(Long maxMismatchedRecords) {}
