package dev.parity.reference;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.ChecksummedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The index of the Python-generated reference outputs ({@code manifest.json}): how they were made,
 * from which model, and every file with its role, shape, dtype and SHA-256. Readers find files by
 * role, never by name.
 *
 * @param schema the manifest format, {@value #SCHEMA}
 * @param records how many records the reference set holds
 * @param seed the seed the records were generated with
 * @param model the model that produced the outputs
 * @param environment the Python-side package versions, e.g. {@code torch -> 1.13.0}
 * @param files every file, relative to the manifest's folder
 */
public record ReferenceManifest(
    String schema,
    long records,
    long seed,
    Model model,
    Map<String, String> environment,
    List<Entry> files) {

  /** The only manifest format this reader understands. */
  public static final String SCHEMA = "parity.reference-manifest/1";

  /** What to do when a listed file fails verification. */
  public static final String REMEDY =
      "regenerate it with scripts/parity model reference, or restore it from git";

  // Unknown properties are ignored so that the Python side can add fields without breaking us.
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Normalises absent collections to empty ones. */
  public ReferenceManifest {
    environment =
        environment == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    files = files == null ? List.of() : List.copyOf(files);
  }

  /**
   * Reads a manifest.
   *
   * @param manifestFile the {@code manifest.json} file
   * @return the manifest
   * @throws MalformedFileException if the file is not valid JSON, holds a value of the wrong type
   *     or is not a {@value #SCHEMA} manifest
   * @throws IOException if the file cannot be read
   */
  public static ReferenceManifest read(Path manifestFile) throws IOException {
    ReferenceManifest manifest =
        DocumentReader.of(JSON).read(manifestFile, ReferenceManifest.class, REMEDY);
    DocumentReader.checkSchema(manifestFile, SCHEMA, manifest.schema(), REMEDY);
    return manifest;
  }

  /**
   * Returns the file with a role.
   *
   * @param role e.g. {@code labels}, {@code output:probability} or {@code indices:app_packages}
   * @return the first file listed with that role
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
   * The model that produced the reference outputs.
   *
   * @param groupId e.g. {@code dev.parity}
   * @param artifactId e.g. {@code purchase}
   * @param version e.g. {@code 1.0.0}
   * @param modelCardSha256 the SHA-256 of the model card the outputs belong to
   * @param torchscriptSha256 the SHA-256 of the TorchScript file that computed them
   */
  public record Model(
      String groupId,
      String artifactId,
      String version,
      String modelCardSha256,
      String torchscriptSha256) {}

  /**
   * A reference file.
   *
   * @param path relative to the manifest's folder
   * @param role what the file holds, e.g. {@code records}, {@code labels}, {@code indices:<field>}
   *     or {@code output:<name>}
   * @param sha256 the SHA-256 of its contents
   * @param size its size in bytes
   * @param shape the array's shape; for {@code jsonl} the number of records
   * @param dtype the numpy dtype name, e.g. {@code float32}, or {@code jsonl}
   */
  public record Entry(
      String path, String role, String sha256, long size, List<Long> shape, String dtype)
      implements ChecksummedFile {

    /** Normalises an absent shape to an empty one. */
    public Entry {
      shape = shape == null ? List.of() : List.copyOf(shape);
    }

    /**
     * Returns the shape as a primitive array, the form {@link NpyArray#shape()} uses.
     *
     * @return a fresh copy of {@link #shape()}
     */
    public long[] shapeArray() {
      return shape.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
