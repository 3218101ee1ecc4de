package dev.parity.spark;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a batch inference job reads, runs and writes. Serializable: it travels to the executors.
 *
 * @param engine the engine every executor runs
 * @param zoo the model zoo folder, a path every executor can read; null for the nearest {@code
 *     zoo/} (or {@code -Dparity.zoo}) on each executor
 * @param input the input: a Parquet folder or file, or JSON Lines (plain or gzip)
 * @param format the input format
 * @param output the folder the predictions are written to, as Parquet
 * @param errors the folder the bad rows are written to (id and reason), as Parquet
 * @param batchSize records per engine call
 * @param interOpThreads engine inter-op threads per executor; 0 to derive (1)
 * @param intraOpThreads engine intra-op threads per executor; 0 to derive ({@code spark.task.cpus})
 * @param maxBagFactor a bag longer than this many times its field's length is a bad row
 * @param overwrite whether existing output and error folders are replaced
 * @param failFirstAttemptAfter for fault-tolerance tests: every task's first attempt fails after
 *     this many rows; 0 never
 */
public record InferenceOptions(
    EngineName engine,
    String zoo,
    String input,
    InputFormat format,
    String output,
    String errors,
    int batchSize,
    int interOpThreads,
    int intraOpThreads,
    int maxBagFactor,
    boolean overwrite,
    long failFirstAttemptAfter)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Default records per engine call on Spark. */
  public static final int DEFAULT_BATCH_SIZE = 4096;

  /** Default limit on a bag's length, in multiples of its field's length. */
  public static final int DEFAULT_MAX_BAG_FACTOR = 10;

  /** The input formats the job reads. */
  public enum InputFormat {
    /** Decide from the path: {@code .jsonl}, {@code .json} (optionally {@code .gz}) is JSONL. */
    AUTO,
    /** Parquet with an {@code id} column and the model's fields. */
    PARQUET,
    /** JSON Lines: one object per line with an {@code id} and the model's fields. */
    JSONL
  }

  /** Validates the options. */
  public InferenceOptions {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(format, "format");
    if (errors == null) {
      errors = defaultErrors(output);
    }
    if (batchSize < 1 || batchSize > 65536) {
      throw new IllegalArgumentException("batch size must be 1 to 65536, found " + batchSize);
    }
    if (interOpThreads < 0 || intraOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be 0 (derive) or more");
    }
    if (maxBagFactor < 1) {
      throw new IllegalArgumentException(
          "max bag factor must be at least 1, found " + maxBagFactor);
    }
  }

  /**
   * Options with the defaults for everything but engine, input and output.
   *
   * @param engine the engine
   * @param input the input
   * @param output the output folder
   * @return the options
   */
  public static InferenceOptions of(EngineName engine, String input, String output) {
    return new InferenceOptions(
        engine,
        null,
        input,
        InputFormat.AUTO,
        output,
        null,
        DEFAULT_BATCH_SIZE,
        0,
        0,
        DEFAULT_MAX_BAG_FACTOR,
        false,
        0);
  }

  /**
   * The error folder used when none is given: a sibling of the output.
   *
   * @param output the output folder
   * @return {@code output} with {@code .errors} appended
   */
  public static String defaultErrors(String output) {
    String trimmed = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    return trimmed + ".errors";
  }

  /**
   * Returns the input format, deciding {@link InputFormat#AUTO} from the input path.
   *
   * @return {@link InputFormat#PARQUET} or {@link InputFormat#JSONL}
   */
  public InputFormat resolvedFormat() {
    if (format != InputFormat.AUTO) {
      return format;
    }
    String p = input.endsWith(".gz") ? input.substring(0, input.length() - 3) : input;
    return p.endsWith(".jsonl") || p.endsWith(".json") ? InputFormat.JSONL : InputFormat.PARQUET;
  }

  /**
   * The engine settings an executor runs with, deriving threads left at 0: inter-op 1, intra-op the
   * task's CPUs.
   *
   * @param taskCpus {@code spark.task.cpus} of the running task
   * @return the settings
   */
  public EngineSettings engineSettings(int taskCpus) {
    return EngineSettings.builder()
        .setEngine(engine)
        .optInterOpThreads(interOpThreads > 0 ? interOpThreads : 1)
        .optIntraOpThreads(intraOpThreads > 0 ? intraOpThreads : Math.max(1, taskCpus))
        .optBatchSize(batchSize)
        .build();
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param size records per engine call
   * @return the options
   */
  public InferenceOptions withBatchSize(int size) {
    return new InferenceOptions(
        engine,
        zoo,
        input,
        format,
        output,
        errors,
        size,
        interOpThreads,
        intraOpThreads,
        maxBagFactor,
        overwrite,
        failFirstAttemptAfter);
  }

  /**
   * Returns a copy with another zoo.
   *
   * @param folder the zoo folder
   * @return the options
   */
  public InferenceOptions withZoo(String folder) {
    return new InferenceOptions(
        engine,
        folder,
        input,
        format,
        output,
        errors,
        batchSize,
        interOpThreads,
        intraOpThreads,
        maxBagFactor,
        overwrite,
        failFirstAttemptAfter);
  }

  /**
   * Returns a copy whose tasks fail on their first attempt after some rows (tests).
   *
   * @param rows rows after which a first attempt fails; 0 never
   * @return the options
   */
  public InferenceOptions withFailFirstAttemptAfter(long rows) {
    return new InferenceOptions(
        engine,
        zoo,
        input,
        format,
        output,
        errors,
        batchSize,
        interOpThreads,
        intraOpThreads,
        maxBagFactor,
        overwrite,
        rows);
  }

  /**
   * Returns a copy with other error folder.
   *
   * @param folder the error folder
   * @return the options
   */
  public InferenceOptions withErrors(String folder) {
    return new InferenceOptions(
        engine,
        zoo,
        input,
        format,
        output,
        folder,
        batchSize,
        interOpThreads,
        intraOpThreads,
        maxBagFactor,
        overwrite,
        failFirstAttemptAfter);
  }

  /**
   * Returns a copy that replaces existing output and error folders, or does not.
   *
   * @param replace whether to replace them
   * @return the options
   */
  public InferenceOptions withOverwrite(boolean replace) {
    return new InferenceOptions(
        engine,
        zoo,
        input,
        format,
        output,
        errors,
        batchSize,
        interOpThreads,
        intraOpThreads,
        maxBagFactor,
        replace,
        failFirstAttemptAfter);
  }
}
