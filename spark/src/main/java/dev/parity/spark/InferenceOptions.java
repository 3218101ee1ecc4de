package dev.parity.spark;

import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.zoo.ArtifactSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a batch inference job reads, runs and writes: immutable and validated when built ({@code
 * set*} required, {@code opt*} optional). Serializable: it travels to the executors.
 */
public final class InferenceOptions implements Serializable {

  private static final long serialVersionUID = 2L;

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

  private final EngineName engine;
  private final String model;
  private final String zoo;
  private final String input;
  private final InputFormat format;
  private final String output;
  private final String errors; // as given: null for the default
  private final List<String> outputs;
  private final boolean allOutputs;
  private final int batchSize;
  private final int interOpThreads;
  private final int intraOpThreads;
  private final int maxBagFactor;
  private final boolean overwrite;
  private final long failFirstAttemptAfter;

  private InferenceOptions(Builder b) {
    this.engine = b.engine;
    this.model = b.model.toString();
    this.zoo = b.zoo;
    this.input = b.input;
    this.format = b.format;
    this.output = b.output;
    this.errors = b.errors;
    this.outputs = List.copyOf(b.outputs);
    this.allOutputs = b.allOutputs;
    this.batchSize = b.batchSize;
    this.interOpThreads = b.interOpThreads;
    this.intraOpThreads = b.intraOpThreads;
    this.maxBagFactor = b.maxBagFactor;
    this.overwrite = b.overwrite;
    this.failFirstAttemptAfter = b.failFirstAttemptAfter;
  }

  /**
   * Starts a builder; engine, input and output are required.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options, to build a changed copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b =
        builder()
            .setEngine(engine)
            .setInput(input)
            .setOutput(output)
            .optModel(ModelId.parse(model))
            .optZoo(zoo)
            .optFormat(format)
            .optErrors(errors)
            .optOutputs(outputs)
            .optBatchSize(batchSize)
            .optInterOpThreads(interOpThreads)
            .optIntraOpThreads(intraOpThreads)
            .optMaxBagFactor(maxBagFactor)
            .optFailFirstAttemptAfter(failFirstAttemptAfter);
    b.allOutputs = allOutputs;
    b.overwrite = overwrite;
    return b;
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
   * Returns the engine every executor runs.
   *
   * @return the engine
   */
  public EngineName engine() {
    return engine;
  }

  /**
   * Returns the model asked for.
   *
   * @return its coordinates; the version is null for the newest
   */
  public ModelId model() {
    return ModelId.parse(model);
  }

  /**
   * Returns the model zoo folder.
   *
   * @return a path every executor can read; null for each executor's own ({@code -Dparity.zoo},
   *     {@code PARITY_ZOO} or the nearest {@code zoo/})
   */
  public String zoo() {
    return zoo;
  }

  /**
   * Returns the input.
   *
   * @return a Parquet folder or file, or JSON Lines (plain or gzip)
   */
  public String input() {
    return input;
  }

  /**
   * Returns the input format as given.
   *
   * @return the format, possibly {@link InputFormat#AUTO}
   */
  public InputFormat format() {
    return format;
  }

  /**
   * Returns the folder the predictions are written to, as Parquet.
   *
   * @return the folder
   */
  public String output() {
    return output;
  }

  /**
   * Returns the folder the bad rows are written to (id and reason), as Parquet.
   *
   * @return the folder
   */
  public String errors() {
    return errors != null ? errors : defaultErrors(output);
  }

  /**
   * Returns the outputs asked for beyond the task's output.
   *
   * @return output names, in order; empty for none (or when {@link #allOutputs()})
   */
  public List<String> outputs() {
    return outputs;
  }

  /**
   * Whether every output of the model's signature is written.
   *
   * @return true for {@code --outputs all}
   */
  public boolean allOutputs() {
    return allOutputs;
  }

  /**
   * Returns the records per engine call.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the engine inter-op threads per executor.
   *
   * @return threads; 0 to derive (1)
   */
  public int interOpThreads() {
    return interOpThreads;
  }

  /**
   * Returns the engine intra-op threads per executor.
   *
   * @return threads; 0 to derive ({@code spark.task.cpus})
   */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /**
   * Returns the limit on a bag's length: longer is a bad row.
   *
   * @return multiples of the field's length
   */
  public int maxBagFactor() {
    return maxBagFactor;
  }

  /**
   * Whether existing output and error folders are replaced.
   *
   * @return true to replace them
   */
  public boolean overwrite() {
    return overwrite;
  }

  /**
   * Returns after how many rows every task's first attempt fails (fault-tolerance tests).
   *
   * @return rows; 0 never
   */
  public long failFirstAttemptAfter() {
    return failFirstAttemptAfter;
  }

  /**
   * Returns the input format, deciding {@link InputFormat#AUTO} from the input path.
   *
   * @return {@link InputFormat#PARQUET} or {@link InputFormat#JSONL}
   */
  public InputFormat resolvedFormat() {
    return format != InputFormat.AUTO ? format : formatOf(input);
  }

  /**
   * Decides an input's format from its path: {@code .jsonl} or {@code .json}, optionally {@code
   * .gz}, is JSON Lines; anything else Parquet.
   *
   * @param path a file or folder
   * @return {@link InputFormat#PARQUET} or {@link InputFormat#JSONL}
   */
  public static InputFormat formatOf(String path) {
    String p = path.endsWith(".gz") ? path.substring(0, path.length() - 3) : path;
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

  /** Builds {@link InferenceOptions}; {@code setEngine}, {@code setInput}, {@code setOutput}. */
  public static final class Builder {
    private EngineName engine;
    private String input;
    private String output;
    private ModelId model = ModelId.parse(ArtifactSpec.DEFAULT_MODEL);
    private String zoo;
    private InputFormat format = InputFormat.AUTO;
    private String errors;
    private List<String> outputs = List.of();
    private boolean allOutputs;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int interOpThreads;
    private int intraOpThreads;
    private int maxBagFactor = DEFAULT_MAX_BAG_FACTOR;
    private boolean overwrite;
    private long failFirstAttemptAfter;

    private Builder() {}

    /**
     * Sets the engine every executor runs (required).
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder setEngine(EngineName engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Sets the input (required).
     *
     * @param input a Parquet folder or file, or JSON Lines (plain or gzip)
     * @return this builder
     */
    public Builder setInput(String input) {
      this.input = input;
      return this;
    }

    /**
     * Sets the folder the predictions are written to (required).
     *
     * @param output the folder
     * @return this builder
     */
    public Builder setOutput(String output) {
      this.output = output;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param model its coordinates (default {@value ArtifactSpec#DEFAULT_MODEL}); a null version
     *     means the newest
     * @return this builder
     */
    public Builder optModel(ModelId model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the zoo folder.
     *
     * @param zoo a path every executor can read; null (default) for each executor's own
     * @return this builder
     */
    public Builder optZoo(String zoo) {
      this.zoo = zoo;
      return this;
    }

    /**
     * Sets the input format.
     *
     * @param format the format (default {@link InputFormat#AUTO})
     * @return this builder
     */
    public Builder optFormat(InputFormat format) {
      this.format = format;
      return this;
    }

    /**
     * Sets the folder the bad rows are written to.
     *
     * @param errors the folder; null (default) for the output's name with {@code .errors}
     * @return this builder
     */
    public Builder optErrors(String errors) {
      this.errors = errors;
      return this;
    }

    /**
     * Sets the outputs written beyond the task's output.
     *
     * @param names output names of the model's signature, in order (default none)
     * @return this builder
     */
    public Builder optOutputs(List<String> names) {
      this.outputs = new ArrayList<>(Objects.requireNonNull(names, "names"));
      this.allOutputs = false;
      return this;
    }

    /**
     * Writes every output of the model's signature.
     *
     * @return this builder
     */
    public Builder optAllOutputs() {
      this.outputs = List.of();
      this.allOutputs = true;
      return this;
    }

    /**
     * Sets the records per engine call.
     *
     * @param batchSize 1 to 65536 (default {@value InferenceOptions#DEFAULT_BATCH_SIZE})
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Sets the engine inter-op threads per executor.
     *
     * @param threads at least 1, or 0 (default) to derive (1)
     * @return this builder
     */
    public Builder optInterOpThreads(int threads) {
      this.interOpThreads = threads;
      return this;
    }

    /**
     * Sets the engine intra-op threads per executor.
     *
     * @param threads at least 1, or 0 (default) to derive ({@code spark.task.cpus})
     * @return this builder
     */
    public Builder optIntraOpThreads(int threads) {
      this.intraOpThreads = threads;
      return this;
    }

    /**
     * Sets the limit on a bag's length: a bag longer than this many times its field's length is a
     * bad row.
     *
     * @param factor at least 1 (default {@value InferenceOptions#DEFAULT_MAX_BAG_FACTOR})
     * @return this builder
     */
    public Builder optMaxBagFactor(int factor) {
      this.maxBagFactor = factor;
      return this;
    }

    /**
     * Replaces existing output and error folders (by default they are refused).
     *
     * @return this builder
     */
    public Builder optOverwrite() {
      this.overwrite = true;
      return this;
    }

    /**
     * Makes every task's first attempt fail after some rows, for fault-tolerance tests.
     *
     * @param rows rows after which a first attempt fails; 0 (default) never
     * @return this builder
     */
    public Builder optFailFirstAttemptAfter(long rows) {
      this.failFirstAttemptAfter = rows;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     * @throws IllegalArgumentException naming the first missing or invalid value
     */
    public InferenceOptions build() {
      if (engine == null) {
        throw new IllegalArgumentException("an engine is required: call setEngine");
      }
      if (input == null || input.isBlank()) {
        throw new IllegalArgumentException("an input is required: call setInput");
      }
      if (output == null || output.isBlank()) {
        throw new IllegalArgumentException("an output folder is required: call setOutput");
      }
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(format, "format");
      if (batchSize < 1 || batchSize > 65536) {
        throw new IllegalArgumentException("batch size must be 1 to 65536, found " + batchSize);
      }
      if (interOpThreads < 0 || intraOpThreads < 0) {
        throw new IllegalArgumentException(
            "thread counts must be 0 (derive) or more, found inter-op "
                + interOpThreads
                + ", intra-op "
                + intraOpThreads);
      }
      if (maxBagFactor < 1) {
        throw new IllegalArgumentException(
            "max bag factor must be at least 1, found " + maxBagFactor);
      }
      if (failFirstAttemptAfter < 0) {
        throw new IllegalArgumentException(
            "rows before a failed first attempt must be 0 (never) or more, found "
                + failFirstAttemptAfter);
      }
      for (String name : outputs) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException(
              "outputs must be names of the model's outputs, found a blank one in " + outputs);
        }
      }
      if (new LinkedHashSet<>(outputs).size() != outputs.size()) {
        throw new IllegalArgumentException("outputs name one output twice: " + outputs);
      }
      return new InferenceOptions(this);
    }
  }
}
