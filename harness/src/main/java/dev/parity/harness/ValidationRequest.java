package dev.parity.harness;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to validate: which model and engines, against which reference set, under which plan, and
 * whether to measure the engines' noise floor too. Built with {@link #builder()}: {@code set*}
 * required, {@code opt*} optional.
 *
 * <pre>{@code
 * ValidationRequest request = ValidationRequest.builder()
 *     .setArtifact(ArtifactSpec.builder().build())
 *     .setReferenceFolder(Path.of("reference-outputs/dev.parity/purchase"))
 *     .setSettings(EngineSettings.builder().setEngine("pytorch").optBatchSize(4096).build())
 *     .optNoiseFloor(NoiseFloorSettings.DEFAULT)
 *     .build();
 * }</pre>
 */
public final class ValidationRequest {
  private final List<EngineName> engines;
  private final Path referenceFolder;
  private final ValidationPlan plan;
  private final ArtifactSpec artifact;
  private final EngineSettings settings;
  private final NoiseFloorSettings noiseFloor;

  private ValidationRequest(Builder b) {
    this.engines = List.copyOf(b.engines);
    this.referenceFolder = b.referenceFolder;
    this.plan = b.plan == null ? ValidationPlan.shipped() : b.plan;
    this.artifact = b.artifact;
    this.settings = b.settings;
    this.noiseFloor = b.noiseFloor;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the engines, in report order, each once.
   *
   * @return the engines; empty for every engine the card lists
   */
  public List<EngineName> engines() {
    return engines;
  }

  /**
   * Returns the reference set's folder.
   *
   * @return the folder holding {@code manifest.json}
   */
  public Path referenceFolder() {
    return referenceFolder;
  }

  /**
   * Returns the plan.
   *
   * @return the validation plan (the shipped one unless another was given)
   */
  public ValidationPlan plan() {
    return plan;
  }

  /**
   * Returns the model.
   *
   * @return the model in the zoo
   */
  public ArtifactSpec artifact() {
    return artifact;
  }

  /**
   * Returns the settings every engine runs with.
   *
   * @return device, threads and batch size; the engine is replaced by each engine validated
   */
  public EngineSettings settings() {
    return settings;
  }

  /**
   * Returns how to measure the noise floor.
   *
   * @return the settings, or empty when the noise floor is not measured
   */
  public Optional<NoiseFloorSettings> noiseFloor() {
    return Optional.ofNullable(noiseFloor);
  }

  /**
   * Settings for one engine.
   *
   * @param engine the engine
   * @return the request's settings with that engine
   */
  EngineSettings settingsFor(EngineName engine) {
    return settings.toBuilder().setEngine(engine).build();
  }

  /** Builds a {@link ValidationRequest}. */
  public static final class Builder {
    private List<EngineName> engines = List.of();
    private Path referenceFolder;
    private ValidationPlan plan;
    private ArtifactSpec artifact;
    private EngineSettings settings;
    private NoiseFloorSettings noiseFloor;

    private Builder() {}

    /**
     * Sets the model.
     *
     * @param artifact the model in the zoo
     * @return this builder
     */
    public Builder setArtifact(ArtifactSpec artifact) {
      this.artifact = artifact;
      return this;
    }

    /**
     * Sets the reference set.
     *
     * @param folder the folder holding {@code manifest.json}
     * @return this builder
     */
    public Builder setReferenceFolder(Path folder) {
      this.referenceFolder = folder;
      return this;
    }

    /**
     * Sets device, threads and batch size for every engine.
     *
     * @param settings the settings; their engine is replaced by each engine validated
     * @return this builder
     */
    public Builder setSettings(EngineSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * Sets the engines to validate.
     *
     * @param engines each once, in report order; empty (the default) for every engine the card
     *     lists
     * @return this builder
     */
    public Builder optEngines(List<EngineName> engines) {
      this.engines = List.copyOf(engines);
      return this;
    }

    /**
     * Sets the plan.
     *
     * @param plan the validation plan (default: the shipped one)
     * @return this builder
     */
    public Builder optPlan(ValidationPlan plan) {
      this.plan = plan;
      return this;
    }

    /**
     * Measures each engine's noise floor too.
     *
     * @param noiseFloor how (default: not measured)
     * @return this builder
     */
    public Builder optNoiseFloor(NoiseFloorSettings noiseFloor) {
      this.noiseFloor = noiseFloor;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException if the model, reference folder or settings is missing, or an
     *     engine is asked for twice
     */
    public ValidationRequest build() {
      if (artifact == null || referenceFolder == null || settings == null) {
        throw new IllegalArgumentException(
            "a validation request needs the model (setArtifact), the reference set"
                + " (setReferenceFolder) and the engine settings (setSettings)");
      }
      if (engines.stream().distinct().count() != engines.size()) {
        throw new IllegalArgumentException("each engine may be validated once, found " + engines);
      }
      Objects.requireNonNull(settings);
      return new ValidationRequest(this);
    }
  }
}
