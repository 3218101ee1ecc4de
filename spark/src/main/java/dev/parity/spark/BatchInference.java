package dev.parity.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.not;

import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.zoo.ZooFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;

/**
 * Batch inference of any model whose card has features on Spark: raw records in (Parquet, or JSON
 * Lines), predictions out as Parquet, bad rows aside.
 *
 * <p>Every executor JVM loads the model once and shares it among its tasks; each task reads its
 * partition in batches ({@link InferenceOptions#batchSize()}) and predicts each batch in one engine
 * call, on a per-batch native memory scope. A row that cannot be read as a record (a null inside a
 * bag, a value of the wrong type, a bag more than {@link InferenceOptions#maxBagFactor()} times its
 * field's length, a line that is not JSON) never fails the job: it goes to the error folder with
 * its id and the reason.
 *
 * <p>Output columns ({@link OutputColumns}): {@code id}, the task's output (e.g. {@code
 * probability}, a float, for the purchase model; for a multi-class model its scores as an array and
 * {@code predicted_class}), the outputs asked for, then {@code engine}, {@code engine_version},
 * {@code model_version}, {@code model_card_sha256}. Error columns: {@code id}, {@code reason}.
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
    return read(spark, options.input(), options.resolvedFormat());
  }

  /**
   * Reads an input as rows, as {@link #read(SparkSession, InferenceOptions)} does.
   *
   * @param spark the session
   * @param input a Parquet folder or file, or JSON Lines
   * @param format {@link InferenceOptions.InputFormat#PARQUET} or {@link
   *     InferenceOptions.InputFormat#JSONL}
   * @return the rows
   * @throws IOException if the input does not exist or Spark cannot read it as that format
   */
  static Dataset<Row> read(SparkSession spark, String input, InferenceOptions.InputFormat format)
      throws IOException {
    try {
      return switch (format) {
        // Blank lines are skipped, as parity predict does; a line's bytes are checked for UTF-8
        // before Spark decodes them (to U+FFFD) into the Java string the JSON reader sees.
        case JSONL ->
            spark
                .read()
                .text(input)
                .filter(not(col("value").rlike("^[ \\t\\r]*$")))
                .select(col("value"), is_valid_utf8(col("value")).alias("utf8"));
        case PARQUET, AUTO -> spark.read().parquet(input);
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
              + input
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
   * One pass over the input, lazily: the predictions of the good rows ({@link
   * Scored.Pass#PREDICTIONS}, laid out by {@code columns}) or the bad rows with their reasons
   * ({@link Scored#ERRORS}).
   *
   * @param input rows as {@link #read} returns them
   * @param options the options
   * @param columns the model's output columns ({@link #columns})
   * @param pass which rows to emit
   * @param counts where a predictions pass counts good and bad rows
   * @return the rows
   */
  static Dataset<Row> score(
      Dataset<Row> input,
      InferenceOptions options,
      OutputColumns columns,
      Scored.Pass pass,
      Scored.Counts counts) {
    StructType out = pass == Scored.Pass.PREDICTIONS ? columns.schema() : Scored.ERRORS;
    org.apache.spark.sql.classic.SparkSession session =
        (org.apache.spark.sql.classic.SparkSession) input.sparkSession();
    SparkPlan columnar =
        options.resolvedFormat() == InferenceOptions.InputFormat.JSONL
            ? null
            : columnarScan(input.queryExecution().executedPlan());
    RDD<InternalRow> rows;
    if (columnar == null) {
      InputRows reader =
          options.resolvedFormat() == InferenceOptions.InputFormat.JSONL
              ? InputRows.jsonLines()
              : InputRows.columns(input.schema());
      rows =
          input
              .toJavaRDD()
              .mapPartitions(new PartitionScorer(options, columns, reader, pass, counts))
              .rdd();
    } else {
      // Parquet's vectorized reader: score its column batches directly.
      rows =
          columnar
              .executeColumnar()
              .toJavaRDD()
              .mapPartitions(
                  new ColumnarBatchScorer(options, columns, columnar.schema(), pass, counts))
              .rdd();
    }
    // Both scorers emit Spark's internal rows: no conversion of every output row.
    return session.internalCreateDataFrame(rows, out, false);
  }

  /**
   * Lays out the output of the job's model, on the driver: reads its card ({@link #recordModel}),
   * pins the version that every executor will load, and checks the outputs asked for.
   *
   * @param options the options
   * @return the columns
   * @throws IOException if the zoo, the model or its card cannot be read
   * @throws IllegalArgumentException if the model's card has no features (it takes tensors, not
   *     records) or lacks an output asked for
   */
  static OutputColumns columns(InferenceOptions options) throws IOException {
    ModelCard card = recordModel(options.zoo(), options.model());
    return OutputColumns.of(card.id(), card, options);
  }

  /**
   * Reads the card of a model that takes records, on the driver: from the zoo named (else the
   * driver's own), of the version named (else the newest).
   *
   * @param zoo the zoo folder, or null for the driver's ({@code -Dparity.zoo}, {@code PARITY_ZOO}
   *     or the nearest {@code zoo/})
   * @param model the model
   * @return its card, whose {@code id()} holds the version read
   * @throws IOException if the zoo, the model or its card cannot be read
   * @throws IllegalArgumentException if the card has no features: the model takes tensors, not
   *     records
   */
  static ModelCard recordModel(String zoo, ModelId model) throws IOException {
    ZooFolder folder = ZooFolder.openOrDefault(zoo == null ? null : Path.of(zoo));
    Path file = folder.versionFolder(folder.resolve(model)).resolve(ModelCard.FILE_NAME);
    ModelCard card = ModelCard.read(file);
    if (card.features() == null) {
      throw new IllegalArgumentException(
          card.id()
              + " takes tensors, not records: its card ("
              + file
              + ") has no features section, so parity spark cannot turn input rows into its"
              + " inputs; add features to the card (docs/model-card.md), or predict it from"
              + " tensors with parity predict --model "
              + card.id().name()
              + " --inputs DIR");
    }
    return card;
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
    OutputColumns columns = columns(options);
    OutputCommit commit = OutputCommit.prepare(context.hadoopConfiguration(), options);
    String run = "parity-" + UUID.randomUUID();
    ModelLoads.begin(context, run);
    if (context.isLocal()) {
      ExecutorModels.preload(options, columns, context.getConf().getInt("spark.task.cpus", 1));
    }
    List<ModelLoads.Report> loads = List.of();
    try {
      Scored.Counts counts =
          new Scored.Counts(
              context.longAccumulator("parity good rows"),
              context.longAccumulator("parity bad rows"));
      score(read(spark, options), options, columns, Scored.Pass.PREDICTIONS, counts)
          .write()
          .mode(SaveMode.Overwrite)
          // Ids are unique: a dictionary for them only costs a hash and a compare per row until
          // Parquet gives up on it.
          .option("parquet.enable.dictionary#" + Scored.ID, "false")
          .parquet(commit.stagingOutput());
      long good = counts.good().value();
      long bad = counts.bad().value();
      Dataset<Row> errors =
          bad > 0
              ? score(read(spark, options), options, columns, Scored.Pass.ERRORS, counts)
              : spark.createDataFrame(List.<Row>of(), Scored.ERRORS);
      errors.write().mode(SaveMode.Overwrite).parquet(commit.stagingErrors());
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("schema", "parity.spark-run/1");
      record.put("good", good);
      record.put("bad", bad);
      record.put("input", options.input());
      record.put("errors", options.errors());
      record.put("model", columns.model().toString());
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
