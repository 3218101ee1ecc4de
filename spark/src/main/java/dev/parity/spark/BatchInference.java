package dev.parity.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference of the purchase model on Spark: raw records in (Parquet, or JSON Lines),
 * predictions out as Parquet, bad rows aside.
 *
 * <p>Every executor JVM loads the model once and shares it among its tasks; each task reads its
 * partition in batches ({@link InferenceOptions#batchSize()}) and predicts each batch in one engine
 * call, on a per-batch native memory scope. A row that cannot be read as a record (a null inside a
 * bag, a value of the wrong type, a bag more than {@link InferenceOptions#maxBagFactor()} times its
 * field's length, a line that is not JSON) never fails the job: it goes to the error folder with
 * its id and the reason.
 *
 * <p>Output columns: {@code id}, {@code probability} (float), {@code engine}, {@code
 * engine_version}, {@code model_version}, {@code model_card_sha256}. Error columns: {@code id},
 * {@code reason}.
 */
public final class BatchInference {

  private BatchInference() {}

  /**
   * What a run did.
   *
   * @param good rows predicted and written to the output
   * @param bad rows written to the error folder
   * @param seconds wall time from reading to the last write
   * @param modelLoads the model loads the executors reported during the run (none when every
   *     executor had loaded the model in an earlier run)
   */
  public record Result(long good, long bad, double seconds, List<ModelLoads.Report> modelLoads) {

    /** Copies the reports. */
    public Result {
      modelLoads = List.copyOf(modelLoads);
    }

    /**
     * Returns the rows per second, good and bad together.
     *
     * @return records per second
     */
    public double recordsPerSecond() {
      return (good + bad) / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%,d good, %,d bad rows in %.1f s: %,.0f records/s",
          good,
          bad,
          seconds,
          recordsPerSecond());
    }
  }

  /**
   * Reads the input the options name as rows: Parquet as it is, JSON Lines as a string column
   * ({@code value}, blank lines dropped) and whether its bytes are valid UTF-8 ({@code utf8}).
   *
   * @param spark the session
   * @param options the options
   * @return the rows
   * @throws IOException if the input does not exist or Spark cannot read it as that format
   */
  static Dataset<Row> read(SparkSession spark, InferenceOptions options) throws IOException {
    try {
      return switch (options.resolvedFormat()) {
        // Blank lines are skipped, as parity predict does; a line's bytes are checked for UTF-8
        // before Spark decodes them (to U+FFFD) into the Java string the JSON reader sees.
        case JSONL ->
            spark
                .read()
                .text(options.input())
                .filter(not(col("value").rlike("^[ \\t\\r]*$")))
                .select(col("value"), is_valid_utf8(col("value")).alias("utf8"));
        case PARQUET, AUTO -> spark.read().parquet(options.input());
      };
    } catch (Exception e) {
      // Spark's own type for an unreadable input (no such path, no schema to infer); the input is
      // the user's, so it is an input failure like any other file Parity cannot read. Scala
      // declares no checked exceptions, hence the test on the type.
      if (!(e instanceof AnalysisException a)) {
        throw e;
      }
      String what = "PATH_NOT_FOUND".equals(a.getCondition()) ? "does not exist" : "cannot be read";
      throw new IOException(
          "input "
              + options.input()
              + " "
              + what
              + " ("
              + firstLine(a.getMessage())
              + "); pass --input an existing Parquet or JSON Lines file or folder",
          a);
    }
  }

  private static String firstLine(String message) {
    int nl = message == null ? -1 : message.indexOf('\n');
    return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
  }

  /**
   * One pass over the input, lazily: the predictions of the good rows ({@link Scored#PREDICTIONS})
   * or the bad rows with their reasons ({@link Scored#ERRORS}).
   *
   * @param input rows as {@link #read} returns them
   * @param options the options
   * @param pass which rows to emit
   * @param counts where a predictions pass counts good and bad rows
   * @return the rows
   */
  static Dataset<Row> score(
      Dataset<Row> input, InferenceOptions options, Scored.Pass pass, Scored.Counts counts) {
    StructType out = pass == Scored.Pass.PREDICTIONS ? Scored.PREDICTIONS : Scored.ERRORS;
    if (options.resolvedFormat() == InferenceOptions.InputFormat.JSONL) {
      return input.mapPartitions(
          new PartitionScorer(options, InputRows.jsonLines(), pass, counts), Encoders.row(out));
    }
    SparkPlan columnar = columnarScan(input.queryExecution().executedPlan());
    if (columnar == null
        || !(input.sparkSession() instanceof org.apache.spark.sql.classic.SparkSession session)) {
      return input.mapPartitions(
          new PartitionScorer(options, InputRows.columns(input.schema()), pass, counts),
          Encoders.row(out));
    }
    // Parquet's vectorized reader: score its column batches directly, emit Spark's internal rows.
    RDD<InternalRow> rows =
        columnar
            .executeColumnar()
            .toJavaRDD()
            .mapPartitions(new ColumnarBatchScorer(options, columnar.schema(), pass, counts))
            .rdd();
    return session.internalCreateDataFrame(rows, out, false);
  }

  /** The scan under a plain read's plan when it produces column batches; else null. */
  private static SparkPlan columnarScan(SparkPlan plan) {
    SparkPlan p = plan instanceof WholeStageCodegenExec w ? w.child() : plan;
    p = p instanceof ColumnarToRowExec c ? c.child() : p;
    return p.supportsColumnar() ? p : null;
  }

  /**
   * Runs the job: reads and predicts the input in one pass that writes the predictions and counts
   * good and bad rows; when there were bad rows, a second pass (no engine calls) writes them with
   * their reasons. The error folder is written either way, empty when every row was good. Both are
   * written under staging names and appear at their paths only once both are complete ({@link
   * OutputCommit}).
   *
   * <p>An executor that cannot load the model stops the run at once (its jobs are cancelled, not
   * retried task after task): the exception thrown then is that executor's, naming it.
   *
   * @param spark the session (embedded or on a cluster)
   * @param options the options
   * @return the counts, timing and the model loads the executors reported
   * @throws IllegalArgumentException if an output folder exists and {@code overwrite} is off
   * @throws IOException if the input does not exist or cannot be read
   */
  public static Result run(SparkSession spark, InferenceOptions options) throws IOException {
    long start = System.nanoTime();
    Instant started = Instant.now();
    SparkContext context = spark.sparkContext();
    OutputCommit commit = OutputCommit.prepare(context.hadoopConfiguration(), options);
    String run = "parity-" + UUID.randomUUID();
    ModelLoads.begin(context, run);
    if (context.isLocal()) {
      ExecutorModels.preload(options, context.getConf().getInt("spark.task.cpus", 1));
    }
    List<ModelLoads.Report> loads = List.of();
    try {
      Scored.Counts counts =
          new Scored.Counts(
              context.longAccumulator("parity good rows"),
              context.longAccumulator("parity bad rows"));
      score(read(spark, options), options, Scored.Pass.PREDICTIONS, counts)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(commit.stagingOutput());
      long good = counts.good().value();
      long bad = counts.bad().value();
      Dataset<Row> errors =
          bad > 0
              ? score(read(spark, options), options, Scored.Pass.ERRORS, counts)
              : spark.createDataFrame(List.<Row>of(), Scored.ERRORS);
      errors.write().mode(SaveMode.Overwrite).parquet(commit.stagingErrors());
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("schema", "parity.spark-run/1");
      record.put("good", good);
      record.put("bad", bad);
      record.put("input", options.input());
      record.put("errors", options.errors());
      record.put("engine", options.engine().djlName());
      record.put("master", context.master());
      record.put("applicationId", context.applicationId());
      record.put("started", started.toString());
      record.put("committed", Instant.now().toString());
      commit.commit(record);
      loads = ModelLoads.end(context, run);
      return new Result(good, bad, (System.nanoTime() - start) / 1e9, loads);
    } catch (Exception e) { // Spark's SparkException is checked, yet undeclared
      commit.abandon();
      ModelLoads.Report failed = ModelLoads.failure(run);
      ModelLoads.end(context, run);
      if (failed != null) {
        // The run was cancelled because an executor could not load the model: that is the cause.
        throw failed.failure();
      }
      throw e;
    }
  }
}
