package dev.parity.harness;

import dev.parity.engine.EngineName;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.ParityZoo;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model version under validation as the zoo holds it: its card with the card's SHA-256, and
 * each engine's model file with its SHA-256, for the report's provenance and for matching the
 * reference set to the model.
 *
 * @param coordinates {@code group:artifact:version}
 * @param cardFile the {@code model-card.json} file
 * @param cardSha256 the SHA-256 of the card file's contents
 * @param card the card
 * @param modelFiles by engine: the model file, relative to the zoo's metadata folder, and its
 *     SHA-256 as {@code metadata.json} records it (the loader verifies it before the engine reads
 *     the file)
 */
public record ModelVersion(
    String coordinates,
    Path cardFile,
    String cardSha256,
    ModelCard card,
    Map<EngineName, ZooMetadata.Item> modelFiles) {

  /** Copies the map so the record stays immutable. */
  public ModelVersion {
    modelFiles = Collections.unmodifiableMap(new LinkedHashMap<>(modelFiles));
  }

  /**
   * Finds a model version in its zoo.
   *
   * @param artifact which model; its zoo, or the environment's
   * @param engines the engines whose model files are wanted
   * @return the version: the one asked for, else the newest with every engine
   * @throws IOException if the zoo, the model, the version or an engine's artifact is missing, or
   *     the engines' artifacts disagree on the card
   */
  public static ModelVersion locate(ArtifactSpec artifact, List<EngineName> engines)
      throws IOException {
    ParityZoo zoo =
        new ParityZoo(artifact.zoo() != null ? artifact.zoo() : ParityZoo.defaultRoot());
    for (Path metadataFile : zoo.metadataFiles()) {
      ZooMetadata meta = ZooMetadata.read(metadataFile);
      if (!artifact.groupId().equals(meta.groupId())
          || !artifact.artifactId().equals(meta.artifactId())) {
        continue;
      }
      String version = artifact.version();
      if (version == null) {
        List<String> versions = meta.versions();
        if (versions.isEmpty()) {
          break;
        }
        version = versions.get(versions.size() - 1);
      }
      Map<EngineName, ZooMetadata.Item> files = new LinkedHashMap<>();
      Path cardFile = null;
      for (EngineName engine : engines) {
        ZooMetadata.Artifact a = meta.find(engine.djlName(), version);
        if (a == null) {
          throw new IOException(
              artifact.groupId()
                  + ":"
                  + artifact.artifactId()
                  + ":"
                  + version
                  + " has no "
                  + engine.djlName()
                  + " artifact in "
                  + metadataFile
                  + "; available: "
                  + meta.describeAvailable());
        }
        files.put(engine, a.file("model"));
        Path card = a.file("card").resolveIn(metadataFile.getParent());
        if (cardFile != null && !cardFile.equals(card)) {
          throw new IOException(
              metadataFile + ": engines list different model cards: " + cardFile + " and " + card);
        }
        cardFile = card;
      }
      if (cardFile == null) {
        cardFile = metadataFile.getParent().resolve(version).resolve("model-card.json");
      }
      return new ModelVersion(
          artifact.groupId() + ":" + artifact.artifactId() + ":" + version,
          cardFile,
          Sha256.of(cardFile),
          ModelCard.read(cardFile),
          files);
    }
    throw new IOException(
        "zoo "
            + zoo.root()
            + " holds no model "
            + artifact.groupId()
            + ":"
            + artifact.artifactId()
            + "; run scripts/parity zoo list to see what it holds");
  }
}
