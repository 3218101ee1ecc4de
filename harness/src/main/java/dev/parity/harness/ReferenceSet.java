package dev.parity.harness;

import dev.parity.build.Checkout;
import dev.parity.card.ModelId;
import dev.parity.card.Tap;
import dev.parity.card.TensorSpec;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.file.MalformedFileException;
import dev.parity.npy.Npy;
import dev.parity.npy.NpyFormatException;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
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
import java.util.Optional;
import java.util.Set;

/**
 * A reference set (schema {@code parity.reference-manifest/2}, {@code docs/reference-set.md}),
 * verified and loaded: the manifest, the labels, the inputs the model was fed, Python's indices per
 * token field and the outputs. The raw records are streamed ({@link #openRecords}), so a set of any
 * size needs memory only for its arrays.
 *
 * <p>Opening checks, before any engine runs, that the set belongs to the model under validation
 * (its coordinates, and the card's SHA-256 when the manifest records one), that every file has the
 * size and SHA-256 the manifest records, and that every array has the dtype and shape the manifest
 * says, with one row per record (taps: for the first records). A set an earlier JVM run wrote, or
 * one made from another version of the model, opens in {@linkplain Mode#DRIFT drift mode}: a
 * different card is then expected, and named in the report.
 */
public final class ReferenceSet {

  /** What a validation against the set measures. */
  public enum Mode {
    /** The JVM against the model's own reference (Python, or any producer of the same card). */
    PARITY,
    /**
     * The new release against an earlier run: a set written by a JVM run ({@code parity predict
     * --save-outputs}), or made from another version of the same model.
     */
    DRIFT
  }

  /** The manifest's file name in the reference folder. */
  public static final String MANIFEST = ReferenceManifest.FILE_NAME;

  /** The folder holding the committed reference sets, one per model. */
  public static final String DEFAULT_FOLDER = ReferenceManifest.COMMITTED_FOLDER;

  private static final String REGENERATE =
      "regenerate it (scripts/parity model reference, scripts/reference_set.py or parity predict"
          + " --save-outputs), or restore it from git";

  private final Path folder;
  private final ReferenceManifest manifest;
  private final String manifestSha256;
  private final int records;
  private final Tensor labels;
  private final Map<String, Tensor> inputs;
  private final Map<String, Tensor> indices;
  private final Map<String, Tensor> outputs;
  private final Map<String, Tensor> taps;
  private final Mode mode;

  private ReferenceSet(
      Path folder,
      ReferenceManifest manifest,
      String manifestSha256,
      int records,
      Tensor labels,
      Map<String, Tensor> inputs,
      Map<String, Tensor> indices,
      Map<String, Tensor> outputs,
      Map<String, Tensor> taps,
      Mode mode) {
    this.folder = folder;
    this.manifest = manifest;
    this.manifestSha256 = manifestSha256;
    this.records = records;
    this.labels = labels;
    this.inputs = Collections.unmodifiableMap(inputs);
    this.indices = Collections.unmodifiableMap(indices);
    this.outputs = Collections.unmodifiableMap(outputs);
    this.taps = Collections.unmodifiableMap(taps);
    this.mode = mode;
  }

  /**
   * Returns the committed reference set of a model: {@code
   * reference-outputs/<groupId>/<artifactId>} at or above the working directory.
   *
   * @param model the model
   * @return the folder
   * @throws ReferenceSetException if there is none
   */
  public static Path defaultFolder(ModelId model) throws ReferenceSetException {
    Optional<Path> found = ReferenceManifest.committedFolder(model);
    if (found.isPresent()) {
      return found.get();
    }
    String relative = ReferenceManifest.committedPath(model);
    throw new ReferenceSetException(
        "no "
            + relative
            + "/"
            + MANIFEST
            + " at or above "
            + Checkout.workingDirectory()
            + "; run from inside a Parity checkout or pass --reference DIR with the reference"
            + " set of "
            + model.name());
  }

  /**
   * Opens and verifies a reference set.
   *
   * @param folder the folder holding {@value #MANIFEST}
   * @param model the model under validation; the set must have been made from it, or from another
   *     version of it, or by a JVM run of it (drift mode)
   * @return the set with its arrays loaded
   * @throws ReferenceSetException if a file is missing, truncated, changed or malformed, or the set
   *     belongs to another model (other coordinates, or the same version with another card, made
   *     outside the JVM)
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
              + "; pass --reference DIR with a folder holding a reference set"
              + " (docs/reference-set.md)");
    }
    ReferenceManifest manifest;
    String manifestSha256;
    try {
      manifest = ReferenceManifest.read(manifestFile);
      manifestSha256 = Sha256.of(manifestFile);
    } catch (MalformedFileException e) {
      throw new ReferenceSetException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ReferenceSetException(e.getMessage(), e);
    }
    ModelId made = manifest.model();
    ModelId validated = model.id();
    String madeCard = manifest.modelCardSha256();
    boolean sameName = made.name().equals(validated.name());
    boolean sameVersion = made.version().equals(validated.version());
    boolean sameCard = madeCard == null || madeCard.equals(model.cardSha256());
    Mode mode = sameName && (manifest.madeByJvm() || !sameVersion) ? Mode.DRIFT : Mode.PARITY;
    if (!sameName || (mode == Mode.PARITY && !sameCard)) {
      throw new ReferenceSetException(
          String.format(
              "reference set %s was made for another model: its manifest names %s%s, but the"
                  + " model under validation is %s (card %s, sha256 %s); pass --reference DIR"
                  + " for the set made from this model, or regenerate it (a set saved by parity"
                  + " predict --save-outputs, or made from another version of the same model, is"
                  + " compared in drift mode)",
              folder,
              made,
              madeCard == null ? "" : " with model card sha256 " + madeCard,
              validated,
              model.cardFile(),
              model.cardSha256()));
    }
    try {
      manifest.verifyFiles(folder);
    } catch (ArtifactIntegrityException e) {
      throw new ReferenceSetException("reference set " + folder + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ReferenceSetException(
          "reference set " + folder + ": a file cannot be read: " + e.getMessage(), e);
    }
    int n = (int) manifest.records();
    Tensor labels = null;
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    Map<String, Tensor> indices = new LinkedHashMap<>();
    Map<String, Tensor> outputs = new LinkedHashMap<>();
    Map<String, Tensor> taps = new LinkedHashMap<>();
    for (ReferenceManifest.Entry e : manifest.files()) {
      ReferenceManifest.Role role = ReferenceManifest.Role.parse(e.role());
      switch (role.kind()) {
        case RECORDS -> checkShape(e, manifestFile, n, List.of((long) n));
        case LABELS -> labels = load(folder, e, n);
        case INPUT ->
            inputs.put(
                role.name(),
                againstCard(e, load(folder, e, n), model.card().signature().inputs(), "input"));
        case INDICES -> indices.put(role.name(), load(folder, e, n));
        case OUTPUT ->
            outputs.put(
                role.name(),
                againstCard(e, load(folder, e, n), model.card().signature().outputs(), "output"));
        case TAP -> {
          Tensor tap = load(folder, e, tapRecords(manifestFile, e, n, taps));
          // Across versions or runs taps are not compared, so only a parity run holds them to the
          // card.
          taps.put(
              role.name(),
              mode == Mode.PARITY
                  ? againstCard(
                      e,
                      tap,
                      model.card().signature().taps().stream().map(Tap::tensor).toList(),
                      "tap")
                  : tap);
        }
        default -> throw new AssertionError(role);
      }
    }
    if (outputs.isEmpty()) {
      throw new ReferenceSetException(manifestFile + " lists no output:<name> file; " + REGENERATE);
    }
    return new ReferenceSet(
        folder, manifest, manifestSha256, n, labels, inputs, indices, outputs, taps, mode);
  }

  // Taps cover the first records only, the same number for every tap.
  private static int tapRecords(
      Path manifestFile, ReferenceManifest.Entry e, int n, Map<String, Tensor> earlier)
      throws ReferenceSetException {
    long k = e.shape().isEmpty() ? 0 : e.shape().get(0);
    if (k < 1 || k > n) {
      throw new ReferenceSetException(
          String.format(
              "%s: %s (%s) should hold 1 to %d records (taps cover the first records), but its"
                  + " shape is %s; %s",
              manifestFile, e.path(), e.role(), n, e.shape(), REGENERATE));
    }
    for (Map.Entry<String, Tensor> other : earlier.entrySet()) {
      if (other.getValue().shape()[0] != k) {
        throw new ReferenceSetException(
            String.format(
                "%s: tap:%s holds %d records but tap:%s %d; every tap covers the same first"
                    + " records; %s",
                manifestFile,
                e.path(),
                k,
                other.getKey(),
                other.getValue().shape()[0],
                REGENERATE));
      }
    }
    return (int) k;
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

  // A set's arrays must be what the card declares, or every comparison after this would mislead.
  private static Tensor againstCard(
      ReferenceManifest.Entry e, Tensor t, List<TensorSpec> specs, String kind)
      throws ReferenceSetException {
    String name = e.role().substring(kind.length() + 1);
    TensorSpec spec = specs.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    if (spec == null) {
      throw new ReferenceSetException(
          String.format(
              "%s (%s): the model card has no %s '%s'; its %ss are %s",
              e.path(), e.role(), kind, name, kind, specs.stream().map(TensorSpec::name).toList()));
    }
    String disagreement = spec.disagreement(t);
    if (disagreement != null) {
      throw new ReferenceSetException(
          String.format(
              "%s (%s): %s; the reference set was made for another signature",
              e.path(), e.role(), disagreement));
    }
    return t;
  }

  private static Tensor load(Path folder, ReferenceManifest.Entry e, int n)
      throws ReferenceSetException {
    Path file = e.resolveIn(folder);
    Tensor a;
    try {
      a = Npy.read(file);
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
   * Returns the labels.
   *
   * @return one label per record, or null when the set has none
   */
  public Tensor labels() {
    return labels;
  }

  /**
   * Returns the inputs the model was fed.
   *
   * @return by input name, in manifest order; empty when the set has none
   */
  public Map<String, Tensor> inputs() {
    return inputs;
  }

  /**
   * Returns Python's pre-processing per token field.
   *
   * @return by field name, {@code [records, length]}, in manifest order
   */
  public Map<String, Tensor> indices() {
    return indices;
  }

  /**
   * Returns the reference outputs.
   *
   * @return by output name, in manifest order
   */
  public Map<String, Tensor> outputs() {
    return outputs;
  }

  /**
   * Returns what a validation against this set measures.
   *
   * @return {@link Mode#DRIFT} for a set an earlier JVM run wrote or one made from another version
   *     of the model; {@link Mode#PARITY} otherwise
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Returns the reference taps: intermediate tensors, for the first {@link #tapRecords()} records.
   *
   * @return by tap name, in manifest order; empty when the set has none
   */
  public Map<String, Tensor> taps() {
    return taps;
  }

  /**
   * Returns how many records the taps cover: the first ones of the set.
   *
   * @return the count; 0 when the set has no taps
   */
  public int tapRecords() {
    return taps.isEmpty() ? 0 : (int) taps.values().iterator().next().shape()[0];
  }

  /**
   * Whether the set holds raw records.
   *
   * @return true when a {@code records} file is listed
   */
  public boolean hasRecords() {
    return manifest.has("records");
  }

  /**
   * Opens the raw records for streaming.
   *
   * @param fields the field names to read
   * @param numeric the names among them that hold numbers
   * @return the reader; close it
   * @throws ReferenceSetException if the records file cannot be opened
   */
  public Records openRecords(List<String> fields, Set<String> numeric)
      throws ReferenceSetException {
    ReferenceManifest.Entry e = manifest.entry("records");
    Path file = e.resolveIn(folder);
    try {
      return new Records(JsonlRecords.open(file, fields, numeric), file, records);
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
