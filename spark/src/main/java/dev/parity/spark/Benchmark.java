package dev.parity.spark;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.BadRecordException;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.reliability.ProcessMemory;
import dev.parity.zoo.ArtifactSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Times Parquet in to Parquet out on Spark against the single-JVM toolkit on the same records: the
 * Spark job end to end (read, features, engine, write), then {@link PurchasePredictor} alone on the
 * records already in memory, with as many caller threads as Spark has cores.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Generates N synthetic records (once, reused while the folder exists), times Spark"
          + " Parquet -> Parquet and the single-JVM toolkit on the same records, and prints"
          + " records/s for both. Timings on a shared machine are noisy: run it twice."
    })
final class Benchmark implements Callable<Integer> {
  @Option(
      names = "--records",
      defaultValue = "1000000",
      description = "Records (default ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--engine",
      defaultValue = "pytorch",
      description = "Engine (default ${DEFAULT-VALUE}).")
  String engine;

  @Option(
      names = "--dir",
      defaultValue = "target/spark-bench",
      description = "Working folder for records and predictions (default ${DEFAULT-VALUE}).")
  String dir;

  @Option(
      names = "--batch-size",
      defaultValue = "" + InferenceOptions.DEFAULT_BATCH_SIZE,
      description = "Records per engine call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seed",
      defaultValue = "20201003",
      description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--skip-single-jvm", description = "Time Spark only.")
  boolean skipSingleJvm;

  @Option(
      names = "--plain-parquet",
      description =
          "Write the records with plain (not dictionary) string encoding, as Parquet's default"
              + " writer ends up doing for token columns with many distinct values.")
  boolean plainParquet;

  @Option(
      names = "--warmup-records",
      defaultValue = "200000",
      description =
          "Records of a first, untimed Spark run that warms the JVM and loads the model (0 for"
              + " none; default ${DEFAULT-VALUE}).")
  long warmupRecords;

  @Option(
      names = "--single-jvm-records",
      defaultValue = "1000000",
      description =
          "Records the single-JVM baseline holds in memory and times (the first N; default"
              + " ${DEFAULT-VALUE}).")
  int singleJvmRecords;

  @Mixin ParitySpark.SparkOptions spark = new ParitySpark.SparkOptions();

  @Override
  public Integer call() throws Exception {
    SparkSession session = ParitySpark.session(spark.master, "parity-spark bench");
    String master = session.sparkContext().master();
    try {
      int cores = session.sparkContext().defaultParallelism();
      Path input = records(session, records, seed, cores);
      InferenceOptions options = options(input, "predictions");
      if (warmupRecords > 0) {
        // The first job of a JVM pays for class loading, code generation, the JIT and the
        // model load; the single-JVM figure excludes those, so the timed Spark run does too.
        BatchInference.Result w =
            BatchInference.run(
                session, options(records(session, warmupRecords, seed + 1, cores), "warmup"));
        System.out.printf(Locale.ROOT, "warm-up (not counted): %s%n", w);
      }
      ProcessMemory before = ProcessMemory.now();
      long cpuBefore = processCpuNanos();
      long batches = ColumnarBatchScorer.columnBatches();
      long dictionaryBatches = ColumnarBatchScorer.dictionaryEncodedBatches();
      BatchInference.Result r = BatchInference.run(session, options);
      double sparkCpu = (processCpuNanos() - cpuBefore) / 1e9;
      ProcessMemory after = ProcessMemory.now();
      System.out.printf(Locale.ROOT, "spark %s, %s: %s%n", master, options.engine().djlName(), r);
      System.out.printf(
          Locale.ROOT,
          "  process CPU %.1f s: %,.0f records per CPU-second (%.2f cores busy on average)%n",
          sparkCpu,
          (r.good() + r.bad()) / sparkCpu,
          sparkCpu / r.seconds());
      System.out.printf(
          Locale.ROOT,
          "  column batches: %,d (%,d with dictionary-encoded tokens); JVM RSS %s -> %s MiB,"
              + " heap committed %s -> %s MiB (local mode: the executors are this JVM)%n",
          ColumnarBatchScorer.columnBatches() - batches,
          ColumnarBatchScorer.dictionaryEncodedBatches() - dictionaryBatches,
          mib(before.rssBytes()),
          mib(after.rssBytes()),
          mib(before.heapCommittedBytes()),
          mib(after.heapCommittedBytes()));
      if (!skipSingleJvm) {
        double single = singleJvm(session, options, cores);
        System.out.printf(
            Locale.ROOT,
            "single JVM, %d caller threads, first %,d records: %,.0f records/s (features +"
                + " engine, records in memory); spark/single = %.2f%n",
            cores,
            Math.min(records, singleJvmRecords),
            single,
            r.recordsPerSecond() / single);
      }
      System.out.println("(shared machine: timings are noisy; repeat before comparing)");
      return 0;
    } finally {
      ExecutorModels.closeAll();
      session.stop();
    }
  }

  private Path records(SparkSession session, long n, long seed, int cores) {
    Path input =
        Path.of(dir, "records-" + n + "-seed-" + seed + (plainParquet ? "-plain" : "-dictionary"));
    if (!Files.exists(input.resolve("_SUCCESS"))) {
      long start = System.nanoTime();
      SyntheticRecords.write(
          session,
          n,
          seed,
          (int) Math.max(2L * cores, (n + 499_999) / 500_000),
          input.toString(),
          !plainParquet);
      System.out.printf(
          Locale.ROOT, "generated %,d records in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }
    return input;
  }

  private InferenceOptions options(Path input, String output) {
    return InferenceOptions.of(
            EngineName.parse(engine), input.toString(), Path.of(dir, output).toString())
        .withBatchSize(batchSize)
        .withOverwrite(true);
  }

  // Process CPU time: on a shared machine, records per CPU-second say more than wall time.
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,d", bytes >> 20);
  }

  private double singleJvm(SparkSession session, InferenceOptions options, int threads)
      throws Exception {
    EngineSettings settings = options.engineSettings(1);
    try (ModelPredictor predictor =
        ModelPredictor.openServing(ArtifactSpec.builder().build(), settings)) {
      List<String> fields = predictor.encoder().fieldNames();
      Dataset<Row> rows = session.read().parquet(options.input()).limit(singleJvmRecords);
      InputRows reader = InputRows.columns(rows.schema());
      List<RawRecord> all = new ArrayList<>((int) Math.min(records, singleJvmRecords));
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        try {
          all.add(reader.record(it.next(), fields));
        } catch (BadRecordException e) {
          // Synthetic records are all good; nothing to time for a bad one.
        }
      }
      predictor.predictRecords(
          all.subList(0, Math.min(all.size(), settings.batchSize()))); // warm-up
      AtomicInteger next = new AtomicInteger();
      int batch = settings.batchSize();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(
              pool.submit(
                  () -> {
                    for (int from; (from = next.getAndAdd(batch)) < all.size(); ) {
                      predictor.predictRecords(
                          all.subList(from, Math.min(all.size(), from + batch)));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "  single JVM process CPU %.1f s: %,.0f records per CPU-second (%.2f cores busy)%n",
            cpuSeconds,
            all.size() / cpuSeconds,
            cpuSeconds / seconds);
        return all.size() / seconds;
      } finally {
        pool.shutdown();
      }
    }
  }
}
