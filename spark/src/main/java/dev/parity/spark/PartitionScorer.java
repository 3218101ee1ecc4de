package dev.parity.spark;

import dev.parity.features.BadRecordException;
import dev.parity.features.BadRecords;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition of rows: takes a lease on the executor's model (loaded once per JVM), reads
 * rows into raw records and, in the {@link Scored.Pass#PREDICTIONS} pass, predicts the good ones in
 * batches and emits {@link Scored#PREDICTIONS} rows; in the {@link Scored.Pass#ERRORS} pass it
 * emits {@link Scored#ERRORS} rows for the bad ones. The lease is closed by the task's completion
 * listener, whether the task succeeds or fails. The path for JSON Lines and for columns of
 * unexpected types; {@link ColumnarBatchScorer} is the fast path for Parquet.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final InferenceOptions options;
  private final InputRows rows;
  private final Scored.Pass pass;
  private final Scored.Counts counts;

  PartitionScorer(
      InferenceOptions options, InputRows rows, Scored.Pass pass, Scored.Counts counts) {
    this.options = options;
    this.rows = rows;
    this.pass = pass;
    this.counts = counts;
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

  private final class Scoring extends ScoringIterator<Row, Row> {
    private final ExecutorModels.Lease lease;
    private final RecordEncoder features;
    private final int[] limits;
    private final long failAfter;
    private final List<RawRecord> batch = new ArrayList<>();
    private long seen;

    Scoring(Iterator<Row> input, ExecutorModels.Lease lease, long failAfter) {
      super(input);
      this.lease = lease;
      this.features = lease.model().predictor().encoder();
      this.limits = lease.model().utf8Features().lengths().clone();
      for (int f = 0; f < limits.length; f++) {
        limits[f] = limits[f] * options.maxBagFactor();
      }
      this.failAfter = failAfter;
    }

    // Reads up to one batch of records; predicts the good ones or queues the bad ones' reasons.
    @Override
    void fill() {
      batch.clear();
      long bad = 0;
      // A predictions batch is batchSize good records (so batches match the single-JVM toolkit's);
      // an errors pass reads batchSize rows at a time so its queue stays bounded.
      for (int read = 0;
          (pass == Scored.Pass.PREDICTIONS ? batch.size() : read) < options.batchSize()
              && input.hasNext();
          read++) {
        Row row = input.next();
        if (failAfter > 0 && ++seen > failAfter) {
          throw new IllegalStateException(
              "injected failure of a first task attempt after " + failAfter + " rows");
        }
        try {
          RawRecord record = checked(rows.record(row, features.fieldNames()));
          if (pass == Scored.Pass.PREDICTIONS) {
            batch.add(record);
          }
        } catch (BadRecordException e) {
          if (pass == Scored.Pass.ERRORS) {
            ready.add(RowFactory.create(rows.id(row), e.getMessage()));
          } else {
            bad++;
          }
        }
      }
      if (bad > 0) {
        counts.bad().add(bad);
      }
      if (batch.isEmpty()) {
        return;
      }
      ExecutorModels.LoadedModel model = lease.model();
      TensorBatch scores;
      try {
        scores = model.predictor().predict(features.encode(batch));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + batch.size() + " records: " + e.getMessage(), e);
      }
      String engine = options.engine().djlName();
      float[] p = scores.get(model.predictor().outputs().get(0)).floats();
      for (int i = 0; i < p.length; i++) {
        ready.add(
            RowFactory.create(
                batch.get(i).id(),
                p[i],
                engine,
                model.engineVersion(),
                model.modelVersion(),
                model.cardSha256()));
      }
      counts.good().add(p.length);
    }

    private RawRecord checked(RawRecord record) throws BadRecordException {
      List<String> names = features.fieldNames();
      for (int f = 0; f < names.size(); f++) {
        int n = record.tokens(names.get(f)).size();
        if (n > limits[f]) {
          throw new BadRecordException(
              BadRecords.oversizedBag(
                  record.id(),
                  names.get(f),
                  n,
                  options.maxBagFactor(),
                  limits[f] / options.maxBagFactor()));
        }
      }
      return record;
    }
  }
}
