package dev.parity.spark;

import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import dev.parity.zoo.ModelChoice;
import dev.parity.zoo.ZooFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code parity-spark} command line: {@code generate}, {@code predict}, {@code bench} and
 * {@code soak} on an embedded Spark ({@code local[*]}) or, under {@code spark-submit}, on the
 * cluster it names.
 */
@Command(
    name = "parity-spark",
    mixinStandardHelpOptions = true,
    description = {
      "Batch inference of a model of the zoo (by default the purchase model) on Apache Spark."
          + " Runs an embedded Spark (local[*]) unless --master names another, or spark-submit"
          + " sets one."
    },
    subcommands = {
      ParitySpark.Generate.class,
      ParitySpark.Predict.class,
      Benchmark.class,
      SparkSoak.class,
      ClusterCommand.class,
      CountCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ParitySpark {

  private ParitySpark() {}

  /** The system property {@code log4j2.properties} takes the root log level from. */
  static final String LOG_LEVEL_PROPERTY = "parity.logLevel";

  /**
   * Shows the warnings of Spark, Hadoop, DJL and the engines (a loopback host name, GPU probing on
   * a CPU-only host), which {@code log4j2.properties} hides by default. Log4j reads its
   * configuration when the first logger is made, which is after the command line is parsed.
   *
   * @param verbose whether {@code --verbose} was given
   */
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "also print the warnings of Spark, Hadoop, DJL and the engines")
  void verbose(boolean verbose) {
    if (verbose) {
      System.setProperty(LOG_LEVEL_PROPERTY, "warn");
    }
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    StartupSplit.mainEntered();
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the command line with Parity's exit codes: a failure prints one line ({@link Failure}),
   * not a trace; a failure on an executor is found inside Spark's exceptions.
   *
   * @return the command line, ready to execute
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ParitySpark());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> Failure.of(e).print("parity-spark", line.getErr()));
    cl.getCommandSpec().usageMessage().footer("", ExitCode.helpLine());
    return cl;
  }

  /**
   * Starts (or joins) a Spark session. The master is the one given; else the one spark-submit set;
   * else {@code local[*]}. The web UI is off for embedded runs.
   *
   * @param master a Spark master URL, or null
   * @param appName the application's name
   * @return the session
   */
  public static SparkSession session(String master, String appName) {
    return session(SessionSpec.builder().setAppName(appName).optMaster(master).build());
  }

  /**
   * Starts (or joins) a Spark session. The master is the spec's; else the one its settings or
   * spark-submit set; else {@code local[*]}. Embedded ({@code local}) sessions run without the web
   * UI. Every session runs {@link ParityPlugin}, over which executors report their model loads.
   *
   * <p>On a cluster, each executor gets {@code -Dai.djl.offline=true}, {@code OMP_NUM_THREADS=1}
   * (MXNet's threads) and {@code MALLOC_ARENA_MAX=2} unless set; and a driver started outside
   * spark-submit ships its application jars ({@link ApplicationJars}): Spark's own jars are the
   * cluster's.
   *
   * @param spec the session's spec
   * @return the session
   * @throws java.io.UncheckedIOException if the jars to ship cannot be told from Spark's
   */
  public static SparkSession session(SessionSpec spec) {
    SparkConf submitted = new SparkConf(); // what spark-submit (or -Dspark.*) set
    Map<String, String> settings = spec.settings();
    SparkSession.Builder b = SparkSession.builder().appName(spec.appName());
    settings.forEach(b::config);
    String master =
        spec.master() != null
            ? spec.master()
            : settings.getOrDefault("spark.master", submitted.get("spark.master", "local[*]"));
    b.master(master);
    java.util.function.Predicate<String> unset =
        k -> !settings.containsKey(k) && !submitted.contains(k);
    if (master.startsWith("local")) {
      b.config("spark.ui.enabled", "false");
      b.config("spark.sql.shuffle.partitions", "4");
    } else {
      if (unset.test("spark.jars")) {
        try {
          b.config(
              "spark.jars",
              ApplicationJars.toShip(spec.classpath(), spec.engine()).stream()
                  .map(p -> p.toUri().toString())
                  .collect(java.util.stream.Collectors.joining(",")));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      String javaOptions =
          settings.getOrDefault(
              "spark.executor.extraJavaOptions",
              submitted.get("spark.executor.extraJavaOptions", ""));
      if (!javaOptions.contains("-Dai.djl.offline=")) {
        b.config(
            "spark.executor.extraJavaOptions", (javaOptions + " -Dai.djl.offline=true").trim());
      }
      for (String[] env : new String[][] {{"OMP_NUM_THREADS", "1"}, {"MALLOC_ARENA_MAX", "2"}}) {
        if (unset.test("spark.executorEnv." + env[0])) {
          b.config("spark.executorEnv." + env[0], env[1]);
        }
      }
    }
    String plugins = settings.getOrDefault("spark.plugins", submitted.get("spark.plugins", ""));
    if (!plugins.contains(ParityPlugin.class.getName())) {
      b.config(
          "spark.plugins",
          plugins.isBlank()
              ? ParityPlugin.class.getName()
              : plugins + "," + ParityPlugin.class.getName());
    }
    SparkSession session = b.getOrCreate();
    // Spark packs input files into about one split per core; a file's split then runs as one long
    // task and the last wave leaves cores idle. Four splits per core (bounded by the files' row
    // groups) keep every core busy to the end. A value the user set wins. On a cluster the cores
    // are those registered when the session starts (at least 2).
    if (unset.test("spark.sql.files.minPartitionNum")) {
      session
          .conf()
          .set(
              "spark.sql.files.minPartitionNum",
              String.valueOf(4 * session.sparkContext().defaultParallelism()));
    }
    return session;
  }

  /** Options every subcommand shares. */
  static class SparkOptions {
    @Option(
        names = "--master",
        description =
            "Spark master, e.g. local[2], local[4,2] (4 cores, 2 attempts per task), or"
                + " spark://host:7077. Default: the one spark-submit sets, else local[*].")
    String master;

    @Option(
        names = "--conf",
        paramLabel = "KEY=VALUE",
        description =
            "A Spark setting, as spark-submit's --conf (repeatable), e.g. --conf"
                + " spark.executor.memory=2g.")
    Map<String, String> settings = new java.util.LinkedHashMap<>();

    /**
     * Returns the session these options ask for.
     *
     * @param appName the application's name
     * @param engine the engine the job runs, or null
     * @return the spec
     */
    SessionSpec spec(String appName, EngineName engine) {
      return SessionSpec.builder()
          .setAppName(appName)
          .optMaster(master)
          .optSettings(settings)
          .optEngine(engine)
          .build();
    }
  }

  /**
   * Which model a subcommand runs: parity's own {@code --model} and {@code --model-version} (the
   * words of {@link ModelChoice}).
   */
  static class ModelOptions {
    @Option(
        names = ModelChoice.MODEL_OPTION,
        paramLabel = ModelChoice.MODEL_LABEL,
        description = ModelChoice.MODEL_DESCRIPTION)
    String model;

    @Option(
        names = ModelChoice.VERSION_OPTION,
        paramLabel = ModelChoice.VERSION_LABEL,
        description = ModelChoice.VERSION_DESCRIPTION)
    String version;

    /**
     * Returns the model these options name.
     *
     * @return its coordinates; the version is null for the newest
     * @throws IllegalArgumentException if {@code --model} is not GROUP:ARTIFACT[:VERSION]
     */
    ModelId model() {
      return ModelChoice.artifact(model, version).build().model();
    }
  }

  /** Writes synthetic raw records as Parquet. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Writes synthetic raw purchase records as Parquet (id, device_model, app_packages,"
            + " campaigns, carrier): the distribution of scripts/purchase/generator.py, ported"
            + " to Java, generated in parallel and deterministically by seed."
      })
  static final class Generate implements Callable<Integer> {
    @Option(names = "--records", required = true, description = "How many records.")
    long records;

    @Option(names = "--output", required = true, description = "Folder to write (replaced).")
    String output;

    @Option(
        names = "--seed",
        defaultValue = "20201003",
        description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--partitions",
        description = "Partitions and files (default: 2 per core, at least 1 per 500,000 records).")
    Integer partitions;

    @CommandLine.Mixin SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() {
      SparkSession session = session(spark.spec("parity-spark generate", null));
      try {
        int parts =
            partitions != null
                ? partitions
                : (int)
                    Math.max(
                        2L * session.sparkContext().defaultParallelism(),
                        (records + 499_999) / 500_000);
        long start = System.nanoTime();
        SyntheticRecords.write(session, records, seed, parts, output);
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "wrote %,d records (seed %d, %d partitions) to %s in %.1f s (%,.0f records/s)%n",
            records,
            seed,
            parts,
            output,
            s,
            records / s);
        return 0;
      } finally {
        session.stop();
      }
    }
  }

  /** Predicts raw records on Spark. */
  @Command(
      name = "predict",
      mixinStandardHelpOptions = true,
      description = {
        "Predicts raw records with a model of the zoo (any whose card has features; default"
            + " the purchase model) on Spark and writes Parquet: id, the task's output"
            + " (probability for the purchase model; a multi-class model's scores as an array and"
            + " predicted_class), the outputs --outputs names, engine, engine_version,"
            + " model_version, model_card_sha256.",
        "Rows that cannot be read (null inside a bag, wrong type, a bag over --max-bag-factor"
            + " times its field's length, a numeric field that is not a finite number, bad JSON)"
            + " go to --errors with id and reason; the job goes on. Prints good and bad counts"
            + " and records/s; the exit code is 1 when any row was bad.",
        "Each executor JVM loads the model once; engine threads per task default to inter-op 1,"
            + " intra-op spark.task.cpus. On a cluster, --zoo must be a path every executor can"
            + " read, and the engine's natives must be on the executors' classpath."
      })
  static final class Predict implements Callable<Integer> {
    @CommandLine.Mixin ModelOptions model = new ModelOptions();

    @Option(
        names = "--outputs",
        split = ",",
        paramLabel = "NAME[,NAME...]|all",
        description =
            "Outputs of the model to write beyond the task's output, or all of them (default:"
                + " the task's output only).")
    List<String> outputs = new ArrayList<>();

    @Option(
        names = "--engine",
        defaultValue = "pytorch",
        description = "pytorch, onnxruntime, tensorflow or mxnet (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(
        names = "--input",
        required = true,
        description = "Parquet folder or file, or JSON Lines (.jsonl, .jsonl.gz, .json).")
    String input;

    @Option(
        names = "--format",
        defaultValue = "auto",
        description = "auto (from the input's name), parquet or jsonl (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--output", required = true, description = "Folder for the predictions.")
    String output;

    @Option(names = "--errors", description = "Folder for the bad rows (default: OUTPUT.errors).")
    String errors;

    @Option(
        names = "--batch-size",
        defaultValue = "" + InferenceOptions.DEFAULT_BATCH_SIZE,
        description = "Records per engine call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
        names = "--zoo",
        description =
            "Model zoo folder every executor can read, shipped to them as an absolute path"
                + " (default: -Dparity.zoo or PARITY_ZOO of the driver; without either, each"
                + " executor's own PARITY_ZOO or nearest zoo/).")
    String zoo;

    @Option(
        names = "--inter-op",
        defaultValue = "0",
        description = "Engine inter-op threads per executor (default: 1).")
    int interOp;

    @Option(
        names = "--intra-op",
        defaultValue = "0",
        description = "Engine intra-op threads per executor (default: spark.task.cpus).")
    int intraOp;

    @Option(
        names = "--max-bag-factor",
        defaultValue = "" + InferenceOptions.DEFAULT_MAX_BAG_FACTOR,
        description = "A bag longer than this many times its field's length is a bad row.")
    int maxBagFactor;

    @Option(names = "--overwrite", description = "Replace existing output and error folders.")
    boolean overwrite;

    @Option(
        names = "--memory-log",
        description =
            "Sample this JVM's memory every second into this CSV and print the native growth"
                + " (RSS outside the heap, 5%% of the run -> end); run with -Xms = -Xmx and"
                + " -XX:+AlwaysPreTouch in PARITY_SPARK_JAVA_OPTS.")
    java.nio.file.Path memoryLog;

    @CommandLine.Mixin SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws java.io.IOException {
      EngineName engineName = EngineName.parse(engine);
      InferenceOptions.Builder b =
          InferenceOptions.builder()
              .setEngine(engineName)
              .setInput(input)
              .setOutput(output)
              .optModel(model.model())
              .optZoo(
                  zoo != null
                      ? java.nio.file.Path.of(zoo).toAbsolutePath().toString()
                      : driverZoo())
              .optFormat(InferenceOptions.InputFormat.valueOf(format.toUpperCase(Locale.ROOT)))
              .optErrors(errors)
              .optBatchSize(batchSize)
              .optInterOpThreads(interOp)
              .optIntraOpThreads(intraOp)
              .optMaxBagFactor(maxBagFactor);
      if (outputs.equals(List.of("all"))) {
        b.optAllOutputs();
      } else {
        b.optOutputs(outputs);
      }
      if (overwrite) {
        b.optOverwrite();
      }
      InferenceOptions options = b.build();
      // The model's card, read before Spark starts: a model that takes no records or lacks an
      // output asked for fails in a moment, not after the session's start-up.
      BatchInference.columns(options);
      SparkSession session = session(spark.spec("parity-spark predict", engineName));
      long sessionReady = System.currentTimeMillis();
      MemoryWatch watch = memoryLog == null ? null : new MemoryWatch(memoryLog, 1000);
      try {
        BatchInference.Result r = BatchInference.run(session, options);
        StartupSplit split =
            StartupSplit.of(
                StartupSplit.Clock.ofThisCommand(), sessionReady, sessionReady, r, Double.NaN);
        if (watch != null) {
          System.out.println(watch.summary());
        }
        System.out.printf(
            Locale.ROOT,
            "%s: %s%npredictions: %s%nbad rows:    %s%n",
            options.engine().djlName(),
            r,
            options.output(),
            options.errors());
        printModelLoads(session, r);
        System.out.println(startupLine(split));
        return r.bad() > 0 ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
      } finally {
        if (watch != null) {
          watch.close();
        }
        ExecutorModels.closeAll();
        session.stop();
      }
    }

    // The zoo the driver was told of (-Dparity.zoo or PARITY_ZOO; the launcher sets the first),
    // shipped to the executors as an absolute path. Without one, each executor finds its own
    // (its PARITY_ZOO, e.g. a folder YARN unpacked from --archives): a zoo the driver merely
    // found above its working folder may not be where the executors are.
    private static String driverZoo() {
      String named = System.getProperty(ZooFolder.ZOO_PROPERTY, System.getenv(ZooFolder.ZOO_ENV));
      return named == null || named.isBlank()
          ? null
          : java.nio.file.Path.of(named).toAbsolutePath().normalize().toString();
    }
  }

  /**
   * Says in one line where the time from the command's start to its result went.
   *
   * @param s the split
   * @return e.g. {@code from the command's start: launcher 0.2 s, JVM 0.4 s, ...}
   */
  static String startupLine(StartupSplit s) {
    return String.format(
        Locale.ROOT,
        "from the command's start: launcher %.1f s, JVM to main %.1f s, Spark session %.1f s, job"
            + " %.1f s (model load %.1f s): %,d records in %.1f s, %,.0f records/s",
        s.launcherSeconds(),
        s.jvmSeconds(),
        s.sessionSeconds(),
        s.jobSeconds(),
        s.modelLoadSeconds(),
        s.records(),
        s.countedSeconds(),
        s.recordsPerSecondFromStart());
  }

  /**
   * Prints which executors loaded the model during a run, one line each.
   *
   * @param session the session
   * @param r the run's result
   */
  static void printModelLoads(SparkSession session, BatchInference.Result r) {
    if (r.modelLoads().isEmpty()) {
      System.out.println(
          "model loads: none reported (every executor had loaded it before, or "
              + ParityPlugin.class.getSimpleName()
              + " is not in spark.plugins)");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "model loads on %s: %d (one per executor JVM)%n",
        session.sparkContext().master(),
        r.modelLoads().size());
    for (String line : ModelLoads.describe(r.modelLoads())) {
      System.out.println("  " + line);
    }
  }
}
