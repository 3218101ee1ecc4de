package dev.parity.bench.load;

/**
 * Which model served a load run, and how.
 *
 * @param coordinates {@code group:artifact:version}
 * @param engine the engine's command-line name
 * @param engineVersion the engine's own version
 * @param settings engine, device, threads, as text
 * @param modelFile the model file, relative to the zoo's metadata folder
 * @param modelSha256 its SHA-256, verified before the engine read it
 * @param records the records file the requests cycle through
 * @param recordCount how many records it held
 */
public record ModelProvenance(
    String coordinates,
    String engine,
    String engineVersion,
    String settings,
    String modelFile,
    String modelSha256,
    String records,
    int recordCount) {}
