package dev.parity.harness;

import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The model version under validation as the zoo holds it: its coordinates, its card and the card's
 * SHA-256, for the report's provenance and for matching the reference set to the model.
 *
 * @param id the model's {@code groupId:artifactId:version}
 * @param cardFile the {@code model-card.json} file
 * @param cardSha256 the SHA-256 of the card file's contents
 * @param card the card
 */
public record ModelVersion(ModelId id, Path cardFile, String cardSha256, ModelCard card) {

  /**
   * Finds a model version in its zoo.
   *
   * @param artifact which model; its zoo, or the environment's
   * @return the version asked for, else the newest
   * @throws IOException if the zoo, the model or the version is missing, or its card is malformed
   */
  public static ModelVersion locate(ArtifactSpec artifact) throws IOException {
    ZooFolder zoo = artifact.zooFolder();
    ModelId id = zoo.resolve(artifact.model());
    Path cardFile = zoo.cardFile(id);
    return new ModelVersion(id, cardFile, Sha256.of(cardFile), ModelCard.read(cardFile));
  }

  /**
   * Returns the folder of the card, which the paths in the card are relative to.
   *
   * @return the card's folder
   */
  public Path cardFolder() {
    return Objects.requireNonNull(cardFile.getParent(), "a model card lies in its version folder");
  }

  /**
   * Returns the engines the card lists files for.
   *
   * @return the engines, in Parity's order
   */
  public List<EngineName> engines() {
    return card.engines();
  }

  /**
   * Returns an engine's file as the card lists it.
   *
   * @param engine the engine
   * @return the file
   * @throws java.util.NoSuchElementException naming the engines there are
   */
  public CardFile file(EngineName engine) {
    return card.file(engine);
  }
}
