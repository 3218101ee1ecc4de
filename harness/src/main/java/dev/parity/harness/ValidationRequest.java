package dev.parity.harness;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * What to validate: which engines, against which reference set, under which plan.
 *
 * @param engines the engines, in report order, each once; empty for every engine the card lists
 * @param referenceFolder the reference set's folder
 * @param plan the validation plan
 * @param artifact the model in the zoo
 * @param settings device, threads and batch size for every engine; its engine is replaced by each
 *     engine validated
 */
public record ValidationRequest(
    List<EngineName> engines,
    Path referenceFolder,
    ValidationPlan plan,
    ArtifactSpec artifact,
    EngineSettings settings) {

  /** Checks that each engine is asked for once. */
  public ValidationRequest {
    engines = List.copyOf(engines);
    if (engines.stream().distinct().count() != engines.size()) {
      throw new IllegalArgumentException("each engine may be validated once, found " + engines);
    }
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
}
