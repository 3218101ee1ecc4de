package dev.parity.harness;

import dev.parity.engine.EngineName;

/**
 * Which engine produced an evaluation's figures, on what, from which file.
 *
 * @param engine the engine
 * @param engineVersion the engine's own version, e.g. {@code 2.7.1}
 * @param device the device, e.g. {@code cpu}
 * @param settings every engine setting, in words
 * @param modelFile the model file, relative to the zoo's metadata folder
 * @param modelFileSha256 the model file's SHA-256, verified before the engine read it
 */
public record EngineProvenance(
    EngineName engine,
    String engineVersion,
    String device,
    String settings,
    String modelFile,
    String modelFileSha256) {}
