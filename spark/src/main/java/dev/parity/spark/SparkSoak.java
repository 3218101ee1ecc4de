package dev.parity.spark;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.reliability.Growth;
import dev.parity.reliability.GrowthLimitOption;
import dev.parity.reliability.GrowthRule;
import dev.parity.reliability.ProcessMemory;
import dev.parity.reliability.SoakOptions;
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
 * after the last pass minus the same after the first 5% of the passes (at least one), judged by the
 * {@link GrowthRule} that {@code parity soak} applies: the soak fails when it grows by more than
 * the limit (2%).
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Spark job --passes times over N records (synthetic purchase records, or those of"
          + " --input repeated) in --partitions partitions and"
          + " reports native memory growth (RSS outside the heap, after 5%% of the passes -> end)."
          + " Exit 0 when growth is within --max-growth-percent, 1 when not.",
      "Run with a fixed, pre-touched heap (the launcher uses -Xms4g -Xmx4g -XX:+AlwaysPreTouch"
          + " for soak unless PARITY_SPARK_JAVA_OPTS says otherwise)."
    })
final class SparkSoak implements Callable<Integer> {
  @Mixin ParitySpark.ModelOptions model = new ParitySpark.ModelOptions();

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "Records to repeat to --records, JSON Lines or Parquet, e.g. a model's reference"
              + " records (reference-outputs/GROUP/ARTIFACT/records.jsonl.gz); required for"
              + " models other than the purchase model, whose records are generated otherwise.")
  Path input;

  @Option(names = "--engine", defaultValue = "pytorch", description = "Engine (default pytorch).")
  String engine;

  @Option(
      names = "--records",
      defaultValue = "" + SoakOptions.DEFAULT_RECORDS,
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

  @Mixin GrowthLimitOption growthLimit = new GrowthLimitOption();

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
   * Applies the growth rule to the passes.
   *
   * @param passes the passes, in order (at least one)
   * @param rule the growth rule
   * @param engine the engine, for the record
   * @param master the master, for the record
   * @param recordsPerPass records per pass, for the record
   * @param partitions partitions per pass, for the record
   * @return the figures and verdict
   */
  static Result judge(
      List<Pass> passes,
      GrowthRule rule,
      String engine,
      String master,
      long recordsPerPass,
      int partitions) {
    if (passes.isEmpty()) {
      throw new IllegalArgumentException("a soak needs at least one pass");
    }
    int steadyPass = GrowthRule.steadyPoint(passes.size());
    Growth growth =
        rule.judge(
            passes.get(steadyPass - 1).rssOutsideHeapBytes(),
            passes.get(passes.size() - 1).rssOutsideHeapBytes());
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
        growth.steadyBytes(),
        growth.endBytes(),
        growth.growthBytes(),
        growth.growthPercent(),
        growth.maxGrowthPercent(),
        growth.withinLimit(),
        sxx == 0 ? 0 : sxy / sxx,
        List.copyOf(passes));
  }

  @Override
  public Integer call() throws Exception {
    GrowthRule rule = growthLimit.rule();
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
    EngineName engineName = EngineName.parse(engine);
    ModelId modelId = model.model();
    SyntheticRecords.requireInputUnlessPurchase(modelId, input, "soak");
    BatchInference.recordModel(null, modelId); // before Spark starts: a model that takes records
    SparkSession session = ParitySpark.session(spark.spec("parity-spark soak", engineName));
    String master = session.sparkContext().master();
    try {
      Path folder;
      if (input != null) {
        folder = ReplayedRecords.prepare(session, modelId, input, records, partitions, dir, true);
      } else {
        folder = dir.resolve("records-" + records + "-seed-" + seed + "-p" + partitions);
        if (!Files.exists(folder.resolve("_SUCCESS"))) {
          SyntheticRecords.write(session, records, seed, partitions, folder.toString());
        }
      }
      InferenceOptions options =
          InferenceOptions.builder()
              .setEngine(engineName)
              .setInput(folder.toString())
              .setOutput(dir.resolve("predictions").toString())
              .optModel(modelId)
              .optBatchSize(batchSize)
              .optOverwrite()
              .build();
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
          ProcessMemory.quiesce();
          long untrimmed = ProcessMemory.now().rssOutsideHeapBytes();
          ProcessMemory.mallocTrim();
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
      Result result = judge(done, rule, options.engine().djlName(), master, records, partitions);
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
          result.maxGrowthPercent(),
          result.passed() ? "PASS" : "FAIL",
          result.trendBytesPerPass() / 1048576.0);
      if (json != null) {
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValue(json.toFile(), result);
        System.out.println("figures: " + json);
      }
      return (result.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED).code();
    } finally {
      ExecutorModels.closeAll();
      session.stop();
    }
  }
}
