package dev.parity.spark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.predict.ProcessMemory;
import dev.parity.predict.Soak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Native-memory soak of the Spark job: the same job run pass after pass in one JVM (in local mode
 * the executors live in it), each pass many partitions, so tasks take and close model leases and
 * per-batch native scopes thousands of times. The figure is the resident memory outside the heap
 * after the last pass minus the same after the first 5% of the passes (at least one), the rule the
 * toolkit's soak applies; the soak fails when it grows by more than the limit (2%).
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Spark job --passes times over N synthetic records in --partitions partitions and"
          + " reports native memory growth (RSS outside the heap, after 5%% of the passes -> end)."
          + " Exit 0 when growth is within --max-growth-percent, 1 when not.",
      "Run with a fixed, pre-touched heap (the launcher uses -Xms4g -Xmx4g -XX:+AlwaysPreTouch"
          + " for soak unless PARITY_SPARK_JAVA_OPTS says otherwise)."
    })
final class SparkSoak implements Callable<Integer> {
  @Option(names = "--engine", defaultValue = "pytorch", description = "Engine (default pytorch).")
  String engine;

  @Option(
      names = "--records",
      defaultValue = "1000000",
      description = "Records per pass (default ${DEFAULT-VALUE}).")
  long records;

  @Option(
      names = "--passes",
      defaultValue = "20",
      description = "Passes of the job over the records (default ${DEFAULT-VALUE}).")
  int passes;

  @Option(
      names = "--warmup-passes",
      defaultValue = "2",
      description =
          "Passes run first and not counted: Spark, Parquet, the JIT and the engine warm up"
              + " (default ${DEFAULT-VALUE}).")
  int warmupPasses;

  @Option(
      names = "--partitions",
      defaultValue = "50",
      description = "Input files, so partitions (tasks) per pass (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--batch-size",
      defaultValue = "" + InferenceOptions.DEFAULT_BATCH_SIZE,
      description = "Records per engine call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--dir",
      defaultValue = "target/spark-soak",
      description = "Working folder: records, predictions, memory.csv (default ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--seed",
      defaultValue = "20201004",
      description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--max-growth-percent",
      defaultValue = "2.0",
      description = "Largest growth that passes (default ${DEFAULT-VALUE}).")
  double maxGrowthPercent;

  @Option(names = "--json", description = "Also write the figures to this JSON file.")
  Path json;

  @Mixin ParitySpark.SparkOptions spark = new ParitySpark.SparkOptions();

  /**
   * One pass: its throughput and the JVM's memory right after it.
   *
   * @param pass the pass number, from 1
   * @param seconds the pass's wall time
   * @param recordsPerSecond good and bad rows per second
   * @param rssBytes resident memory
   * @param rssOutsideHeapBytes resident memory outside the committed heap, after a GC
   * @param untrimmedOutsideHeapBytes the same before glibc was asked to return its free memory
   *     ({@code malloc_trim}); equal when that is not available
   */
  record Pass(
      int pass,
      double seconds,
      double recordsPerSecond,
      long rssBytes,
      long rssOutsideHeapBytes,
      long untrimmedOutsideHeapBytes) {}

  /**
   * The soak's figures.
   *
   * @param engine the engine
   * @param master the Spark master
   * @param recordsPerPass records per pass
   * @param partitions partitions per pass
   * @param steadyPass the pass after which the steady figure is taken (5% of the passes)
   * @param steadyBytes RSS outside the heap after that pass
   * @param endBytes RSS outside the heap after the last pass
   * @param growthBytes end minus steady
   * @param growthPercent growth as a percentage of steady
   * @param maxGrowthPercent the limit
   * @param passed whether the growth is within the limit
   * @param trendBytesPerPass least-squares slope of RSS outside the heap over the passes from the
   *     steady one on: a leak per task or per job shows as a steady climb, sample noise does not
   * @param passes every pass
   */
  record Result(
      String engine,
      String master,
      long recordsPerPass,
      int partitions,
      int steadyPass,
      long steadyBytes,
      long endBytes,
      long growthBytes,
      double growthPercent,
      double maxGrowthPercent,
      boolean passed,
      double trendBytesPerPass,
      List<Pass> passes) {}

  /**
   * Applies the soak rule to the passes.
   *
   * @param passes the passes, in order (at least one)
   * @param maxGrowthPercent the limit
   * @param engine the engine, for the record
   * @param master the master, for the record
   * @param recordsPerPass records per pass, for the record
   * @param partitions partitions per pass, for the record
   * @return the figures and verdict
   */
  static Result judge(
      List<Pass> passes,
      double maxGrowthPercent,
      String engine,
      String master,
      long recordsPerPass,
      int partitions) {
    if (passes.isEmpty()) {
      throw new IllegalArgumentException("a soak needs at least one pass");
    }
    int steadyPass = Math.max(1, (int) Math.ceil(0.05 * passes.size()));
    long steady = passes.get(steadyPass - 1).rssOutsideHeapBytes();
    long end = passes.get(passes.size() - 1).rssOutsideHeapBytes();
    double percent = 100.0 * (end - steady) / steady;
    List<Pass> after = passes.subList(steadyPass - 1, passes.size());
    double meanX = 0;
    double meanY = 0;
    for (Pass p : after) {
      meanX += p.pass();
      meanY += p.rssOutsideHeapBytes();
    }
    meanX /= after.size();
    meanY /= after.size();
    double sxy = 0;
    double sxx = 0;
    for (Pass p : after) {
      sxy += (p.pass() - meanX) * (p.rssOutsideHeapBytes() - meanY);
      sxx += (p.pass() - meanX) * (p.pass() - meanX);
    }
    return new Result(
        engine,
        master,
        recordsPerPass,
        partitions,
        steadyPass,
        steady,
        end,
        end - steady,
        percent,
        maxGrowthPercent,
        percent <= maxGrowthPercent,
        sxx == 0 ? 0 : sxy / sxx,
        List.copyOf(passes));
  }

  /**
   * Asks glibc to hand free memory back to the system. Memory freed by native code (engines,
   * Parquet's codecs, direct buffers) stays in glibc's per-thread arenas and so in the RSS; what
   * remains after a trim is memory the process still uses. JNA comes with DJL.
   *
   * @return whether the call was made (false off glibc)
   */
  static boolean mallocTrim() {
    try {
      com.sun.jna.NativeLibrary.getInstance("c")
          .getFunction("malloc_trim")
          .invokeInt(new Object[] {0});
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (records < 1 || passes < 1 || partitions < 1 || warmupPasses < 0) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--records, --passes and --partitions must be at least 1");
    }
    Runtime rt = Runtime.getRuntime();
    if (rt.totalMemory() != rt.maxMemory()) {
      System.out.println(
          "warning: the heap is not fixed (-Xms != -Xmx): heap growth can hide or fake native"
              + " growth");
    }
    SparkSession session = ParitySpark.session(spark.master, "parity-spark soak");
    String master = session.sparkContext().master();
    try {
      Path input = dir.resolve("records-" + records + "-seed-" + seed + "-p" + partitions);
      if (!Files.exists(input.resolve("_SUCCESS"))) {
        SyntheticRecords.write(session, records, seed, partitions, input.toString());
      }
      InferenceOptions options =
          InferenceOptions.of(
                  EngineName.parse(engine), input.toString(), dir.resolve("predictions").toString())
              .withBatchSize(batchSize)
              .withOverwrite(true);
      for (int w = 1; w <= warmupPasses; w++) {
        System.out.printf(
            Locale.ROOT,
            "warm-up pass %d/%d: %s%n",
            w,
            warmupPasses,
            BatchInference.run(session, options));
      }
      List<Pass> done = new ArrayList<>();
      try (MemoryWatch watch = new MemoryWatch(dir.resolve("memory.csv"), 1000)) {
        for (int p = 1; p <= passes; p++) {
          BatchInference.Result r = BatchInference.run(session, options);
          // Parquet codecs and engines free native memory through direct buffers' cleaners.
          Soak.quiesce();
          long untrimmed = ProcessMemory.now().rssOutsideHeapBytes();
          mallocTrim();
          ProcessMemory m = ProcessMemory.now();
          done.add(
              new Pass(
                  p,
                  r.seconds(),
                  r.recordsPerSecond(),
                  m.rssBytes(),
                  m.rssOutsideHeapBytes(),
                  untrimmed));
          System.out.printf(
              Locale.ROOT,
              "pass %d/%d: %s; RSS %,d MiB, outside the heap %,d MiB (%,d before malloc_trim)%n",
              p,
              passes,
              r,
              m.rssBytes() >> 20,
              m.rssOutsideHeapBytes() >> 20,
              untrimmed >> 20);
        }
        System.out.println(watch.summary());
      }
      Result result =
          judge(done, maxGrowthPercent, options.engine().djlName(), master, records, partitions);
      System.out.printf(
          Locale.ROOT,
          "%s soak, %,d passes x %,d records in %d partitions: RSS outside the heap %,.1f MiB"
              + " after pass %d, %,.1f MiB after pass %d: growth %+.1f MiB (%+.2f%%), limit %.1f%%:"
              + " %s; trend %+.2f MiB per pass%n",
          result.engine(),
          passes,
          records,
          partitions,
          result.steadyBytes() / 1048576.0,
          result.steadyPass(),
          result.endBytes() / 1048576.0,
          passes,
          result.growthBytes() / 1048576.0,
          result.growthPercent(),
          maxGrowthPercent,
          result.passed() ? "PASS" : "FAIL",
          result.trendBytesPerPass() / 1048576.0);
      if (json != null) {
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValue(json.toFile(), result);
        System.out.println("figures: " + json);
      }
      return result.passed() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    } finally {
      ExecutorModels.closeAll();
      session.stop();
    }
  }
}
