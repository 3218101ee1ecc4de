package dev.parity.engine;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to run the model: engine, device, threads, batch size and raw engine options. Immutable and
 * validated when built.
 *
 * <p>What each engine does with the thread settings, and when it reads them:
 *
 * <ul>
 *   <li>PyTorch: inter-op and intra-op threads go to the system properties {@code
 *       ai.djl.pytorch.num_interop_threads} and {@code ai.djl.pytorch.num_threads}, which DJL reads
 *       once, when the engine starts: <b>once per process</b>. A later, different setting in the
 *       same JVM is refused.
 *   <li>ONNX Runtime: session options {@code interOpNumThreads} and {@code intraOpNumThreads}, read
 *       for every model loaded.
 *   <li>TensorFlow: system properties {@code ai.djl.tensorflow.num_interop_threads} and {@code
 *       ai.djl.tensorflow.num_intraop_threads}, read for every model loaded.
 *   <li>MXNet: only the environment ({@code OMP_NUM_THREADS}, {@code MXNET_ENGINE_TYPE}), read
 *       <b>once per process</b> before Java runs; {@code scripts/parity} sets {@code
 *       OMP_NUM_THREADS} from {@code --intra-op}.
 * </ul>
 */
public final class EngineSettings {

  /** Batch size when none is given: large enough that per-call overhead is small. */
  public static final int DEFAULT_BATCH_SIZE = 1024;

  private static final Pattern DEVICE = Pattern.compile("cpu|gpu(?::(\\d+))?");
  // PyTorch reads its thread settings once per process: the first setting applied, guarded by
  // the lock (a private one, which no other code can hold).
  private static final Object PYTORCH_THREADS_LOCK = new Object();
  private static String pytorchThreadsStarted;

  private final EngineName engine;
  private final String device;
  private final int interOpThreads;
  private final int intraOpThreads;
  private final int batchSize;
  private final Map<String, String> options;

  private EngineSettings(Builder b) {
    this.engine = b.engine;
    this.device = b.device;
    this.interOpThreads = b.interOpThreads;
    this.intraOpThreads = b.intraOpThreads;
    this.batchSize = b.batchSize;
    this.options = Map.copyOf(b.options);
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: cpu, engine thread defaults, batch {@value
   *     #DEFAULT_BATCH_SIZE}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings for an engine with every other value at its default.
   *
   * @param engine the engine
   * @return the settings
   */
  public static EngineSettings of(EngineName engine) {
    return builder().setEngine(engine).build();
  }

  /**
   * Returns the engine.
   *
   * @return the engine
   */
  public EngineName engine() {
    return engine;
  }

  /**
   * Returns the device as the user wrote it.
   *
   * @return {@code cpu} or {@code gpu:N}
   */
  public String device() {
    return device;
  }

  /**
   * Returns the inter-op threads.
   *
   * @return threads, or 0 for the engine's default
   */
  public int interOpThreads() {
    return interOpThreads;
  }

  /**
   * Returns the intra-op threads.
   *
   * @return threads, or 0 for the engine's default
   */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /**
   * Returns the number of records per engine call.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the raw options handed to the engine when the model loads.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> options() {
    return options;
  }

  /**
   * Returns the device in DJL's terms.
   *
   * @return the device
   */
  public Device djlDevice() {
    Matcher m = DEVICE.matcher(device);
    if (!m.matches()) {
      throw new AssertionError(device);
    }
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    return Device.gpu(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
  }

  /**
   * Returns the options to load the model with: the engine's thread options plus the raw ones.
   *
   * @return a new map
   */
  public Map<String, String> modelOptions() {
    Map<String, String> out = new LinkedHashMap<>();
    if (engine == EngineName.ONNXRUNTIME) {
      if (interOpThreads > 0) {
        out.put("interOpNumThreads", Integer.toString(interOpThreads));
      }
      if (intraOpThreads > 0) {
        out.put("intraOpNumThreads", Integer.toString(intraOpThreads));
      }
    }
    if (engine == EngineName.PYTORCH && !device.equals("cpu")) {
      out.put("mapLocation", "true");
    }
    out.putAll(options);
    return out;
  }

  /**
   * Sets what the engine reads from system properties. Call before the engine starts.
   *
   * @throws IllegalStateException if PyTorch already started in this process with other thread
   *     settings: it reads them once, so each setting needs its own JVM
   */
  public void applyProcessSettings() {
    if (engine == EngineName.PYTORCH) {
      applyPytorchThreads(interOpThreads, intraOpThreads);
    } else if (engine == EngineName.TENSORFLOW) {
      setOrClear("ai.djl.tensorflow.num_interop_threads", interOpThreads);
      setOrClear("ai.djl.tensorflow.num_intraop_threads", intraOpThreads);
    }
  }

  private static void applyPytorchThreads(int interOpThreads, int intraOpThreads) {
    String wanted = interOpThreads + "/" + intraOpThreads;
    synchronized (PYTORCH_THREADS_LOCK) {
      if (pytorchThreadsStarted != null && !pytorchThreadsStarted.equals(wanted)) {
        throw new IllegalStateException(
            "PyTorch reads its thread settings once per process: this JVM started it with"
                + " inter-op/intra-op "
                + pytorchThreadsStarted
                + ", and "
                + wanted
                + " was asked for. Run each thread setting in its own JVM (a JMH fork).");
      }
      setOrClear("ai.djl.pytorch.num_interop_threads", interOpThreads);
      setOrClear("ai.djl.pytorch.num_threads", intraOpThreads);
      pytorchThreadsStarted = wanted;
    }
  }

  private static void setOrClear(String key, int threads) {
    if (threads > 0) {
      System.setProperty(key, Integer.toString(threads));
    }
  }

  /**
   * Returns a builder holding these settings, to derive variants.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b =
        builder()
            .setEngine(engine)
            .optDevice(device)
            .optInterOpThreads(interOpThreads)
            .optIntraOpThreads(intraOpThreads)
            .optBatchSize(batchSize);
    options.forEach(b::optOption);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineSettings s
        && engine == s.engine
        && device.equals(s.device)
        && interOpThreads == s.interOpThreads
        && intraOpThreads == s.intraOpThreads
        && batchSize == s.batchSize
        && options.equals(s.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(engine, device, interOpThreads, intraOpThreads, batchSize, options);
  }

  @Override
  public String toString() {
    return engine.cliName()
        + " on "
        + device
        + ", inter-op "
        + (interOpThreads == 0 ? "default" : interOpThreads)
        + ", intra-op "
        + (intraOpThreads == 0 ? "default" : intraOpThreads)
        + ", batch "
        + batchSize
        + (options.isEmpty() ? "" : ", options " + options);
  }

  /** Builds {@link EngineSettings}; {@code setEngine} is required. */
  public static final class Builder {
    private EngineName engine;
    private String device = "cpu";
    private int interOpThreads;
    private int intraOpThreads;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private final Map<String, String> options = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the engine (required).
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder setEngine(EngineName engine) {
      this.engine = engine;
      return this;
    }

    /**
     * Sets the engine by name (required).
     *
     * @param name e.g. {@code pytorch} or {@code OnnxRuntime}
     * @return this builder
     * @throws IllegalArgumentException for an unknown engine
     */
    public Builder setEngine(String name) {
      return setEngine(EngineName.parse(name));
    }

    /**
     * Sets the device.
     *
     * @param device {@code cpu} (default) or {@code gpu:N}
     * @return this builder
     */
    public Builder optDevice(String device) {
      this.device = device;
      return this;
    }

    /**
     * Sets the inter-op threads.
     *
     * @param threads at least 1, or 0 for the engine's default
     * @return this builder
     */
    public Builder optInterOpThreads(int threads) {
      this.interOpThreads = threads;
      return this;
    }

    /**
     * Sets the intra-op threads.
     *
     * @param threads at least 1, or 0 for the engine's default
     * @return this builder
     */
    public Builder optIntraOpThreads(int threads) {
      this.intraOpThreads = threads;
      return this;
    }

    /**
     * Sets the number of records per engine call.
     *
     * @param batchSize 1 to 65536
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Adds a raw option handed to the engine when the model loads.
     *
     * @param key e.g. {@code optLevel}
     * @param value e.g. {@code ALL_OPT}
     * @return this builder
     */
    public Builder optOption(String key, String value) {
      options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the first invalid value
     */
    public EngineSettings build() {
      if (engine == null) {
        throw new IllegalArgumentException("an engine is required: call setEngine");
      }
      if (device == null || !DEVICE.matcher(device.trim()).matches()) {
        throw new IllegalArgumentException(
            "device must be cpu or gpu:N (e.g. gpu:0), found '" + device + "'");
      }
      device = device.trim();
      if (interOpThreads < 0 || interOpThreads > 1024) {
        throw new IllegalArgumentException(
            "inter-op threads must be 0 (engine default) to 1024, found " + interOpThreads);
      }
      if (intraOpThreads < 0 || intraOpThreads > 1024) {
        throw new IllegalArgumentException(
            "intra-op threads must be 0 (engine default) to 1024, found " + intraOpThreads);
      }
      if (batchSize < 1 || batchSize > 65536) {
        throw new IllegalArgumentException("batch size must be 1 to 65536, found " + batchSize);
      }
      return new EngineSettings(this);
    }
  }
}
