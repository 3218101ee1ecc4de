package dev.parity.zoo;

import ai.djl.Application;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.ModelZoo;
import dev.parity.engine.EngineName;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parity's model zoo: serves a folder laid out as a DJL repository ({@code model/tabular/<group
 * path>/<artifact>/metadata.json} plus the version folders) to DJL's {@code Criteria}, one artifact
 * per engine, every file verified by SHA-256 before an engine reads it.
 *
 * <p>The zoo that DJL discovers through {@link ParityZooProvider} lives at the folder named by the
 * system property {@value #ZOO_PROPERTY} or the environment variable {@value #ZOO_ENV}, else at the
 * nearest {@code zoo/} folder above the working directory.
 */
public final class ParityZoo extends ModelZoo {

  /** The group id of Parity's models. */
  public static final String GROUP_ID = "dev.parity";

  /** System property naming the zoo folder. */
  public static final String ZOO_PROPERTY = "parity.zoo";

  /** Environment variable naming the zoo folder. */
  public static final String ZOO_ENV = "PARITY_ZOO";

  /** Model property holding the folder of the loaded model's card and vocabulary. */
  public static final String CARD_FOLDER_PROPERTY = "parity.cardFolder";

  private final Path root;
  private final List<Path> metadataFiles;

  /**
   * Opens a zoo folder.
   *
   * @param root the zoo folder
   * @throws MalformedFileException if a {@code metadata.json} is malformed
   * @throws IOException if it is not a folder or cannot be listed
   */
  public ParityZoo(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(this.root)) {
      throw new IOException(
          "zoo folder "
              + this.root
              + " does not exist; point -D"
              + ZOO_PROPERTY
              + " or "
              + ZOO_ENV
              + " at a folder holding model/tabular/.../metadata.json");
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(this.root.resolve("model"))) {
      files
          .filter(p -> p.getFileName().toString().equals(ZooMetadata.FILE_NAME))
          .forEach(found::add);
    } catch (java.nio.file.NoSuchFileException e) {
      // An empty zoo has no model/ folder yet; it lists nothing.
    }
    found.sort(null);
    this.metadataFiles = List.copyOf(found);
    // Read every metadata file before DJL does: DJL logs a malformed one with a stack trace and
    // goes on as if the zoo were empty; Parity's reader names the file, line and column instead.
    Map<Path, ZooMetadata> metadata = new LinkedHashMap<>();
    for (Path file : metadataFiles) {
      metadata.put(file, ZooMetadata.read(file));
    }
    Repository repository = Repository.newInstance("parity", this.root);
    for (Map.Entry<Path, ZooMetadata> e : metadata.entrySet()) {
      Path file = e.getKey();
      ZooMetadata meta = e.getValue();
      if (!GROUP_ID.equals(meta.groupId())) {
        continue;
      }
      MRL mrl =
          MRL.model(
              repository,
              Application.of(meta.application()),
              meta.groupId(),
              meta.artifactId(),
              null,
              meta.artifactId());
      addModel(new ParityModelLoader(mrl, file));
    }
  }

  // A zoo that serves nothing: DJL discovers providers in every JVM, with or without a zoo folder.
  private ParityZoo() {
    this.root = null;
    this.metadataFiles = List.of();
  }

  static ParityZoo empty() {
    return new ParityZoo();
  }

  /**
   * Opens the zoo named by {@value #ZOO_PROPERTY}, {@value #ZOO_ENV} or the nearest {@code zoo/}
   * folder above the working directory.
   *
   * @return the zoo
   * @throws IOException if none is found or it cannot be read
   */
  public static ParityZoo fromEnvironment() throws IOException {
    return new ParityZoo(defaultRoot());
  }

  /**
   * Returns the zoo folder the environment names, as {@link #fromEnvironment()} finds it.
   *
   * @return the folder
   * @throws IOException if none is found
   */
  public static Path defaultRoot() throws IOException {
    String configured = System.getProperty(ZOO_PROPERTY, System.getenv(ZOO_ENV));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("zoo").resolve("model"))) {
        return dir.resolve("zoo");
      }
    }
    throw new IOException(
        "no zoo found: set -D"
            + ZOO_PROPERTY
            + "=DIR or "
            + ZOO_ENV
            + "=DIR, or run from inside a Parity checkout");
  }

  /**
   * Returns the zoo folder.
   *
   * @return an absolute path, or null for the empty zoo DJL gets when no folder is configured
   */
  public Path root() {
    return root;
  }

  /**
   * Returns every model's metadata file, sorted.
   *
   * @return paths of {@code metadata.json} files
   */
  public List<Path> metadataFiles() {
    return metadataFiles;
  }

  @Override
  public String getGroupId() {
    return GROUP_ID;
  }

  @Override
  public Set<String> getSupportedEngines() {
    return Arrays.stream(EngineName.values())
        .map(EngineName::djlName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
