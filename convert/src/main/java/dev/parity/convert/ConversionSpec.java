package dev.parity.convert;

import dev.parity.engine.EngineName;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to convert: an ONNX file, the engine whose artifact to write and the folder to write it to.
 * Immutable; build it with {@link #builder()}.
 */
public final class ConversionSpec {

  private final Path source;
  private final EngineName target;
  private final Path destination;

  private ConversionSpec(Builder b) {
    this.source = b.source;
    this.target = b.target;
    this.destination = b.destination;
  }

  /** The engines the converter writes artifacts for. */
  public static final List<EngineName> TARGETS = List.of(EngineName.TENSORFLOW, EngineName.MXNET);

  /**
   * Checks that the converter writes artifacts for an engine.
   *
   * @param engine the engine
   * @throws IllegalArgumentException if it is not one of {@link #TARGETS}
   */
  static void checkTarget(EngineName engine) {
    if (!TARGETS.contains(engine)) {
      throw new IllegalArgumentException(
          "expected a conversion target of tensorflow or mxnet but found "
              + engine.cliName()
              + "; "
              + engine.cliName()
              + " runs the ONNX or TorchScript file itself");
    }
  }

  /**
   * Starts a spec.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the ONNX file.
   *
   * @return the path as given
   */
  public Path source() {
    return source;
  }

  /**
   * Returns the engine whose artifact is written.
   *
   * @return {@link EngineName#TENSORFLOW} or {@link EngineName#MXNET}
   */
  public EngineName target() {
    return target;
  }

  /**
   * Returns the folder the artifact is written to.
   *
   * @return the path as given
   */
  public Path destination() {
    return destination;
  }

  /** Builds a {@link ConversionSpec}; every {@code set} method is required. */
  public static final class Builder {
    private Path source;
    private EngineName target;
    private Path destination;

    private Builder() {}

    /**
     * Sets the ONNX file to convert.
     *
     * @param onnxFile the {@code .onnx} file
     * @return this builder
     */
    public Builder setSource(Path onnxFile) {
      this.source = onnxFile;
      return this;
    }

    /**
     * Sets the engine whose artifact to write.
     *
     * @param engine {@link EngineName#TENSORFLOW} (a SavedModel) or {@link EngineName#MXNET} (a
     *     graph block)
     * @return this builder
     */
    public Builder setTarget(EngineName engine) {
      this.target = engine;
      return this;
    }

    /**
     * Sets the folder to write the artifact to. It must not exist, be empty, or hold only the files
     * of an earlier artifact of the same engine (which are then replaced).
     *
     * @param folder the artifact folder
     * @return this builder
     */
    public Builder setDestination(Path folder) {
      this.destination = folder;
      return this;
    }

    /**
     * Checks and builds the spec.
     *
     * @return the spec
     * @throws NullPointerException if a required value is not set
     * @throws IllegalArgumentException if the target is an engine the converter does not write for
     */
    public ConversionSpec build() {
      Objects.requireNonNull(source, "setSource(onnxFile) is required");
      Objects.requireNonNull(target, "setTarget(engine) is required");
      Objects.requireNonNull(destination, "setDestination(folder) is required");
      checkTarget(target);
      return new ConversionSpec(this);
    }
  }
}
