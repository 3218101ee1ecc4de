package dev.parity.harness;

/**
 * How to measure an engine's noise floor: the same engine run again over the first records with
 * other batch sizes (one record per call against the validated batch size) and, where the engine
 * reads its threads per model load (ONNX Runtime, TensorFlow), with one and with two intra-op
 * threads.
 *
 * @param records how many of the reference set's first records are run again
 */
public record NoiseFloorSettings(int records) {

  /** The settings {@code parity validate --noise-floor} uses: the first 2,048 records. */
  public static final NoiseFloorSettings DEFAULT = new NoiseFloorSettings(2048);

  /** Checks the record count. */
  public NoiseFloorSettings {
    if (records < 1) {
      throw new IllegalArgumentException(
          "the noise floor needs at least one record, found " + records);
    }
  }
}
