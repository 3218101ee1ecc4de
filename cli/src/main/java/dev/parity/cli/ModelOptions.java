package dev.parity.cli;

import dev.parity.zoo.ArtifactSpec;
import picocli.CommandLine.Option;

/** Which model a command works on: {@code --model}, {@code --zoo}, {@code --model-version}. */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "GROUP:ARTIFACT[:VERSION]",
      description =
          "the model, e.g. acme:churn or acme:churn:1.2.0 (default: "
              + ArtifactSpec.DEFAULT_MODEL
              + ", newest version)")
  String model;

  @Option(
      names = "--zoo",
      paramLabel = "DIR",
      description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  java.nio.file.Path zoo;

  @Option(
      names = "--model-version",
      paramLabel = "VERSION",
      description = "model version (default: the one --model names, else the newest)")
  String version;

  ArtifactSpec artifact() {
    ArtifactSpec.Builder b = ArtifactSpec.builder().optZoo(zoo);
    if (model != null) {
      b.optModel(model);
    }
    if (version != null) {
      b.optVersion(version);
    }
    return b.build();
  }
}
