package dev.parity.spark;

import dev.parity.features.BadRecordException;
import dev.parity.features.FeatureSpec;
import dev.parity.features.RawRecord;
import dev.parity.predict.Scores;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition: takes a lease on the executor's model (loaded once per JVM), reads rows
 * into raw records, predicts them in batches and emits one row per input row, either a probability
 * or the reason the row is bad. The lease is closed by the task's completion listener, whether the
 * task succeeds or fails.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** One row per input row: a probability with provenance, or a reason. */
  static final StructType SCORED =
      new StructType()
          .add("id", DataTypes.StringType, true)
          .add("probability", DataTypes.FloatType, true)
          .add("reason", DataTypes.StringType, true)
          .add("engine", DataTypes.StringType, true)
          .add("engine_version", DataTypes.StringType, true)
          .add("model_version", DataTypes.StringType, true)
          .add("model_card_sha256", DataTypes.StringType, true);

  private final InferenceOptions options;
  private final InputRows rows;

  PartitionScorer(InferenceOptions options, InputRows rows) {
    this.options = options;
    this.rows = rows;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    TaskContext task = TaskContext.get();
    int cpus = task == null ? 1 : task.cpus();
    ExecutorModels.Lease lease = ExecutorModels.lease(options.zoo(), options.engineSettings(cpus));
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    }
    long failAfter =
        task != null && task.attemptNumber() == 0 ? options.failFirstAttemptAfter() : 0;
    return new Scoring(input, lease, failAfter);
  }

  private final class Scoring extends ScoringIterator<Row> {
    private final ExecutorModels.Lease lease;
    private final FeatureSpec features;
    private final int[] limits;
    private final long failAfter;
    private final List<RawRecord> batch = new ArrayList<>();
    private long seen;

    Scoring(Iterator<Row> input, ExecutorModels.Lease lease, long failAfter) {
      super(input);
      this.lease = lease;
      this.features = lease.model().predictor().features();
      this.limits = features.lengths();
      for (int f = 0; f < limits.length; f++) {
        limits[f] = limits[f] * options.maxBagFactor();
      }
      this.failAfter = failAfter;
    }

    // Reads up to one batch of good records (bad ones become error rows at once), then predicts.
    @Override
    void fill() {
      batch.clear();
      while (batch.size() < options.batchSize() && input.hasNext()) {
        Row row = input.next();
        if (failAfter > 0 && ++seen > failAfter) {
          throw new IllegalStateException(
              "injected failure of a first task attempt after " + failAfter + " rows");
        }
        try {
          batch.add(checked(rows.record(row, features.names())));
        } catch (BadRecordException e) {
          ready.add(RowFactory.create(rows.id(row), null, e.getMessage(), null, null, null, null));
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      ExecutorModels.LoadedModel model = lease.model();
      Scores scores;
      try {
        scores = model.predictor().predict(features.encode(batch));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + batch.size() + " records: " + e.getMessage(), e);
      }
      String engine = options.engine().djlName();
      float[] p = scores.probability();
      for (int i = 0; i < p.length; i++) {
        ready.add(
            RowFactory.create(
                batch.get(i).id(),
                p[i],
                null,
                engine,
                model.engineVersion(),
                model.modelVersion(),
                model.cardSha256()));
      }
    }

    private RawRecord checked(RawRecord record) throws BadRecordException {
      List<String> names = features.names();
      for (int f = 0; f < names.size(); f++) {
        int n = record.tokens(names.get(f)).size();
        if (n > limits[f]) {
          throw new BadRecordException(
              (record.id() == null ? "record" : "record " + record.id())
                  + ": field "
                  + names.get(f)
                  + " holds "
                  + n
                  + " tokens, more than "
                  + options.maxBagFactor()
                  + " times its length "
                  + limits[f] / options.maxBagFactor());
        }
      }
      return record;
    }
  }
}
