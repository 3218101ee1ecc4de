package dev.parity.cli;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.harness.ModelVersion;
import dev.parity.harness.PlanException;
import dev.parity.harness.ValidationPlan;
import dev.parity.harness.ValidationRequest;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code validate} and {@code release-check} share: engines, plan and settings. */
final class ValidationOptions {
  @Option(
      names = "--engines",
      split = ",",
      paramLabel = "ENGINE",
      description = "engines to validate (default: every engine the model card lists a file for)")
  List<String> engines;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description =
          "validation plan, YAML or .json (default: the shipped plan, "
              + ValidationPlan.SHIPPED
              + ")")
  Path plan;

  @Option(names = "--device", description = "cpu (default) or gpu:N", defaultValue = "cpu")
  String device;

  @Option(
      names = "--batch-size",
      description =
          "records per engine call (default: ${DEFAULT-VALUE}, the batch the Python reference"
              + " outputs were computed with)",
      defaultValue = "4096")
  int batchSize;

  @Option(names = "--inter-op", description = "inter-op threads (default: the engine's)")
  int interOp;

  @Option(names = "--intra-op", description = "intra-op threads (default: the engine's)")
  int intraOp;

  /**
   * Starts a request for one model and reference set with these options.
   *
   * @param artifact the model
   * @param reference the reference set's folder
   * @return the request builder
   * @throws IOException if the zoo or the card cannot be read
   * @throws PlanException if the plan file cannot be used
   */
  ValidationRequest.Builder request(ArtifactSpec artifact, Path reference)
      throws IOException, PlanException {
    List<EngineName> chosen = new ArrayList<>();
    if (engines == null || engines.isEmpty()) {
      chosen.addAll(ModelVersion.locate(artifact).engines());
    } else {
      for (String name : engines) {
        EngineName engine = EngineName.parse(name);
        if (!chosen.contains(engine)) {
          chosen.add(engine);
        }
      }
    }
    EngineSettings settings =
        EngineSettings.builder()
            .setEngine(chosen.get(0))
            .optDevice(device)
            .optBatchSize(batchSize)
            .optInterOpThreads(interOp)
            .optIntraOpThreads(intraOp)
            .build();
    return ValidationRequest.builder()
        .setArtifact(artifact)
        .setReferenceFolder(reference)
        .setSettings(settings)
        .optEngines(chosen)
        .optPlan(plan == null ? ValidationPlan.shipped() : ValidationPlan.read(plan));
  }
}
