package dev.parity.zoo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import dev.parity.translate.RecordTranslatorFactory;
import dev.parity.translate.TensorTranslatorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A model's {@code metadata.json} in DJL's repository format, with one artifact per engine and a
 * SHA-256 next to DJL's SHA-1 for every file. DJL reads the same file (it ignores {@code sha256}).
 *
 * @param metadataVersion DJL's format version, {@code 0.2}
 * @param resourceType {@code model}
 * @param application DJL application path, {@code tabular}
 * @param groupId e.g. {@code dev.parity}
 * @param artifactId e.g. {@code purchase}
 * @param name a display name
 * @param description what the model does
 * @param licenses license name and URL by key
 * @param artifacts one entry per version and engine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ZooMetadata(
    String metadataVersion,
    String resourceType,
    String application,
    String groupId,
    String artifactId,
    String name,
    String description,
    Map<String, Map<String, String>> licenses,
    List<Artifact> artifacts) {

  /** The file name DJL looks for. */
  public static final String FILE_NAME = "metadata.json";

  /** DJL's application of every Parity model: the folder under {@code model/}. */
  public static final String APPLICATION = "tabular";

  /** Artifact file key of the engine's model file. */
  public static final String MODEL = "model";

  /** Artifact file key of the model card. */
  public static final String CARD = "card";

  /** Artifact file key of the vocabulary. */
  public static final String VOCABULARY = "vocabulary";

  /** Artifact argument naming the translator factory, as DJL's own loaders call it. */
  public static final String TRANSLATOR_FACTORY = "translatorFactory";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** What to do when a metadata file is malformed. */
  public static final String REMEDY =
      "regenerate it with scripts/parity zoo convert or restore it from git";

  /** Normalises absent lists to empty ones and copies the licenses, keeping their order. */
  public ZooMetadata {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    licenses = licenses == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(licenses));
  }

  /**
   * Reads a metadata file.
   *
   * @param file a {@code metadata.json}
   * @return the metadata
   * @throws MalformedFileException if it is not valid JSON or holds a value of the wrong type
   * @throws IOException if it cannot be read
   */
  public static ZooMetadata read(Path file) throws IOException {
    return DocumentReader.of(JSON).read(file, ZooMetadata.class, REMEDY);
  }

  /**
   * Writes this metadata, byte-for-byte the same for the same content.
   *
   * @param file where to write
   * @throws IOException if it cannot be written
   */
  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this) + "\n");
  }

  /**
   * Returns the versions present, oldest first.
   *
   * @return distinct versions
   */
  public List<String> versions() {
    return artifacts.stream()
        .map(Artifact::version)
        .distinct()
        .sorted(ZooMetadata::compareVersions)
        .toList();
  }

  /**
   * Returns what is there, for error messages: each version with its engines.
   *
   * @return e.g. {@code 1.0.0 [PyTorch, OnnxRuntime]}
   */
  public String describeAvailable() {
    return versions().stream()
        .map(
            v ->
                v
                    + " "
                    + artifacts.stream()
                        .filter(a -> a.version().equals(v))
                        .map(Artifact::engine)
                        .toList())
        .collect(Collectors.joining("; "));
  }

  /**
   * Finds the artifact for an engine and version.
   *
   * @param engine DJL's engine name
   * @param version a version, or null for the newest version that has the engine
   * @return the artifact, or null when there is none
   */
  public Artifact find(String engine, String version) {
    Artifact best = null;
    for (Artifact a : artifacts) {
      if (!engine.equals(a.engine()) || (version != null && !version.equals(a.version()))) {
        continue;
      }
      if (best == null || compareVersions(a.version(), best.version()) > 0) {
        best = a;
      }
    }
    return best;
  }

  static int compareVersions(String a, String b) {
    return ModelId.compareVersions(a, b);
  }

  /**
   * Builds the metadata for one model version: an artifact for each engine the card lists a file
   * for, each listing the engine's file (with every file of its folder when the artifact is its
   * folder, {@link EngineLayout#ownsFolder}), the card, and the vocabulary the card refers to.
   *
   * @param versionFolder the folder holding {@code model-card.json} and the model files
   * @param card the model card in that folder
   * @return the metadata
   * @throws IOException if a file cannot be hashed
   */
  public static ZooMetadata describe(Path versionFolder, ModelCard card) throws IOException {
    String version = card.id().version();
    List<Artifact> artifacts = new ArrayList<>();
    for (Map.Entry<EngineName, CardFile> e : card.files().entrySet()) {
      EngineName engine = e.getKey();
      EngineLayout layout = EngineLayout.of(engine, e.getValue());
      Map<String, Item> files = new LinkedHashMap<>();
      files.put(MODEL, Item.of(versionFolder, version, layout.modelFile()));
      if (layout.ownsFolder(engine)) {
        // The artifact is its folder: a SavedModel's variables, a graph's constants.
        Path folder = versionFolder.resolve(layout.modelFolder());
        try (Stream<Path> walk = Files.walk(folder)) {
          for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
            String relative = versionFolder.relativize(p).toString().replace('\\', '/');
            if (!relative.equals(layout.modelFile())) {
              files.put(
                  MODEL + ":" + folder.relativize(p).toString().replace('\\', '/'),
                  Item.of(versionFolder, version, relative));
            }
          }
        }
      }
      files.put(CARD, Item.of(versionFolder, version, ModelCard.FILE_NAME));
      if (card.features() != null && card.features().vocabulary() != null) {
        files.put(VOCABULARY, Item.of(versionFolder, version, card.features().vocabulary()));
      }
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("engine", engine.djlName());
      if (card.preset() != null) {
        properties.put("preset", card.preset());
      }
      Map<String, String> arguments = new LinkedHashMap<>(layout.arguments());
      arguments.put(TRANSLATOR_FACTORY, translatorFactory(card));
      artifacts.add(
          new Artifact(
              version,
              false,
              card.id().artifactId(),
              properties,
              arguments,
              layout.options(),
              files));
    }
    Map<String, Map<String, String>> licenses = new LinkedHashMap<>();
    // Insertion-ordered: Map.of's order changes from one JVM to the next, and the file must not.
    Map<String, String> license = new LinkedHashMap<>();
    license.put("name", "Apache License 2.0");
    license.put("url", "https://www.apache.org/licenses/LICENSE-2.0");
    licenses.put("license", license);
    return new ZooMetadata(
        "0.2",
        "model",
        APPLICATION,
        card.id().groupId(),
        card.id().artifactId(),
        card.name() == null ? card.id().artifactId() : card.name(),
        card.description() == null ? "" : card.description(),
        licenses,
        artifacts);
  }

  /**
   * Returns the translator factory an artifact names: the record translator when the card turns raw
   * records into inputs, else the named-tensor translator.
   *
   * @param card the model card
   * @return a class name
   */
  static String translatorFactory(ModelCard card) {
    return card.features() != null
        ? RecordTranslatorFactory.class.getName()
        : TensorTranslatorFactory.class.getName();
  }

  /**
   * Returns this metadata with the artifacts of one version replaced by another metadata's (the
   * newest version's name and description win).
   *
   * @param added the metadata of the version being added
   * @return the merged metadata, versions in order
   */
  public ZooMetadata withVersion(ZooMetadata added) {
    List<String> addedVersions = added.versions();
    List<Artifact> merged = new ArrayList<>();
    for (Artifact a : artifacts) {
      if (!addedVersions.contains(a.version())) {
        merged.add(a);
      }
    }
    merged.addAll(added.artifacts());
    merged.sort(
        (a, b) -> {
          int c = ModelId.compareVersions(a.version(), b.version());
          return c != 0
              ? c
              : Integer.compare(
                  EngineName.ofDjlName(a.engine()).ordinal(),
                  EngineName.ofDjlName(b.engine()).ordinal());
        });
    boolean newest =
        versions().isEmpty()
            || ModelId.compareVersions(
                    addedVersions.get(addedVersions.size() - 1),
                    versions().get(versions().size() - 1))
                >= 0;
    ZooMetadata head = newest ? added : this;
    return new ZooMetadata(
        head.metadataVersion,
        head.resourceType,
        head.application,
        head.groupId,
        head.artifactId,
        head.name,
        head.description,
        head.licenses,
        merged);
  }

  /**
   * One engine's artifact of one version.
   *
   * @param version e.g. {@code 1.0.0}
   * @param snapshot always false
   * @param name the model name
   * @param properties includes {@code engine}; DJL's filters match these
   * @param arguments DJL model arguments, e.g. {@code blockFactory}
   * @param options engine load options
   * @param files by key: {@code model}, {@code card}, {@code vocabulary}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Artifact(
      String version,
      boolean snapshot,
      String name,
      Map<String, String> properties,
      Map<String, String> arguments,
      Map<String, String> options,
      Map<String, Item> files) {

    /** Normalises absent maps to empty ones and copies the others, keeping their order. */
    public Artifact {
      properties =
          Collections.unmodifiableMap(
              properties == null ? Map.of() : new LinkedHashMap<>(properties));
      arguments =
          Collections.unmodifiableMap(
              arguments == null ? Map.of() : new LinkedHashMap<>(arguments));
      options =
          Collections.unmodifiableMap(options == null ? Map.of() : new LinkedHashMap<>(options));
      files = Collections.unmodifiableMap(files == null ? Map.of() : new LinkedHashMap<>(files));
    }

    /**
     * Returns the engine this artifact is for.
     *
     * @return DJL's engine name
     */
    public String engine() {
      return properties.get("engine");
    }

    /**
     * Returns a file by key.
     *
     * @param key e.g. {@code model}
     * @return the file
     * @throws IllegalStateException if the artifact lists no such file
     */
    public Item file(String key) {
      Item item = files.get(key);
      if (item == null) {
        throw new IllegalStateException(
            "artifact " + name + " " + version + " " + engine() + " lists no '" + key + "' file");
      }
      return item;
    }
  }

  /**
   * One file of an artifact.
   *
   * @param uri path relative to the folder holding {@code metadata.json}
   * @param name the file name
   * @param sha1Hash SHA-1, which DJL checks when it copies files
   * @param sha256 SHA-256, which Parity checks before an engine reads the file
   * @param size bytes
   */
  public record Item(String uri, String name, String sha1Hash, String sha256, long size)
      implements ChecksummedFile {

    static Item of(Path versionFolder, String version, String relative) throws IOException {
      Path file = versionFolder.resolve(relative);
      Path name = Objects.requireNonNull(file.getFileName(), "a card names files, not folders");
      return new Item(
          version + "/" + relative, name.toString(), sha1(file), Sha256.of(file), Files.size(file));
    }

    @Override
    public String path() {
      return uri;
    }

    @Override
    public String role() {
      return name;
    }
  }

  private static String sha1(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-1", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
