package dev.parity.bench;

import ai.djl.translate.TranslateException;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
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
  private List<List<RawRecord>> batches;

  /**
   * Loads the model and cuts the records into batches.
   *
   * @throws Exception if the model or records cannot be loaded
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    predictor = BenchInputs.open(model, engine, device, interOp, intraOp, batch);
    batches = BenchInputs.batches(BenchInputs.records(predictor), batch);
  }

  /** Frees the model. */
  @TearDown(Level.Trial)
  public void close() {
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
    public void start(FullPathBenchmark bench, ThreadParams thread) {
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
   * Predicts one batch of raw records.
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
    List<RawRecord> records = cursor.next();
    counter.records += records.size();
    return predictor.predictRecords(records);
  }

  /**
   * Predicts one batch of raw records, timing each call.
   *
   * @param cursor this thread's next batch
   * @return the outputs
   * @throws TranslateException if the engine fails
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TensorBatch latency(Cursor cursor) throws TranslateException {
    return predictor.predictRecords(cursor.next());
  }
}
