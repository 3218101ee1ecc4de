package dev.parity.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.build.Checkout;
import dev.parity.card.ModelId;
import dev.parity.file.JsonFields;
import dev.parity.file.JsonFile;
import dev.parity.file.MalformedFileException;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.ChecksummedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The index of a reference set ({@code manifest.json}, schema {@value #SCHEMA}): the model that
 * produced it, how many records, and every file with its role, dtype, shape, size and SHA-256.
 * Readers find files by role, never by name. The format is documented in {@code
 * docs/reference-set.md}.
 *
 * @param records how many records the set holds
 * @param model the model that produced the outputs
 * @param modelCardSha256 the SHA-256 of that model's card, or null when not recorded
 * @param files every file, relative to the manifest's folder
 * @param provenance every other key of the manifest, as written (how the set was made)
 */
public record ReferenceManifest(
    long records,
    ModelId model,
    String modelCardSha256,
    List<Entry> files,
    Map<String, JsonNode> provenance) {

  /** The manifest format this reader understands. */
  public static final String SCHEMA = "parity.reference-manifest/2";

  /** The manifest's file name in a reference set's folder. */
  public static final String FILE_NAME = "manifest.json";

  /** The {@code producer.tool} of a set written by a JVM run ({@code parity predict}). */
  public static final String JVM_TOOL = "parity predict";

  /** The folder holding the committed reference sets, one per model. */
  public static final String COMMITTED_FOLDER = "reference-outputs";

  /** What to do when a listed file fails verification. */
  public static final String REMEDY =
      "regenerate the reference set or restore the file from git (docs/reference-set.md)";

  /** Copies the collections. */
  public ReferenceManifest {
    files = List.copyOf(files);
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /**
   * Finds a model's committed reference set: {@code reference-outputs/<groupId>/<artifactId>} at or
   * above the working directory ({@link Checkout}).
   *
   * @param model the model; its version is ignored
   * @return the folder holding its {@value #FILE_NAME}, or empty when there is none
   */
  public static Optional<Path> committedFolder(ModelId model) {
    String relative = committedPath(model);
    return Checkout.folderHolding(relative + "/" + FILE_NAME).map(root -> root.resolve(relative));
  }

  /**
   * Returns where a model's committed reference set lies, relative to the checkout's root.
   *
   * @param model the model; its version is ignored
   * @return {@code reference-outputs/<groupId>/<artifactId>}
   */
  public static String committedPath(ModelId model) {
    return COMMITTED_FOLDER + "/" + model.groupId() + "/" + model.artifactId();
  }

  /**
   * Reads a manifest.
   *
   * @param manifestFile the {@code manifest.json} file
   * @return the manifest
   * @throws MalformedFileException naming the file and key for broken JSON, a missing or mistyped
   *     key, an unknown role, or a role listed twice
   * @throws IOException if the file cannot be read
   */
  public static ReferenceManifest read(Path manifestFile) throws IOException {
    JsonFields root = JsonFields.root(manifestFile, JsonFile.read(manifestFile, REMEDY), REMEDY);
    String schema = root.string("schema");
    if (!SCHEMA.equals(schema)) {
      throw root.error(
          "schema",
          "expected "
              + SCHEMA
              + ", found '"
              + schema
              + "'"
              + (schema.equals("parity.reference-manifest/1")
                  ? " (version 1; version 2 names the model and lists input:/output: roles)"
                  : ""));
    }
    long records = root.integer("records");
    if (records < 1 || records > Integer.MAX_VALUE - 8) {
      throw root.error("records", "expected a record count from 1 to 2^31, found " + records);
    }
    JsonFields m = root.object("model");
    ModelId model;
    try {
      model = new ModelId(m.string("groupId"), m.string("artifactId"), m.string("version"));
    } catch (IllegalArgumentException e) {
      throw m.error(null, e.getMessage());
    }
    String cardSha = m.optString("modelCardSha256");
    // Other keys of the model section record how it was made (e.g. the model file's sha256).
    m.keys().forEach(m::freeForm);
    m.finish();
    List<Entry> files = new ArrayList<>();
    Set<String> roles = new HashSet<>();
    for (JsonFields f : root.objects("files")) {
      String role = f.string("role");
      try {
        Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw f.error("role", e.getMessage());
      }
      if (!roles.add(role)) {
        throw f.error("role", "'" + role + "' is listed twice");
      }
      Entry e =
          new Entry(
              f.string("path"),
              role,
              f.string("sha256"),
              f.integer("size"),
              f.integers("shape"),
              f.string("dtype"),
              f.optString("description"));
      f.finish();
      files.add(e);
    }
    Map<String, JsonNode> provenance = new LinkedHashMap<>();
    for (String key : root.keys()) {
      if (!Set.of("schema", "records", "model", "files").contains(key)) {
        provenance.put(key, root.freeForm(key));
      }
    }
    root.finish();
    return new ReferenceManifest(records, model, cardSha, files, provenance);
  }

  /**
   * Writes this manifest as {@code manifest.json} into a folder.
   *
   * @param folder the reference set's folder
   * @return the written file
   * @throws IOException if it cannot be written
   */
  public Path write(Path folder) throws IOException {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    root.put("schema", SCHEMA);
    root.put("records", records);
    ObjectNode m = root.putObject("model");
    m.put("groupId", model.groupId());
    m.put("artifactId", model.artifactId());
    m.put("version", model.version());
    if (modelCardSha256 != null) {
      m.put("modelCardSha256", modelCardSha256);
    }
    provenance.forEach(root::set);
    var list = root.putArray("files");
    for (Entry e : files) {
      ObjectNode o = list.addObject();
      o.put("path", e.path());
      o.put("role", e.role());
      o.put("dtype", e.dtype());
      var shape = o.putArray("shape");
      e.shape().forEach(shape::add);
      if (e.description() != null) {
        o.put("description", e.description());
      }
      o.put("sha256", e.sha256());
      o.put("size", e.size());
    }
    Path file = folder.resolve(FILE_NAME);
    JsonFile.write(file, root);
    return file;
  }

  /**
   * Returns the file with a role.
   *
   * @param role e.g. {@code labels}, {@code output:probability} or {@code indices:app_packages}
   * @return the file
   * @throws NoSuchElementException if none has it; the message lists the roles present
   */
  public Entry entry(String role) {
    return files.stream()
        .filter(f -> f.role().equals(role))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "reference manifest lists no file with role "
                        + role
                        + "; roles present: "
                        + files.stream().map(Entry::role).collect(Collectors.joining(", "))));
  }

  /**
   * Whether a role is listed.
   *
   * @param role a role
   * @return true when a file has it
   */
  public boolean has(String role) {
    return files.stream().anyMatch(f -> f.role().equals(role));
  }

  /**
   * Returns the names of the files with a kind of role, in manifest order.
   *
   * @param kind e.g. {@link Role.Kind#OUTPUT}
   * @return the names after the colon, e.g. output names
   */
  public List<String> names(Role.Kind kind) {
    List<String> out = new ArrayList<>();
    for (Entry e : files) {
      Role r = Role.parse(e.role());
      if (r.kind() == kind) {
        out.add(r.name());
      }
    }
    return out;
  }

  /**
   * Whether a JVM run wrote the set ({@code parity predict --save-outputs}), not Python.
   *
   * @return true when {@code producer.tool} is {@value #JVM_TOOL}
   */
  public boolean madeByJvm() {
    JsonNode producer = provenance.get("producer");
    return producer != null
        && producer.isObject()
        && JVM_TOOL.equals(producer.path("tool").asText(null));
  }

  /**
   * Checks every listed file against its recorded size and SHA-256.
   *
   * @param manifestFolder the folder holding {@code manifest.json}
   * @throws ArtifactIntegrityException for the first file that is missing or differs
   * @throws IOException if a file exists but cannot be read
   */
  public void verifyFiles(Path manifestFolder) throws ArtifactIntegrityException, IOException {
    for (Entry file : files) {
      file.verifyIn(manifestFolder, REMEDY);
    }
  }

  /**
   * What a file of a reference set holds.
   *
   * @param kind the kind of role
   * @param name the tensor or field name for {@code input:}, {@code output:}, {@code indices:} and
   *     {@code tap:}; null otherwise
   */
  public record Role(Kind kind, String name) {

    /** The kinds of role. */
    public enum Kind {
      /** {@code records}: raw records, JSON Lines. */
      RECORDS,
      /** {@code labels}: the true labels. */
      LABELS,
      /** {@code input:<name>}: what the model was fed. */
      INPUT,
      /** {@code output:<name>}: what the model returned. */
      OUTPUT,
      /** {@code indices:<field>}: Python's pre-processing of one token field. */
      INDICES,
      /** {@code tap:<name>}: an intermediate tensor the model returned, for the first records. */
      TAP
    }

    /**
     * Parses a role.
     *
     * @param role e.g. {@code output:logits}
     * @return the role
     * @throws IllegalArgumentException for an unknown role or a missing name
     */
    public static Role parse(String role) {
      int colon = role.indexOf(':');
      String head = colon < 0 ? role : role.substring(0, colon);
      String name = colon < 0 ? null : role.substring(colon + 1);
      Kind kind =
          switch (head) {
            case "records" -> Kind.RECORDS;
            case "labels" -> Kind.LABELS;
            case "input" -> Kind.INPUT;
            case "output" -> Kind.OUTPUT;
            case "indices" -> Kind.INDICES;
            case "tap" -> Kind.TAP;
            default -> null;
          };
      boolean named =
          kind == Kind.INPUT || kind == Kind.OUTPUT || kind == Kind.INDICES || kind == Kind.TAP;
      if (kind == null || named != (name != null) || (named && name.isEmpty())) {
        throw new IllegalArgumentException(
            "unknown role '"
                + role
                + "'; roles are records, labels, input:<name>, output:<name>, indices:<field>,"
                + " tap:<name>");
      }
      return new Role(kind, name);
    }

    @Override
    public String toString() {
      return name == null
          ? kind.name().toLowerCase(java.util.Locale.ROOT)
          : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
  }

  /**
   * A file of the set.
   *
   * @param path relative to the manifest's folder
   * @param role what the file holds, e.g. {@code output:probability}
   * @param sha256 the SHA-256 of its contents
   * @param size its size in bytes
   * @param shape the array's shape; for records the number of records
   * @param dtype the numpy dtype name, e.g. {@code float32}, or {@code jsonl}
   * @param description what it is, in words, or null
   */
  public record Entry(
      String path,
      String role,
      String sha256,
      long size,
      List<Long> shape,
      String dtype,
      String description)
      implements ChecksummedFile {

    /** Copies the shape. */
    public Entry {
      shape = List.copyOf(shape);
    }

    /**
     * Returns the shape as a primitive array.
     *
     * @return a fresh copy of {@link #shape()}
     */
    public long[] shapeArray() {
      return shape.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
