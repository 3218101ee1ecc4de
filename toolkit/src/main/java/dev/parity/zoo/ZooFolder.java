package dev.parity.zoo;

import dev.parity.card.ModelId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A zoo folder laid out as a DJL repository: {@code model/tabular/<group as folders>/<artifact>/}
 * holding {@code metadata.json} and one folder per version. Lists every model of every group.
 *
 * <p>The zoo of the environment is the folder named by the system property {@value #ZOO_PROPERTY}
 * or the environment variable {@value #ZOO_ENV}, else the nearest {@code zoo/} folder above the
 * working directory.
 */
public final class ZooFolder {

  /** System property naming the zoo folder. */
  public static final String ZOO_PROPERTY = "parity.zoo";

  /** Environment variable naming the zoo folder. */
  public static final String ZOO_ENV = "PARITY_ZOO";

  private final Path root;

  private ZooFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * Opens a zoo folder.
   *
   * @param root the folder
   * @return the zoo
   * @throws IOException if it is not a folder
   */
  public static ZooFolder open(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(
          root.toAbsolutePath().normalize().toString(),
          null,
          "zoo folder does not exist; point -D"
              + ZOO_PROPERTY
              + " or "
              + ZOO_ENV
              + " at a folder holding model/tabular/.../metadata.json, or pass --zoo DIR");
    }
    return new ZooFolder(root);
  }

  /**
   * Opens a zoo folder, or the environment's when none is given.
   *
   * @param root a folder, or null
   * @return the zoo
   * @throws IOException if there is none
   */
  public static ZooFolder openOrDefault(Path root) throws IOException {
    return open(root != null ? root : defaultRoot());
  }

  /**
   * Returns the zoo folder the environment names.
   *
   * @return the folder
   * @throws IOException if none is found
   */
  public static Path defaultRoot() throws IOException {
    String configured = System.getProperty(ZOO_PROPERTY, System.getenv(ZOO_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    java.util.Optional<Path> found = dev.parity.build.Checkout.folderHolding("zoo/model");
    if (found.isPresent()) {
      return found.get().resolve("zoo");
    }
    throw new IOException(
        "no zoo found: set -D"
            + ZOO_PROPERTY
            + "=DIR or "
            + ZOO_ENV
            + "=DIR, pass --zoo DIR, or run from inside a Parity checkout");
  }

  /**
   * Returns the folder.
   *
   * @return an absolute path
   */
  public Path root() {
    return root;
  }

  /**
   * Returns the folder of a model (all versions), whether or not it exists yet.
   *
   * @param id the model; its version is ignored
   * @return {@code <root>/model/tabular/<group as folders>/<artifact>}
   */
  public Path modelFolder(ModelId id) {
    Path p = root.resolve("model").resolve(ZooMetadata.APPLICATION);
    for (String part : id.groupId().split("\\.")) {
      p = p.resolve(part);
    }
    return p.resolve(id.artifactId());
  }

  /**
   * Returns the folder of one version of a model, whether or not it exists yet.
   *
   * @param id the model with its version
   * @return the version folder
   * @throws IllegalArgumentException if the id has no version
   */
  public Path versionFolder(ModelId id) {
    if (id.version() == null) {
      throw new IllegalArgumentException(id + " names no version");
    }
    return modelFolder(id).resolve(id.version());
  }

  /**
   * Returns the metadata file of a model.
   *
   * @param id the model; its version is ignored
   * @return the path of its {@code metadata.json}, whether or not it exists
   */
  public Path metadataFile(ModelId id) {
    return modelFolder(id).resolve(ZooMetadata.FILE_NAME);
  }

  /**
   * Resolves a model to the version the zoo holds: the one named, else the newest.
   *
   * @param id the model; a null version means the newest
   * @return the model with its version
   * @throws NoSuchFileException if the zoo holds no such model; the message says what it holds
   * @throws IOException if its metadata cannot be read or holds no such version
   */
  public ModelId resolve(ModelId id) throws IOException {
    Path metadataFile = metadataFile(id);
    if (!Files.isRegularFile(metadataFile)) {
      throw new NoSuchFileException(
          metadataFile.toString(),
          null,
          "zoo " + root + " holds no model " + id.name() + "; it holds " + describe());
    }
    List<String> versions = ZooMetadata.read(metadataFile).versions();
    if (id.version() == null) {
      if (versions.isEmpty()) {
        throw new IOException(metadataFile + " lists no version of " + id.name());
      }
      return id.withVersion(versions.get(versions.size() - 1));
    }
    if (!versions.contains(id.version())) {
      throw new IOException(
          id.name()
              + " has no version "
              + id.version()
              + "; versions: "
              + String.join(", ", versions)
              + " ("
              + metadataFile
              + ")");
    }
    return id;
  }

  /**
   * Returns the model card of a model version, the newest when no version is named.
   *
   * @param id the model
   * @return the path of its {@code model-card.json}
   * @throws IOException if the zoo holds no such model or version
   */
  public Path cardFile(ModelId id) throws IOException {
    return versionFolder(resolve(id)).resolve(dev.parity.card.ModelCard.FILE_NAME);
  }

  /**
   * Returns every model's metadata file, sorted.
   *
   * @return paths of {@code metadata.json} files
   * @throws IOException if the folder cannot be listed
   */
  public List<Path> metadataFiles() throws IOException {
    Path models = root.resolve("model");
    if (!Files.isDirectory(models)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(models)) {
      files.filter(p -> p.endsWith(ZooMetadata.FILE_NAME)).sorted().forEach(found::add);
    }
    return found;
  }

  /**
   * Returns the models of the zoo, read from their metadata.
   *
   * @return each model's metadata, sorted by group and artifact
   * @throws IOException if a metadata file cannot be read
   */
  public List<ZooMetadata> models() throws IOException {
    List<ZooMetadata> out = new ArrayList<>();
    for (Path f : metadataFiles()) {
      out.add(ZooMetadata.read(f));
    }
    return out;
  }

  /**
   * Describes what the zoo holds, for messages.
   *
   * @return e.g. {@code dev.parity:purchase 1.0.0, dev.parity:segment 1.0.0}, or {@code nothing}
   */
  public String describe() {
    try {
      List<String> parts = new ArrayList<>();
      for (ZooMetadata m : models()) {
        parts.add(m.groupId() + ":" + m.artifactId() + " " + String.join(", ", m.versions()));
      }
      return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
