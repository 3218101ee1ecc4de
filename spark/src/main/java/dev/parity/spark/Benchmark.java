package dev.parity.spark;

import dev.parity.card.ModelId;
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
 * Spark job end to end (read, features, engine, write), first cold and counted from the command's
 * start (launcher, JVM, session, model loads and the first batches included; {@link StartupSplit}),
 * then warm; then {@link ModelPredictor} alone on the records already in memory, with as many
 * caller threads as Spark has cores. The records are synthetic purchase records ({@link
 * SyntheticRecords}) or, for any model, a file's records repeated ({@link ReplayedRecords}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Generates N synthetic purchase records, or repeats the records of --input to N (once,"
          + " reused while the folder exists), times Spark Parquet -> Parquet cold (the JVM's first job, counted from the command's start, with"
          + " the split of the start-up) and warm (the same records again), then the single-JVM"
          + " toolkit on the same records, and prints records/s for each. Timings on a shared"
          + " machine are noisy: run it twice."
    })
final class Benchmark implements Callable<Integer> {
  @Mixin ParitySpark.ModelOptions model = new ParitySpark.ModelOptions();

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "Records to repeat to --records, JSON Lines or Parquet, e.g. a model's reference"
              + " records (reference-outputs/GROUP/ARTIFACT/records.jsonl.gz); required for"
              + " models other than the purchase model, whose records are generated otherwise.")
  Path input;

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
      names = "--warm-runs",
      defaultValue = "1",
      description =
          "Runs over the same records after the cold one, timed warm (0 for none; default"
              + " ${DEFAULT-VALUE}). The cold run is the warm-up: no separate warm-up job.")
  int warmRuns;

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
    StartupSplit.Clock clock = StartupSplit.Clock.ofThisCommand();
    EngineName engineName = EngineName.parse(engine);
    ModelId modelId = model.model();
    SyntheticRecords.requireInputUnlessPurchase(modelId, input, "bench");
    BatchInference.recordModel(null, modelId); // before Spark starts: a model that takes records
    SparkSession session = ParitySpark.session(spark.spec("parity-spark bench", engineName));
    long sessionReady = System.currentTimeMillis();
    String master = session.sparkContext().master();
    try {
      int cores = session.sparkContext().defaultParallelism();
      Path expected =
          input != null
              ? Path.of(dir)
                  .resolve(
                      ReplayedRecords.folderName(
                          input, records, partitions(records, cores), !plainParquet))
              : recordsFolder(records, seed);
      boolean generated = !Files.exists(expected.resolve("_SUCCESS"));
      Path folder =
          input != null
              ? ReplayedRecords.prepare(
                  session,
                  modelId,
                  input,
                  records,
                  partitions(records, cores),
                  Path.of(dir),
                  !plainParquet)
              : records(session, records, seed, cores);
      InferenceOptions options = options(modelId, folder, "predictions");

      long jobStart = System.currentTimeMillis();
      Measured cold = measure(session, options);
      List<Measured> warm = new ArrayList<>();
      for (int i = 0; i < warmRuns; i++) {
        warm.add(measure(session, options));
      }
      Measured last = warm.isEmpty() ? cold : warm.get(warm.size() - 1);
      StartupSplit split =
          StartupSplit.of(
              clock,
              sessionReady,
              jobStart,
              cold.result(),
              warm.isEmpty() ? Double.NaN : last.result().seconds());

      System.out.printf(
          Locale.ROOT,
          "spark %s, %s, %s, %,d records%s%n",
          master,
          options.model(),
          options.engine().djlName(),
          records,
          plainParquet ? " (plain-encoded Parquet)" : "");
      System.out.printf(
          Locale.ROOT,
          "cold: the JVM's first job, counted from the command's start: %,.0f records/s%n",
          split.recordsPerSecondFromStart());
      printSplit(split, generated);
      ParitySpark.printModelLoads(session, cold.result());
      for (int i = 0; i < warm.size(); i++) {
        System.out.printf(
            Locale.ROOT, "warm run %d (same records, same JVM): %s%n", i + 1, warm.get(i).result());
      }
      System.out.printf(Locale.ROOT, "%s%n", last.describe(master));
      if (!skipSingleJvm) {
        double single = singleJvm(session, options, cores);
        System.out.printf(
            Locale.ROOT,
            "single JVM, %d caller threads, first %,d records: %,.0f records/s (features +"
                + " engine, records in memory); spark (last run)/single = %.2f%n",
            cores,
            Math.min(records, singleJvmRecords),
            single,
            last.result().recordsPerSecond() / single);
      }
      System.out.println("(shared machine: timings are noisy; repeat before comparing)");
      return 0;
    } finally {
      ExecutorModels.closeAll();
      session.stop();
    }
  }

  private static void printSplit(StartupSplit s, boolean generated) {
    String row = "  %-40s %7.1f s%n";
    System.out.printf(Locale.ROOT, row, "launcher (script, build check)", s.launcherSeconds());
    System.out.printf(Locale.ROOT, row, "JVM start to main", s.jvmSeconds());
    System.out.printf(Locale.ROOT, row, "Spark session", s.sessionSeconds());
    System.out.printf(Locale.ROOT, row, "job (read, predict, write, commit)", s.jobSeconds());
    System.out.printf(
        Locale.ROOT, row, "  of which model load (longest executor)", s.modelLoadSeconds());
    if (!Double.isNaN(s.firstBatchesSeconds())) {
      System.out.printf(
          Locale.ROOT, row, "  of which first batches (beyond warm)", s.firstBatchesSeconds());
    }
    System.out.printf(Locale.ROOT, row, "counted from the command's start", s.countedSeconds());
    if (generated) {
      System.out.printf(
          Locale.ROOT,
          "  (not counted: %.1f s generating the records in this JVM, which warmed it up: run"
              + " again for a cold figure)%n",
          s.betweenSeconds());
    }
  }

  /**
   * One timed run with the process CPU and memory around it.
   *
   * @param result the run
   * @param cpuSeconds process CPU seconds during the run
   * @param before memory before
   * @param after memory after
   * @param batches column batches read
   * @param dictionaryBatches of which with dictionary-encoded tokens
   */
  private record Measured(
      BatchInference.Result result,
      double cpuSeconds,
      ProcessMemory before,
      ProcessMemory after,
      long batches,
      long dictionaryBatches) {

    String describe(String master) {
      return String.format(
          Locale.ROOT,
          "  process CPU %.1f s: %,.0f records per CPU-second (%.2f cores busy on average)%n"
              + "  column batches: %,d (%,d with dictionary-encoded tokens); JVM RSS %s -> %s"
              + " MiB, heap committed %s -> %s MiB%s",
          cpuSeconds,
          (result.good() + result.bad()) / cpuSeconds,
          cpuSeconds / result.seconds(),
          batches,
          dictionaryBatches,
          mib(before.rssBytes()),
          mib(after.rssBytes()),
          mib(before.heapCommittedBytes()),
          mib(after.heapCommittedBytes()),
          master.startsWith("local")
              ? " (local mode: the executors are this JVM)"
              : " (the driver's; on a cluster the executors' CPU and batches are theirs)");
    }
  }

  private static Measured measure(SparkSession session, InferenceOptions options)
      throws java.io.IOException {
    ProcessMemory before = ProcessMemory.now();
    long cpuBefore = processCpuNanos();
    long batches = ColumnarBatchScorer.columnBatches();
    long dictionaryBatches = ColumnarBatchScorer.dictionaryEncodedBatches();
    BatchInference.Result r = BatchInference.run(session, options);
    return new Measured(
        r,
        (processCpuNanos() - cpuBefore) / 1e9,
        before,
        ProcessMemory.now(),
        ColumnarBatchScorer.columnBatches() - batches,
        ColumnarBatchScorer.dictionaryEncodedBatches() - dictionaryBatches);
  }

  private Path recordsFolder(long n, long seed) {
    return Path.of(
        dir, "records-" + n + "-seed-" + seed + (plainParquet ? "-plain" : "-dictionary"));
  }

  private Path records(SparkSession session, long n, long seed, int cores) {
    Path input = recordsFolder(n, seed);
    if (!Files.exists(input.resolve("_SUCCESS"))) {
      long start = System.nanoTime();
      SyntheticRecords.write(
          session, n, seed, partitions(n, cores), input.toString(), !plainParquet);
      System.out.printf(
          Locale.ROOT, "generated %,d records in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    }
    return input;
  }

  // Two per core, at least one per 500,000 records.
  private static int partitions(long n, int cores) {
    return (int) Math.max(2L * cores, (n + 499_999) / 500_000);
  }

  private InferenceOptions options(ModelId modelId, Path input, String output) {
    return InferenceOptions.builder()
        .setEngine(EngineName.parse(engine))
        .setInput(input.toString())
        .setOutput(Path.of(dir, output).toString())
        .optModel(modelId)
        .optBatchSize(batchSize)
        .optOverwrite()
        .build();
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
        ModelPredictor.openServing(
            ArtifactSpec.builder().optModel(options.model()).build(), settings)) {
      List<String> fields = predictor.encoder().fieldNames();
      java.util.Set<String> numeric = predictor.encoder().numericFields();
      Dataset<Row> rows = session.read().parquet(options.input()).limit(singleJvmRecords);
      InputRows reader = InputRows.columns(rows.schema());
      List<RawRecord> all = new ArrayList<>((int) Math.min(records, singleJvmRecords));
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        try {
          all.add(reader.record(it.next(), fields, numeric));
        } catch (BadRecordException e) {
          // Synthetic and repeated records are all good; nothing to time for a bad one.
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
