package dev.parity.bench;

import ai.djl.translate.TranslateException;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
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
 * The engine's share of {@link FullPathBenchmark}: the inputs are made once, at setup, and each
 * call predicts one batch of them (bound check, tensors in, engine, copy out). They are held in
 * direct buffers ({@code DirectBatch}), as the pipelined full path hands them to the engine, so
 * ONNX Runtime and PyTorch read them in place. A model that takes records gets its reference
 * records encoded; any other model the {@code input:<name>} arrays of its reference set ({@link
 * BenchInputs#inputs}). The bound check is also part of {@link TranslationBenchmark}, so
 * engine-only and translation overlap by that much. Parameters and thread caveats are those of
 * {@link FullPathBenchmark}.
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
public class EngineOnlyBenchmark {

  /** The model, {@code groupId:artifactId[:version]}. */
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

  /** Engine intra-op threads (0: the engine's default; MXNet reads OMP_NUM_THREADS instead). */
  @Param({"1"})
  public int intraOp;

  private ModelPredictor predictor;
  private List<DirectBatch> encoded;

  /**
   * Loads the model and makes every batch of its inputs.
   *
   * @throws Exception if the model or its inputs cannot be loaded
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    predictor = BenchInputs.open(model, engine, device, interOp, intraOp, batch);
    List<TensorBatch> inputs = BenchInputs.inputs(predictor, batch);
    encoded = new ArrayList<>(inputs.size());
    for (TensorBatch b : inputs) {
      encoded.add(DirectBatch.copyOf(b));
    }
  }

  /** Frees the model. */
  @TearDown(Level.Trial)
  public void close() {
    predictor.close();
  }

  /** Each thread's position in the encoded batches. */
  @State(Scope.Thread)
  public static class Cursor {
    private List<DirectBatch> encoded;
    private int next;

    /**
     * Starts each thread at its own share of the batches.
     *
     * @param bench the loaded benchmark
     * @param thread this thread's index and count
     */
    @Setup(Level.Trial)
    public void start(EngineOnlyBenchmark bench, ThreadParams thread) {
      encoded = bench.encoded;
      next = BenchInputs.startFor(thread.getThreadIndex(), thread.getThreadCount(), encoded.size());
    }

    DirectBatch next() {
      DirectBatch b = encoded.get(next);
      next = next + 1 == encoded.size() ? 0 : next + 1;
      return b;
    }
  }

  /**
   * Predicts one pre-encoded batch.
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
    DirectBatch b = cursor.next();
    counter.records += b.rows();
    return predictor.predict(b);
  }
}
