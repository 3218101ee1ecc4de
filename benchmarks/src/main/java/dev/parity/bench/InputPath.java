package dev.parity.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the full path takes its records: the {@code path} parameter of {@link FullPathBenchmark} and
 * {@link TranslationBenchmark}.
 */
public enum InputPath {
  /**
   * {@code RawRecord}s (a Java String per token), encoded on the caller's thread into Java arrays,
   * which the engine copies into native memory: the toolkit's path before issue 15.
   */
  RECORDS,
  /** Records laid out by field ({@code RecordColumns}), encoded on the caller's thread. */
  COLUMNS,
  /**
   * Records laid out by field, encoded on a second thread while the engine runs the batch before
   * ({@code PredictionStream}), into reused direct buffers the engine reads in place where it can.
   */
  PIPELINED;

  /**
   * Returns the parameter value.
   *
   * @return e.g. {@code pipelined}
   */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Threads the path keeps busy besides the engine's, per caller.
   *
   * @return 1 for the encoder thread of {@link #PIPELINED}, else 0
   */
  public int encoderThreads() {
    return this == PIPELINED ? 1 : 0;
  }

  /**
   * Reads a parameter value.
   *
   * @param key e.g. {@code pipelined}; null or empty for {@link #RECORDS}, the path of results from
   *     before the parameter existed
   * @return the path
   * @throws IllegalArgumentException naming the values when it is none of them
   */
  public static InputPath of(String key) {
    if (key == null || key.isBlank()) {
      return RECORDS;
    }
    return Arrays.stream(values())
        .filter(p -> p.key().equals(key.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "path must be one of "
                        + Arrays.stream(values()).map(InputPath::key).toList()
                        + ", found "
                        + key));
  }
}
