package dev.parity.engine;

import dev.parity.build.BuildVersions;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The DJL engines Parity can run the model under, with the artifacts that bring each one. */
public enum EngineName {
  /** PyTorch (libtorch) running the TorchScript artifact. */
  PYTORCH("PyTorch", "pytorch", "pt", "torch"),
  /** ONNX Runtime running the ONNX artifact. */
  ONNXRUNTIME("OnnxRuntime", "onnxruntime", "onnx", "ort"),
  /** TensorFlow running the SavedModel artifact. */
  TENSORFLOW("TensorFlow", "tensorflow", "tf"),
  /** MXNet running Parity's block over the exported weights. */
  MXNET("MXNet", "mxnet", "mx");

  private final String djlName;
  private final String[] aliases;

  // MXNet's imperative engine mixes up concurrent calls' outputs (ConcurrencyTest saw other
  // records' scores with 8 threads): one call at a time per process, whoever makes it.
  private static final Object MXNET_CALLS = new Object();

  EngineName(String djlName, String... aliases) {
    this.djlName = djlName;
    this.aliases = aliases;
  }

  /**
   * Returns the name DJL knows the engine by.
   *
   * @return e.g. {@code OnnxRuntime}
   */
  public String djlName() {
    return djlName;
  }

  /**
   * Returns the Maven artifacts that must be on the runtime classpath for this engine.
   *
   * @return coordinates, for error messages
   */
  public String mavenArtifacts() {
    String platform = ":" + BuildVersions.nativeClassifier();
    return switch (this) {
      case PYTORCH ->
          "ai.djl.pytorch:pytorch-engine, ai.djl.pytorch:pytorch-jni:"
              + BuildVersions.pytorchJni()
              + " and ai.djl.pytorch:pytorch-native-cpu:"
              + BuildVersions.pytorch()
              + platform;
      case ONNXRUNTIME ->
          "ai.djl.onnxruntime:onnxruntime-engine (it brings com.microsoft.onnxruntime:onnxruntime:"
              + BuildVersions.onnxRuntime()
              + ")";
      case TENSORFLOW ->
          "ai.djl.tensorflow:tensorflow-engine and " + BuildVersions.tensorflowNativeArtifact();
      case MXNET ->
          "ai.djl.mxnet:mxnet-engine and ai.djl.mxnet:mxnet-native-mkl:"
              + BuildVersions.mxnet()
              + platform;
    };
  }

  /**
   * Returns the short lower-case name used on the command line.
   *
   * @return e.g. {@code onnxruntime}
   */
  public String cliName() {
    return aliases[0];
  }

  /**
   * Returns the lock every call into this engine must hold, for engines that cannot run calls
   * concurrently in one process.
   *
   * @return the process-wide lock for MXNet, null for engines that take concurrent calls
   */
  public Object callLock() {
    return this == MXNET ? MXNET_CALLS : null;
  }

  /**
   * Whether the engine reads its thread settings for every model it loads, so that one process can
   * run the same model with other thread counts (see {@link EngineSettings}).
   *
   * @return true for ONNX Runtime and TensorFlow; false for PyTorch and MXNet, which read them once
   *     per process
   */
  public boolean readsThreadsPerModel() {
    return this == ONNXRUNTIME || this == TENSORFLOW;
  }

  /**
   * Parses an engine name as a user types it: DJL's name or a short alias, in any case.
   *
   * @param text e.g. {@code pytorch}, {@code OnnxRuntime}, {@code onnx}, {@code tf}
   * @return the engine
   * @throws IllegalArgumentException naming the engines known when {@code text} is none of them
   */
  public static EngineName parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (EngineName e : values()) {
      if (e.djlName.toLowerCase(Locale.ROOT).equals(t) || Arrays.asList(e.aliases).contains(t)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown engine '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(EngineName::cliName).collect(Collectors.joining(", ")));
  }

  /**
   * Returns the engine DJL calls {@code djlName}.
   *
   * @param djlName e.g. {@code MXNet}
   * @return the engine
   * @throws IllegalArgumentException if Parity does not know it
   */
  public static EngineName ofDjlName(String djlName) {
    for (EngineName e : values()) {
      if (e.djlName.equals(djlName)) {
        return e;
      }
    }
    return parse(djlName);
  }
}
