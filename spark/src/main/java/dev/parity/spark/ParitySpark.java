package dev.parity.spark;

import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
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
      "Batch inference of the purchase model on Apache Spark. Runs an embedded Spark"
          + " (local[*]) unless --master names another, or spark-submit sets one."
    },
    subcommands = {
      ParitySpark.Generate.class,
      ParitySpark.Predict.class,
      Benchmark.class,
      SparkSoak.class,
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
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    String effective = master != null ? master : conf.get("spark.master", "local[*]");
    if (effective.startsWith("local")) {
      b.config("spark.ui.enabled", "false");
      b.config("spark.sql.shuffle.partitions", "4");
    }
    SparkSession session = b.getOrCreate();
    // Spark packs input files into about one split per core; a file's split then runs as one long
    // task and the last wave leaves cores idle. Four splits per core (bounded by the files' row
    // groups) keep every core busy to the end. A value the user set wins.
    if (!conf.contains("spark.sql.files.minPartitionNum")) {
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
      SparkSession session = session(spark.master, "parity-spark generate");
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
        "Predicts raw records with the purchase model on Spark and writes Parquet: id,"
            + " probability, engine, engine_version, model_version, model_card_sha256.",
        "Rows that cannot be read (null inside a bag, wrong type, a bag over --max-bag-factor"
            + " times its field's length, bad JSON) go to --errors with id and reason; the job"
            + " goes on. Prints good and bad counts and records/s; the exit code is 1 when any"
            + " row was bad.",
        "Each executor JVM loads the model once; engine threads per task default to inter-op 1,"
            + " intra-op spark.task.cpus. On a cluster, --zoo must be a path every executor can"
            + " read, and the engine's natives must be on the executors' classpath."
      })
  static final class Predict implements Callable<Integer> {
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
            "Model zoo folder every executor can read (default: -Dparity.zoo, PARITY_ZOO or the"
                + " nearest zoo/).")
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
      InferenceOptions options =
          new InferenceOptions(
              EngineName.parse(engine),
              zoo,
              input,
              InferenceOptions.InputFormat.valueOf(format.toUpperCase(Locale.ROOT)),
              output,
              errors,
              batchSize,
              interOp,
              intraOp,
              maxBagFactor,
              overwrite,
              0);
      SparkSession session = session(spark.master, "parity-spark predict");
      MemoryWatch watch = memoryLog == null ? null : new MemoryWatch(memoryLog, 1000);
      try {
        List<org.apache.hadoop.fs.Path> absent =
            absent(session, options.output(), options.errors());
        BatchInference.Result r;
        try {
          r = BatchInference.run(session, options);
        } catch (Exception e) { // Spark's own SparkException is checked, yet undeclared
          removeIfEmpty(session, absent);
          throw e;
        }
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
        return r.bad() > 0 ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
      } finally {
        if (watch != null) {
          watch.close();
        }
        ExecutorModels.closeAll();
        session.stop();
      }
    }

    // The folders a run is about to create: a failed job (say, a model that cannot load) leaves
    // them empty, and an empty output folder would stop the rerun with PATH_ALREADY_EXISTS.
    private static List<org.apache.hadoop.fs.Path> absent(SparkSession session, String... folders)
        throws java.io.IOException {
      List<org.apache.hadoop.fs.Path> out = new ArrayList<>();
      for (String f : folders) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f);
        if (!p.getFileSystem(session.sparkContext().hadoopConfiguration()).exists(p)) {
          out.add(p);
        }
      }
      return out;
    }

    private static void removeIfEmpty(
        SparkSession session, List<org.apache.hadoop.fs.Path> folders) {
      for (org.apache.hadoop.fs.Path p : folders) {
        try {
          FileSystem fs = p.getFileSystem(session.sparkContext().hadoopConfiguration());
          if (fs.exists(p) && fs.listStatus(p).length == 0) {
            fs.delete(p, false);
          }
        } catch (java.io.IOException | RuntimeException e) {
          // Best effort: the job has failed already, and that failure is what gets reported.
        }
      }
    }
  }
}
