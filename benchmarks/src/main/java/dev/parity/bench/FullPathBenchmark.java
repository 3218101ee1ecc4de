package dev.parity.bench;

import ai.djl.translate.TranslateException;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordColumns;
import dev.parity.predict.ModelPredictor;
import dev.parity.predict.PredictionStream;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
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
 * The whole path a caller pays for: raw records, encoded through the model card's vocabulary, run
 * by the engine, probabilities copied back. One call predicts one batch of {@code batch} reference
 * records; successive calls rotate through all 100,000 records.
 *
 * <p>{@code path} says how the records come in and where they are encoded ({@link InputPath}):
 * {@code records} (a {@code RawRecord} per record, encoded on the calling thread into Java arrays),
 * {@code columns} (laid out by field, encoded on the calling thread into a reused direct batch) or
 * {@code pipelined} (the same, but each thread's own {@code PredictionStream} encodes the next
 * batches on a second thread while the engine runs this one). Laying the records out by field is
 * setup, like parsing them.
 *
 * <p>{@link #throughput} scores batches/s, with records/s as its secondary result {@code
 * throughput:records}; {@link #latency} samples the time of each batch for p50/p99.
 *
 * <p>Thread settings: PyTorch and MXNet read them once per process, so every parameter combination
 * runs in its own fork (never use {@code -f 0}). MXNet ignores {@code intraOp}: it takes {@code
 * OMP_NUM_THREADS} from the environment JMH was started with (forks inherit it), so sweep it by
 * starting JMH once per value.
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
public class FullPathBenchmark {

  /** The model, {@code groupId:artifactId[:version]}; it must take raw records. */
  @Param({"dev.parity:purchase"})
  public String model;

  /** The engine. */
  @Param({"pytorch", "onnxruntime", "tensorflow", "mxnet"})
  public String engine;

  /** How the records come in and where they are encoded: an {@link InputPath} key. */
  @Param({"pipelined", "columns", "records"})
  public String path;

  /** Records per call. */
  @Param({"1", "64", "1024", "4096"})
  public int batch;

  /** The device: {@code cpu} or {@code gpu:N}. */
  @Param({"cpu"})
  public String device;

  /** Engine inter-op threads (0: the engine's default). */
  @Param({"1"})
  public int interOp;

  /** Engine intra-op threads (0: the engine's default; MXNet: see the class comment). */
  @Param({"1"})
  public int intraOp;

  private ModelPredictor predictor;
  private InputPath input;
  private List<List<RawRecord>> batches;
  private List<RecordColumns> columns;

  /**
   * Loads the model and cuts the records into batches (laid out by field unless the path takes
   * records).
   *
   * @throws Exception if the model or records cannot be loaded
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    input = InputPath.of(path);
    predictor = BenchInputs.open(model, engine, device, interOp, intraOp, batch);
    batches = BenchInputs.batches(BenchInputs.records(predictor), batch);
    if (input != InputPath.RECORDS) {
      columns = BenchInputs.columns(batches, predictor.encoder());
      batches = null;
    }
  }

  /** Frees the model. */
  @TearDown(Level.Trial)
  public void close() {
    predictor.close();
  }

  /** Each thread's position in the batches, and its stream when the path is pipelined. */
  @State(Scope.Thread)
  public static class Cursor {
    private FullPathBenchmark bench;
    private int count;
    private int next;
    private PredictionStream stream;
    private DirectBatch direct;

    /**
     * Starts each thread at its own share of the batches; a pipelined thread opens its stream
     * there, endless, rotating through the batches.
     *
     * @param bench the loaded benchmark
     * @param thread this thread's index and count
     */
    @Setup(Level.Trial)
    public void start(FullPathBenchmark bench, ThreadParams thread) {
      this.bench = bench;
      count = bench.batches != null ? bench.batches.size() : bench.columns.size();
      next = BenchInputs.startFor(thread.getThreadIndex(), thread.getThreadCount(), count);
      if (bench.input == InputPath.PIPELINED) {
        stream = bench.predictor.streamColumns(BenchInputs.endless(bench.columns, next));
      } else if (bench.input == InputPath.COLUMNS && bench.predictor.encoder().encodesDirect()) {
        direct = bench.predictor.encoder().allocate(bench.batch);
      }
    }

    /** Stops this thread's encoder. */
    @TearDown(Level.Trial)
    public void stop() {
      if (stream != null) {
        stream.close();
      }
    }

    int advance() {
      int at = next;
      next = next + 1 == count ? 0 : next + 1;
      return at;
    }

    private TensorBatch predictColumns(RecordColumns columns) throws TranslateException {
      if (direct == null) {
        return bench.predictor.predict(bench.predictor.encoder().encode(columns));
      }
      bench.predictor.encoder().encode(columns, direct);
      return bench.predictor.predict(direct);
    }

    TensorBatch predict() throws TranslateException {
      return switch (bench.input) {
        case RECORDS -> bench.predictor.predictRecords(bench.batches.get(advance()));
        case COLUMNS -> predictColumns(bench.columns.get(advance()));
        case PIPELINED -> stream.next();
      };
    }
  }

  /**
   * Predicts one batch of records.
   *
   * @param cursor this thread's next batch
   * @param counter counts the records
   * @return the outputs
   * @throws TranslateException if the engine fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public TensorBatch throughput(Cursor cursor, RecordCounter counter) throws TranslateException {
    TensorBatch out = cursor.predict();
    counter.records += out.rows();
    return out;
  }

  /**
   * Predicts one batch of records, timing each call.
   *
   * @param cursor this thread's next batch
   * @return the outputs
   * @throws TranslateException if the engine fails
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TensorBatch latency(Cursor cursor) throws TranslateException {
    return cursor.predict();
  }
}
