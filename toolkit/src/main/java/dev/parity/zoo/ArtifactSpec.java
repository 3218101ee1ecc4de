package dev.parity.zoo;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which model to load: its coordinates ({@code groupId:artifactId}, a version or the newest) and
 * the zoo folder. Immutable; {@code ArtifactSpec.builder().build()} is the newest {@value
 * #DEFAULT_MODEL} of the zoo found in the environment.
 */
public final class ArtifactSpec {

  /** The model every command uses when none is named. */
  public static final String DEFAULT_MODEL = "dev.parity:purchase";

  private final ModelId model;
  private final Path zoo;

  private ArtifactSpec(Builder b) {
    this.model = b.model;
    this.zoo = b.zoo;
  }

  /**
   * Starts a builder.
   *
   * @return a builder for {@value #DEFAULT_MODEL}, newest version, zoo from the environment
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the model asked for.
   *
   * @return its coordinates; the version is null for the newest
   */
  public ModelId model() {
    return model;
  }

  /**
   * Returns the group id.
   *
   * @return e.g. {@code dev.parity}
   */
  public String groupId() {
    return model.groupId();
  }

  /**
   * Returns the artifact id.
   *
   * @return e.g. {@code purchase}
   */
  public String artifactId() {
    return model.artifactId();
  }

  /**
   * Returns the version asked for.
   *
   * @return a version, or null for the newest
   */
  public String version() {
    return model.version();
  }

  /**
   * Returns the zoo folder asked for.
   *
   * @return a folder, or null for the zoo found in the environment
   */
  public Path zoo() {
    return zoo;
  }

  /**
   * Opens the zoo folder this spec names, or the environment's.
   *
   * @return the folder
   * @throws IOException if there is none
   */
  public ZooFolder zooFolder() throws IOException {
    return ZooFolder.openOrDefault(zoo);
  }

  /**
   * Builds the DJL criteria that load this artifact under the given engine settings.
   *
   * @param <I> input type
   * @param <O> output type
   * @param settings engine, device and options
   * @param input input class
   * @param output output class
   * @param outputs the outputs the translator copies back, in order; empty for all
   * @return criteria; {@code loadModel()} on them goes through {@link ParityZoo}
   * @throws ModelNotFoundException if the zoo has no such model; the message says what it holds
   * @throws IOException if the zoo folder cannot be opened
   */
  public <I, O> Criteria<I, O> criteria(
      EngineSettings settings, Class<I> input, Class<O> output, List<String> outputs)
      throws ModelNotFoundException, IOException {
    ZooFolder folder = zooFolder();
    ParityZoo parity = new ParityZoo(folder, model.groupId());
    if (parity.isEmpty()) {
      throw new ModelNotFoundException(
          "the zoo "
              + folder
              + " has no model of group "
              + model.groupId()
              + "; it holds "
              + folder.describe());
    }
    if (parity.getModelLoader(model.artifactId()) == null) {
      throw new ModelNotFoundException(
          "the zoo "
              + folder
              + " has no model "
              + model.name()
              + "; it holds "
              + folder.describe());
    }
    Criteria.Builder<I, O> b =
        Criteria.builder()
            .setTypes(input, output)
            .optGroupId(model.groupId())
            .optArtifactId(model.artifactId())
            .optEngine(settings.engine().djlName())
            .optFilter("engine", settings.engine().djlName())
            .optDevice(settings.djlDevice())
            .optOptions(settings.modelOptions())
            .optModelZoo(parity)
            .optArgument("outputs", String.join(",", outputs));
    if (model.version() != null) {
      b.optFilter("version", model.version());
    }
    return b.build();
  }

  @Override
  public String toString() {
    return model.version() == null ? model.name() + ":newest" : model.toString();
  }

  /** Builds {@link ArtifactSpec}; every value is optional. */
  public static final class Builder {
    private ModelId model = ModelId.parse(DEFAULT_MODEL);
    private Path zoo;

    private Builder() {}

    /**
     * Sets the model.
     *
     * @param model its coordinates; a null version means the newest
     * @return this builder
     */
    public Builder optModel(ModelId model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the model from text.
     *
     * @param model {@code groupId:artifactId[:version]}
     * @return this builder
     * @throws IllegalArgumentException for another form
     */
    public Builder optModel(String model) {
      this.model = ModelId.parse(model);
      return this;
    }

    /**
     * Sets the version.
     *
     * @param version e.g. {@code 1.0.0}; null for the newest
     * @return this builder
     */
    public Builder optVersion(String version) {
      this.model = model.withVersion(version);
      return this;
    }

    /**
     * Sets the zoo folder.
     *
     * @param zoo a folder laid out as a DJL repository; null for the environment's
     * @return this builder
     */
    public Builder optZoo(Path zoo) {
      this.zoo = zoo;
      return this;
    }

    /**
     * Builds.
     *
     * @return the spec
     * @throws IllegalArgumentException for a null model
     */
    public ArtifactSpec build() {
      if (model == null) {
        throw new IllegalArgumentException("a model must be named");
      }
      return new ArtifactSpec(this);
    }
  }
}
