package dev.parity.bench;

import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The JVM-side translation of {@link FullPathBenchmark} alone: {@code features().encode(records)}
 * (normalise each token, look it up in the vocabulary, pad) for one batch of reference records. No
 * engine runs: the model is opened only to get the card's {@link FeatureSpec}, then closed.
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

  /**
   * The engine whose artifact is opened to read the card; translation does not depend on it, so one
   * is enough.
   */
  @Param({"onnxruntime"})
  public String engine;

  /** Records per call. */
  @Param({"1", "64", "1024", "4096"})
  public int batch;

  private FeatureSpec features;
  private List<List<RawRecord>> batches;

  /**
   * Reads the feature spec and cuts the records into batches.
   *
   * @throws Exception if the model or records cannot be loaded
   */
  @Setup(Level.Trial)
  public void load() throws Exception {
    try (PurchasePredictor predictor = BenchInputs.open(engine, 1, 1, batch)) {
      features = predictor.features();
    }
    batches = BenchInputs.batches(BenchInputs.records(features.names()), batch);
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
   * Encodes one batch of raw records.
   *
   * @param cursor this thread's next batch
   * @param counter counts the records
   * @return the ids
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public EncodedBatch throughput(Cursor cursor, RecordCounter counter) {
    List<RawRecord> records = cursor.next();
    counter.records += records.size();
    return features.encode(records);
  }
}
