package dev.parity.zoo;

import ai.djl.repository.zoo.Criteria;
import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which model to load: group, artifact, version and zoo folder. Immutable; every value has a
 * default, so {@code ArtifactSpec.builder().build()} is the newest purchase model of the zoo found
 * in the environment.
 */
public final class ArtifactSpec {
  private final String groupId;
  private final String artifactId;
  private final String version;
  private final Path zoo;

  private ArtifactSpec(Builder b) {
    this.groupId = b.groupId;
    this.artifactId = b.artifactId;
    this.version = b.version;
    this.zoo = b.zoo;
  }

  /**
   * Starts a builder.
   *
   * @return a builder for {@code dev.parity:purchase}, newest version, zoo from the environment
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the group id.
   *
   * @return e.g. {@code dev.parity}
   */
  public String groupId() {
    return groupId;
  }

  /**
   * Returns the artifact id.
   *
   * @return e.g. {@code purchase}
   */
  public String artifactId() {
    return artifactId;
  }

  /**
   * Returns the version asked for.
   *
   * @return a version, or null for the newest
   */
  public String version() {
    return version;
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
   * Builds the DJL criteria that load this artifact under the given engine settings.
   *
   * @param <I> input type
   * @param <O> output type
   * @param settings engine, device and options
   * @param input input class
   * @param output output class
   * @param withHidden whether the translator also copies out the last hidden layer
   * @return criteria; {@code loadModel()} on them goes through {@link ParityZoo}
   * @throws IOException if the zoo folder cannot be found or opened, or a {@code metadata.json} in
   *     it is malformed
   */
  public <I, O> Criteria<I, O> criteria(
      EngineSettings settings, Class<I> input, Class<O> output, boolean withHidden)
      throws IOException {
    Criteria.Builder<I, O> b =
        Criteria.builder()
            .setTypes(input, output)
            .optGroupId(groupId)
            .optArtifactId(artifactId)
            .optEngine(settings.engine().djlName())
            .optFilter("engine", settings.engine().djlName())
            .optDevice(settings.djlDevice())
            .optOptions(settings.modelOptions())
            .optArgument("withHidden", Boolean.toString(withHidden));
    if (version != null) {
      b.optFilter("version", version);
    }
    // The zoo is opened here, not left to DJL's discovery: discovery must not fail, so it would
    // turn a malformed metadata.json into "No model matching the criteria is found".
    b.optModelZoo(zoo != null ? new ParityZoo(zoo) : ParityZoo.fromEnvironment());
    return b.build();
  }

  @Override
  public String toString() {
    return groupId + ":" + artifactId + ":" + (version == null ? "newest" : version);
  }

  /** Builds {@link ArtifactSpec}; every value is optional. */
  public static final class Builder {
    private String groupId = ParityZoo.GROUP_ID;
    private String artifactId = "purchase";
    private String version;
    private Path zoo;

    private Builder() {}

    /**
     * Sets the group id.
     *
     * @param groupId e.g. {@code dev.parity}
     * @return this builder
     */
    public Builder optGroupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /**
     * Sets the artifact id.
     *
     * @param artifactId e.g. {@code purchase}
     * @return this builder
     */
    public Builder optArtifactId(String artifactId) {
      this.artifactId = artifactId;
      return this;
    }

    /**
     * Sets the version.
     *
     * @param version e.g. {@code 1.0.0}; null for the newest
     * @return this builder
     */
    public Builder optVersion(String version) {
      this.version = version;
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
     * Validates and builds.
     *
     * @return the spec
     * @throws IllegalArgumentException for blank ids or a malformed version
     */
    public ArtifactSpec build() {
      if (groupId == null || groupId.isBlank()) {
        throw new IllegalArgumentException("group id must not be blank");
      }
      if (artifactId == null || artifactId.isBlank()) {
        throw new IllegalArgumentException("artifact id must not be blank");
      }
      if (version != null && !version.matches("[0-9A-Za-z][0-9A-Za-z.\\-]*")) {
        throw new IllegalArgumentException(
            "version must look like 1.0.0, found '" + Objects.toString(version) + "'");
      }
      return new ArtifactSpec(this);
    }
  }
}
