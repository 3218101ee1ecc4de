package dev.parity.bench;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.build.Checkout;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every benchmark loads once per trial: the model under an engine setting, and the 100,000
 * reference records cut into batches.
 *
 * <p>The records come from {@value #RECORDS_PROPERTY} if set, else from the nearest {@code
 * reference-outputs/records.jsonl.gz} above the working directory; with {@value
 * #RECORDS_CACHE_PROPERTY} set they are parsed once into a {@link RecordCache} there and read back
 * from it by every later fork. The zoo is found the toolkit's way ({@code -Dparity.zoo}, {@code
 * PARITY_ZOO}, else the nearest {@code zoo/}).
 */
public final class BenchInputs {

  /** System property naming the JSONL records to benchmark with. */
  public static final String RECORDS_PROPERTY = "parity.records";

  /** System property naming a folder for {@link RecordCache} files; unset: parse every time. */
  public static final String RECORDS_CACHE_PROPERTY = "parity.records.cache";

  private static final Path DEFAULT_RECORDS = Path.of("reference-outputs", "records.jsonl.gz");

  private BenchInputs() {}

  /**
   * Opens the purchase model under the given settings.
   *
   * @param engine engine name, e.g. {@code pytorch}
   * @param interOp inter-op threads, 0 for the engine's default
   * @param intraOp intra-op threads, 0 for the engine's default
   * @param batch records per engine call
   * @return the predictor; close it
   * @throws IOException if the zoo cannot be read
   * @throws ModelNotFoundException if the zoo lacks the engine's artifact
   * @throws MalformedModelException if the engine rejects the artifact
   */
  public static PurchasePredictor open(String engine, int interOp, int intraOp, int batch)
      throws IOException, ModelNotFoundException, MalformedModelException {
    return open(engine, "cpu", interOp, intraOp, batch);
  }

  /**
   * Opens the purchase model under the given settings on a device.
   *
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
  public static PurchasePredictor open(
      String engine, String device, int interOp, int intraOp, int batch)
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
    return PurchasePredictor.open(ArtifactSpec.builder().build(), settings, false);
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
   * Reads the reference records, keeping the given fields.
   *
   * @param fields the model's field names
   * @return every readable record, in file order
   * @throws IOException if the file cannot be found or read
   */
  public static List<RawRecord> records(List<String> fields) throws IOException {
    Path file = recordsFile();
    String cache = System.getProperty(RECORDS_CACHE_PROPERTY);
    List<RawRecord> out =
        cache == null || cache.isBlank()
            ? RecordCache.parse(file, fields)
            : RecordCache.records(file, fields, Path.of(cache));
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

  private static Path recordsFile() throws IOException {
    String configured = System.getProperty(RECORDS_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Optional<Path> found = Checkout.folderHolding(DEFAULT_RECORDS.toString());
    if (found.isPresent()) {
      return found.get().resolve(DEFAULT_RECORDS);
    }
    throw new IOException(
        "no "
            + DEFAULT_RECORDS
            + " above "
            + Checkout.workingDirectory()
            + ": run from the repository or set -D"
            + RECORDS_PROPERTY
            + "=FILE");
  }
}
