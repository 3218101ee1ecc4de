package dev.parity.convert;

import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.card.TensorSpec;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.npy.Npy;
import dev.parity.npy.NpyFormatException;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactIntegrityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named input arrays a converted artifact is checked on, one per signature input, and where
 * they came from: a reference set's {@code input:<name>} arrays, its raw records encoded with the
 * card's features when it has no input arrays ({@code docs/reference-set.md}), or a folder of
 * {@code <name>.npy} files.
 *
 * @param arrays by input name, in signature order
 * @param source where they came from, in words, e.g. {@code 20000 records of
 *     reference-outputs/acme/churn (input arrays)}
 */
public record ReferenceInputs(Map<String, Tensor> arrays, String source) {

  /**
   * Copies the map.
   *
   * @param arrays by input name
   * @param source where they came from
   */
  public ReferenceInputs {
    arrays = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
  }

  /**
   * Reads one {@code <input name>.npy} file per signature input from a folder.
   *
   * @param folder the folder
   * @param card the model card, whose signature names the inputs
   * @return the arrays
   * @throws NoSuchFileException naming the missing file and the inputs wanted
   * @throws NpyFormatException if a file is not a readable {@code .npy} file
   * @throws IOException if a file cannot be read
   */
  public static ReferenceInputs fromFolder(Path folder, ModelCard card)
      throws IOException, NpyFormatException {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    for (TensorSpec spec : card.signature().inputs()) {
      Path file = folder.resolve(spec.name() + ".npy");
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(
            file.toString(),
            null,
            "--inputs needs one <input>.npy file per signature input of "
                + card.id().name()
                + ": "
                + String.join(", ", card.signature().inputNames()));
      }
      arrays.put(spec.name(), Npy.read(file));
    }
    return new ReferenceInputs(arrays, rows(arrays) + " rows of " + folder);
  }

  /**
   * Reads the inputs of a reference set: its {@code input:<name>} arrays when it has one for every
   * signature input, else its raw records encoded with the card's features. Every file is checked
   * against the manifest's size and SHA-256 first.
   *
   * @param folder the folder holding the set's {@code manifest.json}
   * @param card the model card
   * @param cardFolder the folder holding the card and its vocabulary
   * @return the arrays
   * @throws IllegalArgumentException if the set belongs to another model, or holds neither the
   *     input arrays nor records the card's features encode
   * @throws ArtifactIntegrityException if a file differs from what the manifest records
   * @throws NpyFormatException if an input array is not a readable {@code .npy} file
   * @throws IOException if a file cannot be read or is malformed
   */
  public static ReferenceInputs fromReferenceSet(Path folder, ModelCard card, Path cardFolder)
      throws IOException, ArtifactIntegrityException, NpyFormatException {
    Path manifestFile = folder.resolve(ReferenceManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(
          manifestFile.toString(),
          null,
          "expected a reference set (docs/reference-set.md); pass --reference DIR with one, or"
              + " --inputs DIR with one <input>.npy per signature input");
    }
    ReferenceManifest manifest = ReferenceManifest.read(manifestFile);
    ModelId made = manifest.model();
    if (!made.name().equals(card.id().name())) {
      throw new IllegalArgumentException(
          "reference set "
              + folder
              + " was made for "
              + made
              + ", not "
              + card.id()
              + "; pass --reference DIR with a set of "
              + card.id().name()
              + ", or --inputs DIR");
    }
    manifest.verifyFiles(folder);
    List<String> inputs = card.signature().inputNames();
    if (inputs.stream().allMatch(name -> manifest.has("input:" + name))) {
      Map<String, Tensor> arrays = new LinkedHashMap<>();
      for (String name : inputs) {
        arrays.put(name, Npy.read(manifest.entry("input:" + name).resolveIn(folder)));
      }
      return new ReferenceInputs(
          arrays, rows(arrays) + " records of reference set " + folder + " (input arrays)");
    }
    if (!manifest.has("records") || card.features() == null) {
      throw new IllegalArgumentException(
          "reference set "
              + folder
              + " has no input array for every input of "
              + card.id()
              + " ("
              + String.join(", ", inputs)
              + ")"
              + (manifest.has("records")
                  ? ", and the card has no features to encode its records"
                  : " and no records")
              + "; pass --inputs DIR with one <input>.npy per input");
    }
    RecordEncoder encoder = RecordEncoder.load(card, cardFolder);
    List<RawRecord> records = new ArrayList<>();
    int skipped = 0;
    Path recordsFile = manifest.entry("records").resolveIn(folder);
    try (JsonlRecords lines =
        JsonlRecords.open(recordsFile, encoder.fieldNames(), encoder.numericFields())) {
      while (lines.hasNext()) {
        JsonlRecords.Line line = lines.next();
        if (line.ok()) {
          records.add(line.record());
        } else {
          skipped++;
        }
      }
    }
    TensorBatch batch = encoder.encode(records);
    return new ReferenceInputs(
        batch.tensors(),
        batch.rows()
            + " records of reference set "
            + folder
            + " encoded with the card's features"
            + (skipped == 0 ? "" : " (" + skipped + " lines that are not records left out)"));
  }

  /**
   * Returns the number of rows the check runs.
   *
   * @return the first dimension of the first input, 1 for a scalar
   */
  public long rows() {
    return rows(arrays);
  }

  private static long rows(Map<String, Tensor> arrays) {
    Tensor first = arrays.values().iterator().next();
    return first.rank() == 0 ? 1 : first.shape()[0];
  }
}
