package dev.parity.harness;

import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.file.MalformedFileException;
import dev.parity.reference.NpyArray;
import dev.parity.reference.NpyFormatException;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ArtifactIntegrityException;
import dev.parity.zoo.Sha256;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Python-generated reference outputs, verified and loaded: the manifest, the labels, Python's
 * indices per field and Python's outputs. The raw records are streamed ({@link #openRecords}), so a
 * set of any size needs memory only for its arrays.
 *
 * <p>Opening checks, before any engine runs, that the set belongs to the model under validation
 * (the manifest's {@code model.modelCardSha256}), that every file has the size and SHA-256 the
 * manifest records, and that every array has the dtype and shape the manifest says.
 */
public final class ReferenceSet {

  /** The manifest's file name in the reference folder. */
  public static final String MANIFEST = "manifest.json";

  /** The folder name of the committed reference set. */
  public static final String DEFAULT_FOLDER = "reference-outputs";

  private static final String REGENERATE = ReferenceManifest.REMEDY;

  private final Path folder;
  private final ReferenceManifest manifest;
  private final String manifestSha256;
  private final int records;
  private final byte[] labels;
  private final Map<String, int[]> indices;
  private final Map<String, Integer> indexLengths;
  private final Map<String, ReferenceOutput> outputs;

  private ReferenceSet(
      Path folder,
      ReferenceManifest manifest,
      String manifestSha256,
      int records,
      byte[] labels,
      Map<String, int[]> indices,
      Map<String, Integer> indexLengths,
      Map<String, ReferenceOutput> outputs) {
    this.folder = folder;
    this.manifest = manifest;
    this.manifestSha256 = manifestSha256;
    this.records = records;
    this.labels = labels;
    this.indices = indices;
    this.indexLengths = indexLengths;
    this.outputs = outputs;
  }

  /**
   * Returns the committed reference set: the nearest {@value #DEFAULT_FOLDER} folder at or above
   * the working directory.
   *
   * @return the folder
   * @throws ReferenceSetException if there is none
   */
  public static Path defaultFolder() throws ReferenceSetException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(DEFAULT_FOLDER).resolve(MANIFEST))) {
        return dir.resolve(DEFAULT_FOLDER);
      }
    }
    throw new ReferenceSetException(
        "no "
            + DEFAULT_FOLDER
            + "/"
            + MANIFEST
            + " at or above "
            + Path.of("").toAbsolutePath()
            + "; run from inside a Parity checkout or pass --reference DIR");
  }

  /**
   * Opens and verifies a reference set.
   *
   * @param folder the folder holding {@value #MANIFEST}
   * @param model the model under validation; the set must have been made from its card
   * @return the set with its arrays loaded
   * @throws ReferenceSetException if a file is missing, truncated, changed or malformed, or the set
   *     belongs to another model
   */
  public static ReferenceSet open(Path folder, ModelVersion model) throws ReferenceSetException {
    Path manifestFile = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ReferenceSetException(
          "reference set "
              + folder
              + " has no "
              + MANIFEST
              + (Files.isDirectory(folder) ? "" : " (the folder does not exist)")
              + "; pass --reference DIR with a folder written by scripts/parity model reference");
    }
    ReferenceManifest manifest;
    String manifestSha256;
    try {
      manifest = ReferenceManifest.read(manifestFile);
      manifestSha256 = Sha256.of(manifestFile);
    } catch (MalformedFileException e) {
      throw new ReferenceSetException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ReferenceSetException(
          manifestFile
              + " is not a readable reference manifest: "
              + e.getMessage()
              + "; "
              + REGENERATE,
          e);
    }
    String made = manifest.model() == null ? null : manifest.model().modelCardSha256();
    if (!model.cardSha256().equals(made)) {
      throw new ReferenceSetException(
          String.format(
              "reference set %s was made for another model: its manifest records model card"
                  + " sha256 %s, but the model under validation (%s, %s) has card sha256 %s;"
                  + " regenerate the set from this model with scripts/parity model reference, or"
                  + " pass --reference DIR for the set made from this model",
              folder, made, model.coordinates(), model.cardFile(), model.cardSha256()));
    }
    try {
      manifest.verifyFiles(folder);
    } catch (ArtifactIntegrityException e) {
      throw new ReferenceSetException("reference set " + folder + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ReferenceSetException(
          "reference set " + folder + ": a file cannot be read: " + e.getMessage(), e);
    }
    if (manifest.records() <= 0 || manifest.records() > Integer.MAX_VALUE - 8) {
      throw new ReferenceSetException(
          manifestFile
              + ": expected a record count from 1 to 2^31 but found "
              + manifest.records());
    }
    int n = (int) manifest.records();
    ReferenceManifest.Entry recordsEntry = entry(manifest, manifestFile, "records");
    checkShape(recordsEntry, manifestFile, n, List.of((long) n));
    byte[] labels = load(folder, entry(manifest, manifestFile, "labels"), n).bytes();
    Map<String, int[]> indices = new LinkedHashMap<>();
    Map<String, Integer> lengths = new LinkedHashMap<>();
    Map<String, ReferenceOutput> outputs = new LinkedHashMap<>();
    for (ReferenceManifest.Entry e : manifest.files()) {
      if (e.role().startsWith("indices:")) {
        String field = e.role().substring("indices:".length());
        NpyArray a = load(folder, e, n);
        indices.put(field, ints(a, e, folder));
        lengths.put(field, a.shape().length == 2 ? (int) a.shape()[1] : 1);
      } else if (e.role().startsWith("output:")) {
        String name = e.role().substring("output:".length());
        NpyArray a = load(folder, e, n);
        if (a.dtype() != NpyArray.Dtype.FLOAT32) {
          throw new ReferenceSetException(
              folder.resolve(e.path())
                  + ": expected float32 outputs but found "
                  + a.dtype().numpyName()
                  + "; "
                  + REGENERATE);
        }
        outputs.put(name, new ReferenceOutput(name, e.shape(), a.floats()));
      }
    }
    if (outputs.isEmpty()) {
      throw new ReferenceSetException(manifestFile + " lists no output:<name> file; " + REGENERATE);
    }
    return new ReferenceSet(
        folder,
        manifest,
        manifestSha256,
        n,
        labels,
        Collections.unmodifiableMap(indices),
        Collections.unmodifiableMap(lengths),
        Collections.unmodifiableMap(outputs));
  }

  private static ReferenceManifest.Entry entry(
      ReferenceManifest manifest, Path manifestFile, String role) throws ReferenceSetException {
    try {
      return manifest.entry(role);
    } catch (NoSuchElementException e) {
      throw new ReferenceSetException(manifestFile + ": " + e.getMessage() + "; " + REGENERATE, e);
    }
  }

  private static void checkShape(
      ReferenceManifest.Entry e, Path manifestFile, int n, List<Long> found)
      throws ReferenceSetException {
    if (e.shape().isEmpty() || e.shape().get(0) != n) {
      throw new ReferenceSetException(
          String.format(
              "%s: %s (%s) should have %d records, the manifest's record count, but its shape is"
                  + " %s; %s",
              manifestFile, e.path(), e.role(), n, e.shape(), REGENERATE));
    }
    if (!e.shape().equals(found)) {
      throw new ReferenceSetException(
          String.format(
              "%s: the manifest gives %s the shape %s but the file holds %s; %s",
              manifestFile, e.path(), e.shape(), found, REGENERATE));
    }
  }

  private static NpyArray load(Path folder, ReferenceManifest.Entry e, int n)
      throws ReferenceSetException {
    Path file = e.resolveIn(folder);
    NpyArray a;
    try {
      a = NpyArray.read(file);
    } catch (NpyFormatException e2) {
      throw new ReferenceSetException(e2.getMessage() + "; " + REGENERATE, e2);
    } catch (IOException e2) {
      throw new ReferenceSetException(file + " cannot be read: " + e2.getMessage(), e2);
    }
    if (!a.dtype().numpyName().equals(e.dtype())) {
      throw new ReferenceSetException(
          String.format(
              "%s: the manifest says dtype %s but the file holds %s; %s",
              file, e.dtype(), a.dtype().numpyName(), REGENERATE));
    }
    checkShape(e, folder.resolve(MANIFEST), n, Arrays.stream(a.shape()).boxed().toList());
    return a;
  }

  private static int[] ints(NpyArray a, ReferenceManifest.Entry e, Path folder)
      throws ReferenceSetException {
    switch (a.dtype()) {
      case INT32:
        return a.ints();
      case INT64:
        long[] longs = a.longs();
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
          out[i] = Math.toIntExact(longs[i]);
        }
        return out;
      default:
        throw new ReferenceSetException(
            folder.resolve(e.path())
                + ": expected int32 or int64 indices but found "
                + a.dtype().numpyName()
                + "; "
                + REGENERATE);
    }
  }

  /**
   * Returns the folder.
   *
   * @return the folder holding the manifest
   */
  public Path folder() {
    return folder;
  }

  /**
   * Returns the manifest.
   *
   * @return the manifest
   */
  public ReferenceManifest manifest() {
    return manifest;
  }

  /**
   * Returns the SHA-256 of the manifest file, which pins every other file through their hashes.
   *
   * @return lower-case hex
   */
  public String manifestSha256() {
    return manifestSha256;
  }

  /**
   * Returns how many records the set holds.
   *
   * @return the record count
   */
  public int records() {
    return records;
  }

  /**
   * Returns the labels, 1 for a buyer.
   *
   * @return one label per record; not copied, do not modify
   */
  public byte[] labels() {
    return labels;
  }

  /**
   * Returns the fields Python's indices are given for.
   *
   * @return field names, in manifest order
   */
  public List<String> indexedFields() {
    return List.copyOf(indices.keySet());
  }

  /**
   * Returns Python's indices of a field.
   *
   * @param field e.g. {@code app_packages}
   * @return row-major {@code [records, indexLength(field)]}; not copied, do not modify
   * @throws NoSuchElementException if the set has no indices for the field
   */
  public int[] indices(String field) {
    int[] a = indices.get(field);
    if (a == null) {
      throw new NoSuchElementException("reference set has no indices for field " + field);
    }
    return a;
  }

  /**
   * Returns the number of Python indices per record of a field.
   *
   * @param field e.g. {@code app_packages}
   * @return the field's length as Python wrote it
   */
  public int indexLength(String field) {
    Integer l = indexLengths.get(field);
    if (l == null) {
      throw new NoSuchElementException("reference set has no indices for field " + field);
    }
    return l;
  }

  /**
   * Returns Python's outputs.
   *
   * @return by name, in manifest order
   */
  public Map<String, ReferenceOutput> outputs() {
    return outputs;
  }

  /**
   * Opens the raw records for streaming.
   *
   * @param fields the field names to read
   * @return the reader; close it
   * @throws ReferenceSetException if the records file cannot be opened
   */
  public Records openRecords(List<String> fields) throws ReferenceSetException {
    ReferenceManifest.Entry e = manifest.entry("records");
    Path file = e.resolveIn(folder);
    try {
      return new Records(JsonlRecords.open(file, fields), file, records);
    } catch (IOException x) {
      throw new ReferenceSetException(file + " cannot be opened: " + x.getMessage(), x);
    }
  }

  /** The raw records of a reference set, read in chunks; every line must be a valid record. */
  public static final class Records implements Closeable {
    private final JsonlRecords lines;
    private final Path file;
    private final int expected;
    private int read;

    private Records(JsonlRecords lines, Path file, int expected) {
      this.lines = lines;
      this.file = file;
      this.expected = expected;
    }

    /**
     * Reads the next records.
     *
     * @param max the most records to return
     * @return up to {@code max} records; empty at the end
     * @throws ReferenceSetException if a line is not a valid record, the file is truncated or
     *     corrupt, or it holds more or fewer records than the manifest says
     */
    public List<RawRecord> next(int max) throws ReferenceSetException {
      List<RawRecord> out = new ArrayList<>(Math.min(max, 1 << 16));
      try {
        while (out.size() < max && lines.hasNext()) {
          JsonlRecords.Line line = lines.next();
          if (!line.ok()) {
            throw new ReferenceSetException(
                file
                    + ": "
                    + line.error()
                    + "; every reference record must be valid; "
                    + REGENERATE);
          }
          if (read == expected) {
            throw new ReferenceSetException(
                file
                    + " holds more records than the "
                    + expected
                    + " the manifest says; "
                    + REGENERATE);
          }
          out.add(line.record());
          read++;
        }
      } catch (UncheckedIOException x) {
        throw new ReferenceSetException(
            file
                + " is truncated or corrupt after "
                + read
                + " records: "
                + x.getCause().getMessage()
                + "; "
                + REGENERATE,
            x);
      }
      if (out.isEmpty() && read != expected) {
        throw new ReferenceSetException(
            file
                + " holds "
                + read
                + " records but the manifest says "
                + expected
                + "; "
                + REGENERATE);
      }
      return out;
    }

    /**
     * Returns how many records were read so far.
     *
     * @return the count
     */
    public int read() {
      return read;
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
