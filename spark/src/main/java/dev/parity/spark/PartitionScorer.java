package dev.parity.spark;

import dev.parity.features.BadRecordException;
import dev.parity.features.BadRecords;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition of rows: takes a lease on the executor's model (loaded once per JVM), reads
 * rows into raw records and, in the {@link Scored.Pass#PREDICTIONS} pass, predicts the good ones in
 * batches through the toolkit's {@link RecordEncoder} and emits {@link OutputColumns} rows; in the
 * {@link Scored.Pass#ERRORS} pass it emits {@link Scored#ERRORS} rows for the bad ones. The lease
 * is closed by the task's completion listener, whether the task succeeds or fails. The path for
 * JSON Lines, for columns of unexpected types and for models whose inputs the columnar path does
 * not write; {@link ColumnarBatchScorer} is the fast path for Parquet.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<Row>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final InferenceOptions options;
  private final OutputColumns columns;
  private final InputRows rows;
  private final Scored.Pass pass;
  private final Scored.Counts counts;

  PartitionScorer(
      InferenceOptions options,
      OutputColumns columns,
      InputRows rows,
      Scored.Pass pass,
      Scored.Counts counts) {
    this.options = options;
    this.columns = columns;
    this.rows = rows;
    this.pass = pass;
    this.counts = counts;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<Row> input) {
    TaskContext task = TaskContext.get();
    int cpus = task == null ? 1 : task.cpus();
    ExecutorModels.Lease lease = ExecutorModels.lease(options, columns, cpus);
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    }
    long failAfter =
        task != null && task.attemptNumber() == 0 ? options.failFirstAttemptAfter() : 0;
    return new Scoring(input, lease, failAfter);
  }

  private final class Scoring extends ScoringIterator<Row, InternalRow> {
    private final ExecutorModels.Lease lease;
    private final RecordEncoder features;
    private final List<String> names;
    private final Set<String> numeric;
    private final int[] limits;
    private final long failAfter;
    private final UTF8String[] provenance;
    private final List<RawRecord> batch = new ArrayList<>();
    private final List<UTF8String> ids = new ArrayList<>();
    private long seen;

    Scoring(Iterator<Row> input, ExecutorModels.Lease lease, long failAfter) {
      super(input);
      this.lease = lease;
      this.features = lease.model().predictor().encoder();
      this.names = features.fieldNames();
      this.numeric = features.numericFields();
      this.limits = lease.model().utf8Features().lengths().clone();
      for (int f = 0; f < limits.length; f++) {
        limits[f] = limits[f] * options.maxBagFactor();
      }
      this.failAfter = failAfter;
      this.provenance = OutputColumns.provenance(options.engine().djlName(), lease.model());
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
          RawRecord record = checked(rows.record(row, names, numeric));
          if (pass == Scored.Pass.PREDICTIONS) {
            batch.add(record);
          }
        } catch (BadRecordException e) {
          if (pass == Scored.Pass.ERRORS) {
            String id = rows.id(row);
            ready.add(
                new GenericInternalRow(
                    new Object[] {
                      id == null ? null : UTF8String.fromString(id),
                      UTF8String.fromString(e.getMessage())
                    }));
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
      TensorBatch scores;
      try {
        scores = lease.model().predictor().predict(features.encode(batch));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + batch.size() + " records: " + e.getMessage(), e);
      }
      ids.clear();
      for (RawRecord r : batch) {
        ids.add(r.id() == null ? null : UTF8String.fromString(r.id()));
      }
      columns.rows(scores, ids, provenance, ready);
      counts.good().add(batch.size());
    }

    private RawRecord checked(RawRecord record) throws BadRecordException {
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
