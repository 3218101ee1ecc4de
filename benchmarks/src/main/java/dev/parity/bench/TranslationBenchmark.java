package dev.parity.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordColumns;
import dev.parity.features.RecordEncoder;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.DirectBatch;
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
 * raw records before the engine runs the model, and nothing else. That is encoding the records
 * (normalise each token, look it up, pad), then what {@code TensorTranslator.toEngine} does on
 * DJL's per-call manager (bound-check the ids, one engine array per input), then closing that
 * manager as DJL does after the call. The engine's own work (the forward pass, copying the
 * probabilities out) is left out.
 *
 * <p>{@code path} as in {@link FullPathBenchmark}: {@code records} encodes {@code RawRecord}s into
 * Java arrays, which the engine copies; {@code columns} and {@code pipelined} (the same work, done
 * on the stream's thread) encode records laid out by field into a reused direct batch, which ONNX
 * Runtime and PyTorch read in place.
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

  /** How the records come in: an {@link InputPath} key. */
  @Param({"pipelined", "records"})
  public String path;

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
  private InputPath input;
  private List<List<RawRecord>> batches;
  private List<RecordColumns> columns;

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
    input = InputPath.of(path);
    batches = BenchInputs.batches(BenchInputs.records(predictor), batch);
    if (input != InputPath.RECORDS) {
      columns = BenchInputs.columns(batches, features);
    }
  }

  /** Frees the manager and the model. */
  @TearDown(Level.Trial)
  public void close() {
    manager.close();
    predictor.close();
  }

  /** Each thread's position in the batches, and its reused direct batch. */
  @State(Scope.Thread)
  public static class Cursor {
    private int count;
    private int next;
    private DirectBatch direct;

    /**
     * Starts each thread at its own share of the batches.
     *
     * @param bench the loaded benchmark
     * @param thread this thread's index and count
     */
    @Setup(Level.Trial)
    public void start(TranslationBenchmark bench, ThreadParams thread) {
      count = bench.batches.size();
      next = BenchInputs.startFor(thread.getThreadIndex(), thread.getThreadCount(), count);
      if (bench.input != InputPath.RECORDS) {
        direct = bench.features.allocate(bench.batch);
      }
    }

    int advance() {
      int at = next;
      next = next + 1 == count ? 0 : next + 1;
      return at;
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
    int at = cursor.advance();
    long start = System.nanoTime();
    TensorBatch ids = null;
    if (input == InputPath.RECORDS) {
      ids = features.encode(batches.get(at));
    } else {
      features.encode(columns.get(at), cursor.direct);
    }
    long encoded = System.nanoTime();
    int tensors;
    // The full path's per-call manager is a sub-manager of the predictor's, closed after the call.
    try (NDManager call = manager.newSubManager()) {
      NDList inputs =
          ids != null ? translator.toEngine(call, ids) : translator.toEngine(call, cursor.direct);
      tensors = inputs.size();
    }
    long end = System.nanoTime();
    counter.records += batch;
    counter.encodeNanos += encoded - start;
    counter.tensorNanos += end - encoded;
    return tensors;
  }
}
