package dev.parity.reliability;

import dev.parity.engine.EngineSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a native-memory soak runs: the engine settings, the records, how many predictions (or model
 * load/close cycles), the callers, the growth limit and whether it is the leak control. Immutable;
 * {@link Builder#build()} rejects invalid values.
 */
public final class SoakOptions {

  /**
   * Records a soak predicts by default ({@code parity soak}: in all; {@code parity spark soak}: per
   * pass).
   */
  public static final long DEFAULT_RECORDS = 1_000_000;

  /** The most caller threads a soak accepts. */
  public static final int MAX_THREADS = 64;

  private final EngineSettings engineSettings;
  private final Path input;
  private final long records;
  private final long warmup;
  private final int cycles;
  private final int threads;
  private final boolean leakControl;
  private final GrowthRule growthRule;
  private final Path zoo;
  private final String model;

  private SoakOptions(Builder b) {
    this.engineSettings = b.engineSettings;
    this.input = b.input;
    this.records = b.records;
    this.warmup = b.warmup;
    this.cycles = b.cycles;
    this.threads = b.threads;
    this.leakControl = b.leakControl;
    this.growthRule = b.growthRule;
    this.zoo = b.zoo;
    this.model = b.model;
  }

  /**
   * Starts a builder; {@code setEngineSettings} and {@code setInput} are required.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the engine, device, threads and batch size the model runs with.
   *
   * @return the settings
   */
  public EngineSettings engineSettings() {
    return engineSettings;
  }

  /**
   * Returns the raw records (JSON Lines), cycled through; parsed once before the run.
   *
   * @return the file
   */
  public Path input() {
    return input;
  }

  /**
   * Returns the predictions to run (prediction mode).
   *
   * @return at least 1
   */
  public long records() {
    return records;
  }

  /**
   * Returns what runs before the measured run and is not counted: predictions, or in cycle mode
   * model load/close cycles. It lets allocators, the JIT and the engine reach their working size;
   * the leak control does not leak during it.
   *
   * @return 0 or more
   */
  public long warmup() {
    return warmup;
  }

  /**
   * Returns the model load/close cycles (cycle mode).
   *
   * @return 0 in prediction mode
   */
  public int cycles() {
    return cycles;
  }

  /**
   * Returns the caller threads sharing the one model.
   *
   * @return 1 to {@value #MAX_THREADS}
   */
  public int threads() {
    return threads;
  }

  /**
   * Returns whether this is the leak control, which must fail the growth rule: each batch's input
   * tensors are created on a model's own manager and never closed (in cycle mode, no model is
   * closed).
   *
   * @return true for the control
   */
  public boolean leakControl() {
    return leakControl;
  }

  /**
   * Returns the rule the run is judged by.
   *
   * @return the rule
   */
  public GrowthRule growthRule() {
    return growthRule;
  }

  /**
   * Returns the zoo folder.
   *
   * @return the folder, or null for the environment's ({@code -Dparity.zoo}, {@code PARITY_ZOO})
   */
  public Path zoo() {
    return zoo;
  }

  /**
   * Returns the model.
   *
   * @return {@code groupId:artifactId[:version]}, or null for Parity's default model
   */
  public String model() {
    return model;
  }

  /**
   * Returns what the run repeats.
   *
   * @return cycles when {@link #cycles()} is positive, else predictions
   */
  public SoakMode mode() {
    return cycles > 0 ? SoakMode.CYCLES : SoakMode.PREDICTIONS;
  }

  /**
   * Returns the measured run's length in its mode's units.
   *
   * @return {@link #cycles()} or {@link #records()}
   */
  public long total() {
    return mode() == SoakMode.CYCLES ? cycles : records;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoakOptions s
        && engineSettings.equals(s.engineSettings)
        && input.equals(s.input)
        && records == s.records
        && warmup == s.warmup
        && cycles == s.cycles
        && threads == s.threads
        && leakControl == s.leakControl
        && growthRule.equals(s.growthRule)
        && Objects.equals(zoo, s.zoo)
        && Objects.equals(model, s.model);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        engineSettings,
        input,
        records,
        warmup,
        cycles,
        threads,
        leakControl,
        growthRule,
        zoo,
        model);
  }

  @Override
  public String toString() {
    return mode()
        + " soak: "
        + total()
        + (warmup > 0 ? " after " + warmup + " warm-up" : "")
        + ", "
        + threads
        + " thread(s), "
        + engineSettings
        + ", "
        + growthRule
        + (leakControl ? ", LEAK CONTROL" : "")
        + ", input "
        + input
        + (zoo == null ? "" : ", zoo " + zoo)
        + (model == null ? "" : ", model " + model);
  }

  /** Builds {@link SoakOptions}. */
  public static final class Builder {
    private EngineSettings engineSettings;
    private Path input;
    private long records = DEFAULT_RECORDS;
    private long warmup;
    private int cycles;
    private int threads = 1;
    private boolean leakControl;
    private GrowthRule growthRule = GrowthRule.standard();
    private Path zoo;
    private String model;

    private Builder() {}

    /**
     * Sets the engine settings (required). Batch size, threads, device and raw options all reach
     * the soak JVM.
     *
     * @param engineSettings the settings
     * @return this builder
     */
    public Builder setEngineSettings(EngineSettings engineSettings) {
      this.engineSettings = engineSettings;
      return this;
    }

    /**
     * Sets the raw records, JSON Lines (required); every line must be a valid record.
     *
     * @param input the file, {@code .jsonl} or {@code .jsonl.gz}
     * @return this builder
     */
    public Builder setInput(Path input) {
      this.input = input;
      return this;
    }

    /**
     * Sets the predictions to run in prediction mode.
     *
     * @param records at least 1 (default {@value SoakOptions#DEFAULT_RECORDS})
     * @return this builder
     */
    public Builder optRecords(long records) {
      this.records = records;
      return this;
    }

    /**
     * Sets the warm-up run before the measured run: predictions, or cycles in cycle mode.
     *
     * @param warmup 0 (default) or more
     * @return this builder
     */
    public Builder optWarmup(long warmup) {
      this.warmup = warmup;
      return this;
    }

    /**
     * Switches to cycle mode: the model is loaded, predicts one batch and is closed this many
     * times.
     *
     * @param cycles 0 (default: prediction mode) or more
     * @return this builder
     */
    public Builder optCycles(int cycles) {
      this.cycles = cycles;
      return this;
    }

    /**
     * Sets the caller threads sharing the one model.
     *
     * @param threads 1 (default) to {@value SoakOptions#MAX_THREADS}
     * @return this builder
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Makes this run the leak control, which must fail the growth rule.
     *
     * @return this builder
     */
    public Builder optLeakControl() {
      this.leakControl = true;
      return this;
    }

    /**
     * Sets the rule the run is judged by.
     *
     * @param growthRule the rule (default {@link GrowthRule#standard()})
     * @return this builder
     */
    public Builder optGrowthRule(GrowthRule growthRule) {
      this.growthRule = growthRule;
      return this;
    }

    /**
     * Sets the zoo folder.
     *
     * @param zoo the folder, or null (default) for the environment's
     * @return this builder
     */
    public Builder optZoo(Path zoo) {
      this.zoo = zoo;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param model {@code groupId:artifactId[:version]}, or null (default) for Parity's default
     * @return this builder
     */
    public Builder optModel(String model) {
      this.model = model;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     * @throws IllegalArgumentException naming the first invalid value
     */
    public SoakOptions build() {
      if (model != null) {
        dev.parity.card.ModelId.parse(model);
      }
      if (engineSettings == null) {
        throw new IllegalArgumentException("engine settings are required: call setEngineSettings");
      }
      if (input == null) {
        throw new IllegalArgumentException(
            "an input file of raw records (JSON Lines) is required: call setInput");
      }
      if (growthRule == null) {
        throw new IllegalArgumentException("a growth rule is required, found null");
      }
      if (cycles < 0) {
        throw new IllegalArgumentException(
            "cycles must be 0 (predictions) or more, found " + cycles);
      }
      if (cycles == 0 && records < 1) {
        throw new IllegalArgumentException(
            "records must be at least 1 (or cycles positive), found " + records);
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("warm-up must not be negative, found " + warmup);
      }
      if (threads < 1 || threads > MAX_THREADS) {
        throw new IllegalArgumentException(
            "threads must be 1 to " + MAX_THREADS + ", found " + threads);
      }
      return new SoakOptions(this);
    }
  }
}
