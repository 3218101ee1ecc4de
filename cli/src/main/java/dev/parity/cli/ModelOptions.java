package dev.parity.cli;

import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ModelChoice;
import picocli.CommandLine.Option;

/** Which model a command works on: {@code --model}, {@code --zoo}, {@code --model-version}. */
final class ModelOptions {
  @Option(
      names = ModelChoice.MODEL_OPTION,
      paramLabel = ModelChoice.MODEL_LABEL,
      description = ModelChoice.MODEL_DESCRIPTION)
  String model;

  @Option(
      names = "--zoo",
      paramLabel = "DIR",
      description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  java.nio.file.Path zoo;

  @Option(
      names = ModelChoice.VERSION_OPTION,
      paramLabel = ModelChoice.VERSION_LABEL,
      description = ModelChoice.VERSION_DESCRIPTION)
  String version;

  ArtifactSpec artifact() {
    return ModelChoice.artifact(model, version).optZoo(zoo).build();
  }
}
