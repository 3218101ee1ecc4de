package dev.parity.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

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
   */
  public record Result(long good, long bad, double seconds) {

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
   * Reads the input the options name as rows: Parquet as it is, JSON Lines as one string column.
   *
   * @param spark the session
   * @param options the options
   * @return the rows
   */
  static Dataset<Row> read(SparkSession spark, InferenceOptions options) {
    return switch (options.resolvedFormat()) {
      case JSONL -> spark.read().text(options.input());
      case PARQUET, AUTO -> spark.read().parquet(options.input());
    };
  }

  /**
   * Scores the input lazily: one row per input row, with a probability or a reason.
   *
   * @param input rows as {@link #read} returns them
   * @param options the options
   * @return rows of {@link PartitionScorer#SCORED}
   */
  static Dataset<Row> score(Dataset<Row> input, InferenceOptions options) {
    if (options.resolvedFormat() == InferenceOptions.InputFormat.JSONL) {
      return input.mapPartitions(
          new PartitionScorer(options, InputRows.jsonLines()),
          Encoders.row(PartitionScorer.SCORED));
    }
    // Columnar sources: Spark's internal rows, tokens looked up on their UTF-8 bytes.
    JavaRDD<Row> scored =
        input
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new ColumnarScorer(options, input.schema()));
    return input.sparkSession().createDataFrame(scored, PartitionScorer.SCORED);
  }

  /**
   * Runs the job: reads, predicts, writes the predictions and the bad rows, counts both.
   *
   * @param spark the session (embedded or on a cluster)
   * @param options the options
   * @return the counts and timing
   */
  public static Result run(SparkSession spark, InferenceOptions options) {
    long start = System.nanoTime();
    Dataset<Row> scored = score(read(spark, options), options);
    // Scored once, written twice: predictions and errors come from the same pass over the input.
    scored.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      SaveMode mode = options.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
      Column isGood = col("reason").isNull();
      scored
          .filter(isGood)
          .select(
              col("id"),
              col("probability"),
              col("engine"),
              col("engine_version"),
              col("model_version"),
              col("model_card_sha256"))
          .write()
          .mode(mode)
          .parquet(options.output());
      scored
          .filter(col("reason").isNotNull())
          .select(col("id"), col("reason"))
          .write()
          .mode(mode)
          .parquet(options.errors());
      Row counts =
          scored
              .agg(
                  count(when(isGood, 1)).alias("good"),
                  count(when(col("reason").isNotNull(), 1)).alias("bad"))
              .first();
      return new Result(counts.getLong(0), counts.getLong(1), (System.nanoTime() - start) / 1e9);
    } finally {
      scored.unpersist();
    }
  }
}
