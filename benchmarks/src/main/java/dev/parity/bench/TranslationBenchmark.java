package dev.parity.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.TensorBatch;
import dev.parity.translate.TensorTranslator;
import dev.parity.translate.TranslatorArguments;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The translation of {@link FullPathBenchmark} alone: everything the full path does for a batch of
 * raw records before the engine runs the model, and nothing else. That is {@code
 * features().encode(records)} (normalise each token, look it up, pad), then what {@link
 * PurchaseTranslator#processInput} does on DJL's per-call manager (bound-check the ids, one tensor
 * per field in one bulk copy), then closing that manager as DJL does after the call. The engine's
 * own work (the forward pass, copying the probabilities out) is left out.
 *
 * <p>Tensors are made by the engine under test, so the cost of getting ids into native memory is
 * that engine's; the model is opened under the same settings as the full path so the engine is set
 * up the same way. The counters {@code :encodeNanos} and {@code :tensorNanos} split the time.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms2g",
      "-Xmx2g",
      "-Dai.djl.offline=true",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
    })
public class TranslationBenchmark {

  /** The model, {@code groupId:artifactId[:version]}; it must take raw records. */
  @Param({"dev.parity:purchase"})
  public String model;

  /** The engine whose tensors are made. */
  @Param({"pytorch", "onnxruntime", "tensorflow", "mxnet"})
  public String engine;

  /** Records per call. */
  @Param({"1", "64", "1024", "4096"})
  public int batch;

  /** The device: {@code cpu} or {@code gpu:N}. */
  @Param({"cpu"})
  public String device;

  private ModelPredictor predictor;
  private RecordEncoder features;
  private TensorTranslator translator;
  private NDManager manager;
  private List<List<RawRecord>> batches;

  /**
   * Opens the model (for its feature spec and the engine), and cuts the records into batches.
   *
   * @throws Exception if the model or records cannot be loaded
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    // Threads 0: the engine's defaults; no tensor op runs here, only copies into native memory.
    predictor = BenchInputs.open(model, engine, device, 1, 0, batch);
    features = predictor.encoder();
    translator =
        new TensorTranslator(
            predictor.card().signature(),
            predictor.outputs(),
            TranslatorArguments.bindsByName(predictor.settings().engine().djlName()));
    manager =
        Engine.getEngine(predictor.settings().engine().djlName())
            .newBaseManager(predictor.settings().djlDevice());
    batches = BenchInputs.batches(BenchInputs.records(predictor), batch);
  }

  /** Frees the manager and the model. */
  @TearDown(Level.Trial)
  public void close() {
    manager.close();
    predictor.close();
  }

  /** Each thread's position in the batches. */
  @State(Scope.Thread)
  public static class Cursor {
    private List<List<RawRecord>> batches;
    private int next;

    /**
     * Starts each thread at its own share of the batches.
     *
     * @param bench the loaded benchmark
     * @param thread this thread's index and count
     */
    @Setup(Level.Trial)
    public void start(TranslationBenchmark bench, ThreadParams thread) {
      batches = bench.batches;
      next = BenchInputs.startFor(thread.getThreadIndex(), thread.getThreadCount(), batches.size());
    }

    List<RawRecord> next() {
      List<RawRecord> b = batches.get(next);
      next = next + 1 == batches.size() ? 0 : next + 1;
      return b;
    }
  }

  /**
   * Translates one batch of raw records into the engine's input tensors, then frees them.
   *
   * @param cursor this thread's next batch
   * @param counter counts the records and splits the time
   * @return the number of tensors made
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int throughput(Cursor cursor, TranslationCounter counter) {
    List<RawRecord> records = cursor.next();
    long start = System.nanoTime();
    TensorBatch ids = features.encode(records);
    long encoded = System.nanoTime();
    int tensors;
    // The full path's per-call manager is a sub-manager of the predictor's, closed after the call.
    try (NDManager call = manager.newSubManager()) {
      NDList inputs = translator.toEngine(call, ids);
      tensors = inputs.size();
    }
    long end = System.nanoTime();
    counter.records += records.size();
    counter.encodeNanos += encoded - start;
    counter.tensorNanos += end - encoded;
    return tensors;
  }
}
