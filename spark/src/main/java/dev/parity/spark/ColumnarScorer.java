package dev.parity.spark;

import dev.parity.features.EncodedBatch;
import dev.parity.predict.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import scala.Function1;

/**
 * Scores a partition of Spark's internal rows: tokens are normalised and looked up on their UTF-8
 * bytes ({@link Utf8Features}) straight into the batch's id arrays, with no Row, RawRecord or Java
 * String per token. Emits the same rows, with the same reasons, as {@link PartitionScorer}; a
 * partition whose model columns are not all strings or arrays of strings goes through {@link
 * PartitionScorer} instead, which names the wrong types.
 */
final class ColumnarScorer implements FlatMapFunction<Iterator<InternalRow>, Row> {
  private static final long serialVersionUID = 1L;

  private final InferenceOptions options;
  private final StructType schema;

  ColumnarScorer(InferenceOptions options, StructType schema) {
    this.options = options;
    this.schema = schema;
  }

  @Override
  public Iterator<Row> call(Iterator<InternalRow> input) {
    TaskContext task = TaskContext.get();
    int cpus = task == null ? 1 : task.cpus();
    ExecutorModels.Lease lease = ExecutorModels.lease(options.zoo(), options.engineSettings(cpus));
    Utf8Features features = lease.model().utf8Features();
    List<String> columns = List.of(schema.fieldNames());
    int[] at = new int[features.names().size()];
    boolean[] bag = new boolean[at.length];
    boolean supported = idSupported(columns);
    for (int f = 0; f < at.length; f++) {
      at[f] = columns.indexOf(features.names().get(f));
      if (at[f] >= 0) {
        DataType type = schema.fields()[at[f]].dataType();
        bag[f] = type instanceof ArrayType a && a.elementType().equals(DataTypes.StringType);
        supported &= bag[f] || type.equals(DataTypes.StringType);
      }
    }
    if (!supported) {
      lease.close();
      Function1<Object, Object> toRow = CatalystTypeConverters.createToScalaConverter(schema);
      Iterator<Row> rows =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return input.hasNext();
            }

            @Override
            public Row next() {
              return (Row) toRow.apply(input.next());
            }
          };
      return new PartitionScorer(options, InputRows.columns(schema)).call(rows);
    }
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    }
    long failAfter =
        task != null && task.attemptNumber() == 0 ? options.failFirstAttemptAfter() : 0;
    return new Scoring(input, lease, features, at, bag, columns.indexOf("id"), failAfter);
  }

  private boolean idSupported(List<String> columns) {
    int id = columns.indexOf("id");
    return id < 0 || schema.fields()[id].dataType().equals(DataTypes.StringType);
  }

  private final class Scoring extends ScoringIterator<InternalRow> {
    private final ExecutorModels.Lease lease;
    private final Utf8Features features;
    private final int[] columnOf;
    private final boolean[] bag;
    private final int idColumn;
    private final long failAfter;
    private final int[] lengths;
    private final Utf8Features.Scratch scratch = new Utf8Features.Scratch();
    private final List<String> ids = new ArrayList<>();
    private final long[][] blocks;
    private long seen;

    Scoring(
        Iterator<InternalRow> input,
        ExecutorModels.Lease lease,
        Utf8Features features,
        int[] columnOf,
        boolean[] bag,
        int idColumn,
        long failAfter) {
      super(input);
      this.lease = lease;
      this.features = features;
      this.columnOf = columnOf;
      this.bag = bag;
      this.idColumn = idColumn;
      this.failAfter = failAfter;
      this.lengths = features.lengths();
      this.blocks = new long[lengths.length][];
    }

    @Override
    void fill() {
      int batchSize = options.batchSize();
      for (int f = 0; f < blocks.length; f++) {
        blocks[f] = new long[batchSize * lengths[f]];
        if (features.padding() != 0) {
          Arrays.fill(blocks[f], features.padding());
        }
      }
      ids.clear();
      while (ids.size() < batchSize && input.hasNext()) {
        InternalRow row = input.next();
        if (failAfter > 0 && ++seen > failAfter) {
          throw new IllegalStateException(
              "injected failure of a first task attempt after " + failAfter + " rows");
        }
        String id =
            idColumn < 0 || row.isNullAt(idColumn) ? null : row.getUTF8String(idColumn).toString();
        String reason = problem(row, id);
        if (reason != null) {
          ready.add(RowFactory.create(id, null, reason, null, null, null, null));
          continue;
        }
        int r = ids.size();
        for (int f = 0; f < columnOf.length; f++) {
          encode(row, f, blocks[f], r * lengths[f]);
        }
        ids.add(id);
      }
      if (ids.isEmpty()) {
        return;
      }
      int n = ids.size();
      List<long[]> trimmed = new ArrayList<>(blocks.length);
      for (int f = 0; f < blocks.length; f++) {
        trimmed.add(n == batchSize ? blocks[f] : Arrays.copyOf(blocks[f], n * lengths[f]));
      }
      ExecutorModels.LoadedModel model = lease.model();
      Scores scores;
      try {
        scores = model.predictor().predict(new EncodedBatch(n, features.names(), lengths, trimmed));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + n + " records: " + e.getMessage(), e);
      }
      String engine = options.engine().djlName();
      float[] p = scores.probability();
      for (int i = 0; i < n; i++) {
        ready.add(
            RowFactory.create(
                ids.get(i),
                p[i],
                null,
                engine,
                model.engineVersion(),
                model.modelVersion(),
                model.cardSha256()));
      }
    }

    // The same checks, in the same order and words, as RawRecord.of and PartitionScorer.
    private String problem(InternalRow row, String id) {
      String record = id == null ? "record" : "record " + id;
      for (int f = 0; f < columnOf.length; f++) {
        int c = columnOf[f];
        if (c >= 0 && bag[f] && !row.isNullAt(c)) {
          ArrayData tokens = row.getArray(c);
          for (int i = 0; i < tokens.numElements(); i++) {
            if (tokens.isNullAt(i)) {
              return record
                  + ": field "
                  + features.names().get(f)
                  + "["
                  + i
                  + "] must be a string, found null";
            }
          }
        }
      }
      for (int f = 0; f < columnOf.length; f++) {
        int c = columnOf[f];
        if (c >= 0 && bag[f] && !row.isNullAt(c)) {
          int n = row.getArray(c).numElements();
          if (n > lengths[f] * options.maxBagFactor()) {
            return record
                + ": field "
                + features.names().get(f)
                + " holds "
                + n
                + " tokens, more than "
                + options.maxBagFactor()
                + " times its length "
                + lengths[f];
          }
        }
      }
      return null;
    }

    private void encode(InternalRow row, int f, long[] block, int offset) {
      int c = columnOf[f];
      if (c < 0 || row.isNullAt(c)) {
        return;
      }
      if (!bag[f]) {
        features.encode(f, row.getUTF8String(c), scratch, block, offset);
        return;
      }
      ArrayData tokens = row.getArray(c);
      int kept = 0;
      for (int i = 0; i < tokens.numElements() && kept < lengths[f]; i++) {
        if (features.encode(f, tokens.getUTF8String(i), scratch, block, offset + kept)) {
          kept++;
        }
      }
    }
  }
}
