package dev.parity.zoo;

/**
 * How a user names the model a command works on, in the words every command line shares ({@code
 * parity} and {@code parity spark}): {@code --model GROUP:ARTIFACT[:VERSION]} and {@code
 * --model-version VERSION}. The constants are the options' names, labels and descriptions, for
 * option annotations; {@link #artifact} turns what was given into a spec.
 */
public final class ModelChoice {

  /** The option naming the model. */
  public static final String MODEL_OPTION = "--model";

  /** The model option's parameter label. */
  public static final String MODEL_LABEL = "GROUP:ARTIFACT[:VERSION]";

  /** The model option's description. */
  public static final String MODEL_DESCRIPTION =
      "the model, e.g. acme:churn or acme:churn:1.2.0 (default: "
          + ArtifactSpec.DEFAULT_MODEL
          + ", newest version)";

  /** The option naming the model's version. */
  public static final String VERSION_OPTION = "--model-version";

  /** The version option's parameter label. */
  public static final String VERSION_LABEL = "VERSION";

  /** The version option's description. */
  public static final String VERSION_DESCRIPTION =
      "model version (default: the one --model names, else the newest)";

  private ModelChoice() {}

  /**
   * Starts a spec for what the options gave.
   *
   * @param model {@code groupId:artifactId[:version]}, or null for {@value
   *     ArtifactSpec#DEFAULT_MODEL}
   * @param version a version, or null for the one {@code model} names, else the newest
   * @return a builder holding the model; add the zoo and build
   * @throws IllegalArgumentException if {@code model} is not of that form
   */
  public static ArtifactSpec.Builder artifact(String model, String version) {
    ArtifactSpec.Builder b = ArtifactSpec.builder();
    if (model != null) {
      b.optModel(model);
    }
    if (version != null) {
      b.optVersion(version);
    }
    return b;
  }
}
