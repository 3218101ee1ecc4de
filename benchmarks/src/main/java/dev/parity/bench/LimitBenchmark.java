package dev.parity.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.parity.engine.EngineSettings;
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

/**
 * The machine's limits as the engine reaches them: sustained fp32 GEMM rate and read bandwidth,
 * measured through DJL's PyTorch NDArray (not a hand-tuned kernel), so a roofline built from them
 * is what the engine could do for the model at best.
 *
 * <p>{@link #gemm} multiplies two {@code size × size} matrices ({@code 2·size³} FLOPs, secondary
 * result {@code gemm:flops} in FLOP/s); {@link #readBandwidth} sums a {@code megabytes} MB float
 * array (secondary result {@code readBandwidth:bytes} in bytes/s). {@code threads} goes to
 * PyTorch's intra-op threads, read once per process: every value runs in its own fork.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms1g",
      "-Xmx1g",
      "-Dai.djl.offline=true",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
    })
public class LimitBenchmark {

  /** PyTorch intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  /** Side of the square matrices multiplied. */
  @Param({"2048"})
  public int size;

  /** Size of the array summed, in MB (at least 256 to defeat every cache). */
  @Param({"256"})
  public int megabytes;

  private NDManager manager;
  private NDArray left;
  private NDArray right;
  private NDArray big;

  /** Starts PyTorch with the thread setting and fills the operands. */
  @Setup(Level.Trial)
  public void load() {
    EngineSettings.builder()
        .setEngine("pytorch")
        .optInterOpThreads(1)
        .optIntraOpThreads(threads)
        .build()
        .applyProcessSettings();
    manager = Engine.getEngine("PyTorch").newBaseManager();
    left = manager.randomUniform(-1, 1, new Shape(size, size));
    right = manager.randomUniform(-1, 1, new Shape(size, size));
    big = manager.randomUniform(0, 1, new Shape(megabytes * (1L << 20) / Float.BYTES));
  }

  /** Frees the operands. */
  @TearDown(Level.Trial)
  public void close() {
    manager.close();
  }

  /**
   * One {@code size × size} matrix product.
   *
   * @param counter counts the FLOPs
   * @return a checksum element, so the product is not dead code
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public float gemm(LimitCounter counter) {
    try (NDArray product = left.matMul(right)) {
      counter.flops += 2.0 * size * size * size;
      return product.getFloat(0, 0);
    }
  }

  /**
   * One sum over the whole large array: every byte read once, hardly any arithmetic.
   *
   * @param counter counts the bytes
   * @return the sum
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public float readBandwidth(LimitCounter counter) {
    try (NDArray sum = big.sum()) {
      counter.bytes += (double) big.size() * Float.BYTES;
      return sum.getFloat();
    }
  }
}
