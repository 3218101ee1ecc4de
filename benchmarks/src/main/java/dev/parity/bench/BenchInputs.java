package dev.parity.bench;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.build.Checkout;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordColumns;
import dev.parity.features.RecordEncoder;
import dev.parity.npy.Npy;
import dev.parity.npy.NpyFormatException;
import dev.parity.predict.ModelPredictor;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every benchmark loads once per trial: the model under an engine setting, and its reference
 * records cut into batches.
 *
 * <p>The records come from {@value #RECORDS_PROPERTY} if set, else from the nearest {@code
 * reference-outputs/<groupId>/<artifactId>/records.jsonl.gz} above the working directory; with
 * {@value #RECORDS_CACHE_PROPERTY} set they are parsed once into a {@link RecordCache} there and
 * read back from it by every later fork. The zoo is found the toolkit's way ({@code -Dparity.zoo},
 * {@code PARITY_ZOO}, else the nearest {@code zoo/}).
 */
public final class BenchInputs {

  /** System property naming the JSONL records to benchmark with. */
  public static final String RECORDS_PROPERTY = "parity.records";

  /** System property naming the reference set whose inputs feed a model without features. */
  public static final String REFERENCE_PROPERTY = "parity.reference";

  /** System property naming a folder for {@link RecordCache} files; unset: parse every time. */
  public static final String RECORDS_CACHE_PROPERTY = "parity.records.cache";

  private BenchInputs() {}

  /**
   * Opens a model under the given settings on a device; predictions return the task's output (else
   * the first output), as a serving path would read it.
   *
   * @param model {@code groupId:artifactId[:version]}
   * @param engine engine name, e.g. {@code pytorch}
   * @param device {@code cpu} or {@code gpu:N}
   * @param interOp inter-op threads, 0 for the engine's default
   * @param intraOp intra-op threads, 0 for the engine's default
   * @param batch records per engine call
   * @return the predictor; close it
   * @throws IOException if the zoo cannot be read
   * @throws ModelNotFoundException if the zoo lacks the engine's artifact
   * @throws MalformedModelException if the engine rejects the artifact
   */
  public static ModelPredictor open(
      String model, String engine, String device, int interOp, int intraOp, int batch)
      throws IOException, ModelNotFoundException, MalformedModelException {
    EngineSettings settings =
        EngineSettings.builder()
            .setEngine(engine)
            .optDevice(device)
            .optInterOpThreads(interOp)
            .optIntraOpThreads(intraOp)
            .optBatchSize(batch)
            .build();
    warnIfMxnetThreadsDiffer(settings);
    return ModelPredictor.openServing(ArtifactSpec.builder().optModel(model).build(), settings);
  }

  // MXNet takes its threads from OMP_NUM_THREADS, read by the native library from the environment
  // the JVM started with; a @Param cannot change it, so say when the label would be wrong.
  private static void warnIfMxnetThreadsDiffer(EngineSettings settings) {
    if (settings.engine() != EngineName.MXNET || settings.intraOpThreads() == 0) {
      return;
    }
    String omp = System.getenv("OMP_NUM_THREADS");
    if (!Integer.toString(settings.intraOpThreads()).equals(omp)) {
      System.err.println(
          "WARNING: MXNet ignores intraOp="
              + settings.intraOpThreads()
              + "; it uses OMP_NUM_THREADS="
              + (omp == null ? "(unset: all cores)" : omp)
              + " from the environment. Start JMH with OMP_NUM_THREADS="
              + settings.intraOpThreads()
              + " for a like-for-like run.");
    }
  }

  /**
   * Reads a model's reference records, keeping the fields its card's features read.
   *
   * @param predictor the loaded model
   * @return every readable record, in file order
   * @throws IOException if the file cannot be found or read
   * @throws IllegalStateException if the model takes tensors, not records
   */
  public static List<RawRecord> records(ModelPredictor predictor) throws IOException {
    var encoder = predictor.encoder();
    List<String> fields = encoder.fieldNames();
    java.util.Set<String> numeric = encoder.numericFields();
    Path file = recordsFile(predictor.card());
    String cache = System.getProperty(RECORDS_CACHE_PROPERTY);
    List<RawRecord> out =
        cache == null || cache.isBlank()
            ? RecordCache.parse(file, fields, numeric)
            : RecordCache.records(file, fields, numeric, Path.of(cache));
    if (out.isEmpty()) {
      throw new IOException(file + " holds no readable records");
    }
    return out;
  }

  /**
   * Cuts records into consecutive batches of exactly {@code batch} records; the tail that does not
   * fill a batch is dropped, so every call does the same amount of work. When there are fewer
   * records than one batch (the large preset's reference set holds 2,000), the records repeat in
   * order to fill it.
   *
   * @param records the records, at least one
   * @param batch records per batch, at least 1
   * @return views of {@code records} (or of its repetition), at least one
   * @throws IllegalArgumentException if the batch size is below 1 or there are no records
   */
  public static List<List<RawRecord>> batches(List<RawRecord> records, int batch) {
    if (batch < 1 || records.isEmpty()) {
      throw new IllegalArgumentException(
          "batch must be at least 1 and records non-empty, found batch "
              + batch
              + " over "
              + records.size()
              + " records");
    }
    if (batch > records.size()) {
      List<RawRecord> tiled = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        tiled.add(records.get(i % records.size()));
      }
      records = tiled;
    }
    List<List<RawRecord>> out = new ArrayList<>(records.size() / batch);
    for (int i = 0; i + batch <= records.size(); i += batch) {
      out.add(records.subList(i, i + batch));
    }
    return out;
  }

  /**
   * Makes a model's inputs, cut into batches of exactly {@code batch} records: its reference
   * records encoded when it takes records, else the {@code input:<name>} arrays of its reference
   * set ({@value #REFERENCE_PROPERTY}, else the nearest {@code
   * reference-outputs/<groupId>/<artifactId>/}), repeated in order when they hold fewer records
   * than a batch.
   *
   * @param predictor the loaded model
   * @param batch records per batch
   * @return the batches, at least one
   * @throws IOException if the records or the reference set cannot be found or read, or the set
   *     lacks an input of the model's signature
   * @throws NpyFormatException if an input file is not a valid {@code .npy}
   */
  public static List<TensorBatch> inputs(ModelPredictor predictor, int batch)
      throws IOException, NpyFormatException {
    if (predictor.takesRecords()) {
      List<TensorBatch> out = new ArrayList<>();
      for (List<RawRecord> b : batches(records(predictor), batch)) {
        out.add(predictor.encoder().encode(b));
      }
      return out;
    }
    return referenceInputs(predictor.card(), referenceFolder(predictor.card()), batch);
  }

  /**
   * Reads the {@code input:<name>} arrays of a reference set for every input of a model's signature
   * and cuts them into batches of exactly {@code batch} records, repeating them in order when they
   * hold fewer.
   *
   * @param card the model's card
   * @param folder the reference set's folder
   * @param batch records per batch
   * @return the batches, at least one
   * @throws IOException if the set cannot be read or lacks an input of the signature
   * @throws NpyFormatException if an input file is not a valid {@code .npy}
   */
  static List<TensorBatch> referenceInputs(ModelCard card, Path folder, int batch)
      throws IOException, NpyFormatException {
    ReferenceManifest manifest =
        ReferenceManifest.read(folder.resolve(ReferenceManifest.FILE_NAME));
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (TensorSpec spec : card.signature().inputs()) {
      String role = "input:" + spec.name();
      if (!manifest.has(role)) {
        throw new IOException(
            folder
                + " holds no "
                + role
                + ": the engine-only bench feeds a model without features the inputs of its"
                + " reference set (docs/reference-set.md)");
      }
      tensors.put(spec.name(), Npy.read(manifest.entry(role).resolveIn(folder)));
    }
    TensorBatch all = TensorBatch.of(tensors);
    List<TensorBatch> parts = new ArrayList<>();
    for (int have = 0; have < batch; have += all.rows()) {
      parts.add(all);
    }
    all = TensorBatch.concat(parts);
    List<TensorBatch> out = new ArrayList<>();
    for (int i = 0; i + batch <= all.rows(); i += batch) {
      out.add(all.rows(i, i + batch));
    }
    return out;
  }

  /**
   * Lays each batch out by field, as a columnar reader would hand it over.
   *
   * @param batches the batches
   * @param encoder the model's encoder, whose fields are kept
   * @return one layout per batch, in order
   */
  public static List<RecordColumns> columns(List<List<RawRecord>> batches, RecordEncoder encoder) {
    List<RecordColumns> out = new ArrayList<>(batches.size());
    for (List<RawRecord> b : batches) {
      out.add(RecordColumns.of(b, encoder.fieldNames(), encoder.numericFields()));
    }
    return out;
  }

  /**
   * Rotates through items without end, from a starting position: the input of a stream that runs as
   * long as a benchmark does.
   *
   * @param items the items, at least one
   * @param start the first item's position
   * @param <T> the items' type
   * @return an iterator that always has a next item
   */
  public static <T> Iterator<T> endless(List<T> items, int start) {
    return new Iterator<>() {
      private int next = start;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public T next() {
        T item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return item;
      }
    };
  }

  /**
   * Where a thread starts rotating through the batches, so that threads work on different ones.
   *
   * @param threadIndex the thread's index
   * @param threadCount the number of threads
   * @param batches the number of batches
   * @return a batch index
   */
  public static int startFor(int threadIndex, int threadCount, int batches) {
    return (int) ((long) threadIndex * batches / Math.max(1, threadCount));
  }

  private static Path referenceFolder(ModelCard card) throws IOException {
    String configured = System.getProperty(REFERENCE_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String relative = "reference-outputs/" + card.id().groupId() + "/" + card.id().artifactId();
    Optional<Path> found = Checkout.folderHolding(relative + "/" + ReferenceManifest.FILE_NAME);
    if (found.isPresent()) {
      return found.get().resolve(relative);
    }
    throw new IOException(
        "no "
            + relative
            + "/"
            + ReferenceManifest.FILE_NAME
            + " above "
            + Checkout.workingDirectory()
            + ": run from the repository or set -D"
            + REFERENCE_PROPERTY
            + "=DIR");
  }

  private static Path recordsFile(ModelCard card) throws IOException {
    String configured = System.getProperty(RECORDS_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String relative =
        "reference-outputs/"
            + card.id().groupId()
            + "/"
            + card.id().artifactId()
            + "/records.jsonl.gz";
    Optional<Path> found = Checkout.folderHolding(relative);
    if (found.isPresent()) {
      return found.get().resolve(relative);
    }
    throw new IOException(
        "no "
            + relative
            + " above "
            + Checkout.workingDirectory()
            + ": run from the repository or set -D"
            + RECORDS_PROPERTY
            + "=FILE");
  }
}
