package dev.parity.zoo;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.file.FileTree;
import dev.parity.file.JsonFile;
import dev.parity.tensor.TensorBatch;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Registers a model version in a zoo folder from its card and files: copies the files into the
 * version folder, records each engine file's SHA-256 and size in the card's {@code files}, writes
 * DJL's {@code metadata.json} (merged with the model's other versions), then loads the model under
 * every engine it lists and runs the card's signature check. Anything that fails leaves the zoo as
 * it was: the version is staged in a temporary folder and moved into place whole, and removed again
 * when an engine refuses it.
 *
 * <pre>{@code
 * ZooRegistration.Result r = ZooRegistration.builder()
 *     .setCard(Path.of("model-card.json"))
 *     .addFile(EngineName.PYTORCH, Path.of("model.pt"))
 *     .addFile(EngineName.ONNXRUNTIME, Path.of("model.onnx"))
 *     .build()
 *     .register();
 * }</pre>
 */
public final class ZooRegistration {
  private final Path card;
  private final Map<EngineName, Path> files;
  private final Path zoo;
  private final boolean replace;
  private final boolean check;

  private ZooRegistration(Builder b) {
    this.card = b.card;
    this.files = new EnumMap<>(b.files);
    this.zoo = b.zoo;
    this.replace = b.replace;
    this.check = b.check;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What a registration did.
   *
   * @param id the model version registered
   * @param versionFolder where its files are
   * @param metadataFile the model's {@code metadata.json}
   * @param files the files written or kept, relative to the version folder, each with its SHA-256
   * @param engines the engines that loaded it and passed the signature check, in order
   */
  public record Result(
      ModelId id,
      Path versionFolder,
      Path metadataFile,
      Map<String, String> files,
      List<EngineName> engines) {

    /** Copies the map and the list so the result stays immutable; the order is kept. */
    public Result {
      files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
      engines = List.copyOf(engines);
    }
  }

  /**
   * Registers the model.
   *
   * @return what was written
   * @throws dev.parity.file.MalformedFileException if the card is malformed
   * @throws NoSuchFileException if a file the card or a {@code --file} names does not exist
   * @throws FileAlreadyExistsException if the version exists and replacing was not asked for
   * @throws MalformedModelException if an engine rejects its file or the card's signature
   * @throws ModelNotFoundException if the written metadata does not serve an engine (a bug)
   * @throws IOException if a file cannot be copied or written
   */
  public Result register() throws IOException, MalformedModelException, ModelNotFoundException {
    // A team's first model starts its zoo; a refused first model leaves no folder behind.
    boolean newZoo = zoo != null && !Files.exists(zoo);
    if (newZoo) {
      Files.createDirectories(zoo);
    }
    try {
      return registerInto();
    } catch (IOException | MalformedModelException | ModelNotFoundException | RuntimeException e) {
      if (newZoo) {
        deleteTree(zoo);
      }
      throw e;
    }
  }

  private Result registerInto()
      throws IOException, MalformedModelException, ModelNotFoundException {
    ModelCard parsed = ModelCard.read(card);
    Path cardFolder = card.toAbsolutePath().normalize().getParent();
    ZooFolder folder = ZooFolder.openOrDefault(zoo);
    ModelId id = parsed.id();
    Path target = folder.versionFolder(id);
    boolean inPlace = Files.isDirectory(target) && Files.isSameFile(cardFolder, target);
    if (Files.exists(target) && !inPlace && !replace) {
      throw new FileAlreadyExistsException(
          target.toString(), null, id + " is already in the zoo; pass --force to replace it");
    }

    // engine -> (source on disk, path inside the version folder)
    Map<EngineName, String> destinations = new EnumMap<>(EngineName.class);
    Map<EngineName, Path> sources = new EnumMap<>(EngineName.class);
    Map<EngineName, String> factories = new EnumMap<>(EngineName.class);
    for (Map.Entry<EngineName, CardFile> e : parsed.files().entrySet()) {
      destinations.put(e.getKey(), e.getValue().path());
      sources.put(e.getKey(), cardFolder.resolve(e.getValue().path()));
      factories.put(e.getKey(), e.getValue().blockFactory());
    }
    for (Map.Entry<EngineName, Path> e : files.entrySet()) {
      Path source = e.getValue().toAbsolutePath().normalize();
      sources.put(
          e.getKey(), Files.isDirectory(source) ? source.resolve("saved_model.pb") : source);
      destinations.computeIfAbsent(
          e.getKey(),
          engine ->
              engine == EngineName.TENSORFLOW && Files.isDirectory(source)
                  ? "tensorflow/saved_model.pb"
                  : Objects.requireNonNull(source.getFileName(), "a model file has a name")
                      .toString());
    }
    for (Map.Entry<EngineName, Path> e : sources.entrySet()) {
      if (!Files.isRegularFile(e.getValue())) {
        throw new NoSuchFileException(
            e.getValue().toString(),
            null,
            "the "
                + e.getKey().cliName()
                + " file is missing; pass --file "
                + e.getKey().cliName()
                + "=PATH or put it where the card says");
      }
    }
    // Files the card refers to besides the engines': they come from the card's folder.
    List<String> extras = new ArrayList<>();
    if (parsed.features() != null && parsed.features().vocabulary() != null) {
      extras.add(parsed.features().vocabulary());
    }

    Path models = folder.modelFolder(id);
    Files.createDirectories(models);
    Path staging = inPlace ? target : Files.createTempDirectory(models, ".staging-");
    Path backup = null;
    boolean moved = false;
    Path metadataFile = folder.metadataFile(id);
    byte[] oldMetadata = Files.exists(metadataFile) ? Files.readAllBytes(metadataFile) : null;
    try {
      if (!inPlace) {
        for (Map.Entry<EngineName, Path> e : sources.entrySet()) {
          EngineName engine = e.getKey();
          String destination = destinations.get(engine);
          boolean wholeFolder =
              EngineLayout.of(engine, new CardFile(destination, null, -1, factories.get(engine)))
                  .ownsFolder(engine);
          copy(e.getValue(), staging.resolve(destination), wholeFolder);
        }
        for (String extra : extras) {
          Path dest = staging.resolve(extra);
          if (!Files.exists(dest)) {
            Files.createDirectories(folderOf(dest));
            Files.copy(cardFolder.resolve(extra), dest);
          }
        }
      }
      Map<String, String> written = writeCard(staging, destinations, factories);
      if (!inPlace) {
        if (Files.exists(target)) {
          backup = models.resolve(".replaced-" + id.version() + "-" + System.nanoTime());
          Files.move(target, backup);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      }
      ModelCard finalCard = ModelCard.read(target.resolve(ModelCard.FILE_NAME));
      ZooMetadata added = ZooMetadata.describe(target, finalCard);
      ZooMetadata merged =
          oldMetadata == null ? added : ZooMetadata.read(metadataFile).withVersion(added);
      merged.write(metadataFile);
      List<EngineName> verified = new ArrayList<>();
      if (check) {
        for (EngineName engine : finalCard.engines()) {
          loadOnce(folder, id, engine);
          verified.add(engine);
        }
      }
      if (backup != null) {
        deleteTree(backup);
      }
      return new Result(id, target, metadataFile, written, verified);
    } catch (IOException | MalformedModelException | ModelNotFoundException | RuntimeException e) {
      // Leave the zoo as it was.
      if (!inPlace) {
        deleteTree(staging);
        if (moved) {
          deleteTree(target);
        }
        if (backup != null) {
          Files.move(backup, target);
        }
      }
      if (oldMetadata != null) {
        Files.write(metadataFile, oldMetadata);
      } else if (!inPlace) {
        Files.deleteIfExists(metadataFile);
      }
      throw e;
    }
  }

  // Sources and destinations are files (a SavedModel by its saved_model.pb): each has a folder.
  private static Path folderOf(Path file) {
    return Objects.requireNonNull(file.getParent(), "a model file lies in a folder");
  }

  private static void copy(Path source, Path dest, boolean wholeFolder) throws IOException {
    Files.createDirectories(folderOf(dest));
    if (wholeFolder) {
      // The artifact is its folder: a SavedModel's variables, a converted graph's constants.
      FileTree.copy(folderOf(source), folderOf(dest), StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
  }

  // Rewrites the card's files section with each engine file's checksum and size; an unchanged
  // section leaves the card's bytes as they are.
  private Map<String, String> writeCard(
      Path folder, Map<EngineName, String> destinations, Map<EngineName, String> factories)
      throws IOException {
    Path cardFile = folder.resolve(ModelCard.FILE_NAME);
    JsonNode root = JsonFile.read(card, "see docs/model-card.md");
    ObjectNode filesNode = JsonNodeFactory.instance.objectNode();
    Map<String, String> written = new LinkedHashMap<>();
    for (Map.Entry<EngineName, String> e : destinations.entrySet()) {
      Path file = folder.resolve(e.getValue());
      String sha = Sha256.of(file);
      ObjectNode entry = filesNode.putObject(e.getKey().cliName());
      entry.put("path", e.getValue());
      entry.put("sha256", sha);
      entry.put("size", Files.size(file));
      if (factories.get(e.getKey()) != null) {
        entry.put("blockFactory", factories.get(e.getKey()));
      }
      written.put(e.getValue(), sha);
    }
    JsonNode before = root.get("files");
    // Compared as text: the same numbers parse to nodes of other classes (int, long).
    if (before == null || !filesNode.toString().equals(before.toString())) {
      if (!Files.exists(cardFile)) {
        Files.copy(card, cardFile);
      }
      JsonFile.replaceTopLevel(cardFile, "files", filesNode);
    } else if (!Files.exists(cardFile)) {
      Files.copy(card, cardFile);
    }
    written.put(ModelCard.FILE_NAME, Sha256.of(cardFile));
    return written;
  }

  private static void loadOnce(ZooFolder folder, ModelId id, EngineName engine)
      throws IOException, MalformedModelException, ModelNotFoundException {
    EngineSettings settings = EngineSettings.builder().setEngine(engine).build();
    ArtifactSpec spec = ArtifactSpec.builder().optModel(id).optZoo(folder.root()).build();
    try (ZooModel<TensorBatch, TensorBatch> m =
        spec.criteria(settings, TensorBatch.class, TensorBatch.class, List.of()).loadModel()) {
      // Loading ran the signature check; nothing more to do.
      m.getName();
    } catch (ModelNotFoundException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof MalformedModelException m) {
          throw m;
        }
        if (t instanceof RuntimeException r && !(t instanceof IllegalStateException)) {
          throw r;
        }
      }
      throw e;
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  /** Builds a {@link ZooRegistration}: the card is required, files and zoo optional. */
  public static final class Builder {
    private Path card;
    private final Map<EngineName, Path> files = new EnumMap<>(EngineName.class);
    private Path zoo;
    private boolean replace;
    private boolean check = true;

    private Builder() {}

    /**
     * Sets the model card.
     *
     * @param card a {@code model-card.json}; files it lists are found next to it unless given
     * @return this builder
     */
    public Builder setCard(Path card) {
      this.card = card;
      return this;
    }

    /**
     * Adds an engine's file, copied into the version folder.
     *
     * @param engine the engine
     * @param file the file (a SavedModel's folder for TensorFlow)
     * @return this builder
     */
    public Builder addFile(EngineName engine, Path file) {
      if (files.put(engine, file) != null) {
        throw new IllegalArgumentException(engine.cliName() + " is given two files");
      }
      return this;
    }

    /**
     * Sets the zoo folder.
     *
     * @param zoo the folder; null for the environment's
     * @return this builder
     */
    public Builder optZoo(Path zoo) {
      this.zoo = zoo;
      return this;
    }

    /**
     * Allows replacing a version that is already registered.
     *
     * @param replace true to replace it
     * @return this builder
     */
    public Builder optReplace(boolean replace) {
      this.replace = replace;
      return this;
    }

    /**
     * Sets whether every engine loads the model and checks its signature before the registration
     * counts (default on).
     *
     * @param check false to skip loading (the engines are then checked on first use)
     * @return this builder
     */
    public Builder optCheck(boolean check) {
      this.check = check;
      return this;
    }

    /**
     * Builds.
     *
     * @return the registration
     * @throws IllegalArgumentException if no card was set
     */
    public ZooRegistration build() {
      if (card == null) {
        throw new IllegalArgumentException("a model card is required (--card FILE)");
      }
      return new ZooRegistration(this);
    }
  }
}
