package dev.parity.spark;

import dev.parity.features.BadRecords;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;
import scala.Function1;

/**
 * Scores a partition of columnar batches, as Spark's vectorized Parquet reader produces them:
 * tokens are normalised and looked up on their UTF-8 bytes ({@link Utf8Features}) straight into the
 * engine batch's id arrays, with no Row, RawRecord or Java String per token. Where the reader kept
 * a column dictionary-encoded, each distinct dictionary entry is looked up once per columnar batch
 * and the rest are array reads.
 *
 * <p>Judges rows with the same rules and words as {@link PartitionScorer}; a partition whose model
 * columns are not all strings or arrays of strings goes through {@link PartitionScorer} instead,
 * which names the wrong types.
 */
final class ColumnarBatchScorer implements FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private static final AtomicLong COLUMN_BATCHES = new AtomicLong();
  private static final AtomicLong DICTIONARY_BATCHES = new AtomicLong();

  private final InferenceOptions options;
  private final StructType schema;
  private final Scored.Pass pass;
  private final Scored.Counts counts;

  ColumnarBatchScorer(
      InferenceOptions options, StructType schema, Scored.Pass pass, Scored.Counts counts) {
    this.options = options;
    this.schema = schema;
    this.pass = pass;
    this.counts = counts;
  }

  /**
   * Returns how many columnar batches this JVM has read through the fast path.
   *
   * @return batches
   */
  static long columnBatches() {
    return COLUMN_BATCHES.get();
  }

  /**
   * Returns how many of those had a dictionary-encoded model column.
   *
   * @return batches
   */
  static long dictionaryEncodedBatches() {
    return DICTIONARY_BATCHES.get();
  }

  @Override
  public Iterator<InternalRow> call(Iterator<ColumnarBatch> input) {
    TaskContext task = TaskContext.get();
    int cpus = task == null ? 1 : task.cpus();
    ExecutorModels.Lease lease = ExecutorModels.lease(options.zoo(), options.engineSettings(cpus));
    Utf8Features features = lease.model().utf8Features();
    List<String> columns = List.of(schema.fieldNames());
    int[] at = new int[features.names().size()];
    boolean[] bag = new boolean[at.length];
    int id = columns.indexOf("id");
    boolean supported = id < 0 || schema.fields()[id].dataType().equals(DataTypes.StringType);
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
      return rowPath(input);
    }
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    }
    long failAfter =
        task != null && task.attemptNumber() == 0 ? options.failFirstAttemptAfter() : 0;
    return new Scoring(input, lease, features, at, bag, id, failAfter);
  }

  // Columns of other types: external rows through PartitionScorer, which names the types found.
  private Iterator<InternalRow> rowPath(Iterator<ColumnarBatch> input) {
    Function1<Object, Object> toRow = CatalystTypeConverters.createToScalaConverter(schema);
    Iterator<Row> rows =
        new Iterator<>() {
          private Iterator<InternalRow> batch = java.util.Collections.emptyIterator();

          @Override
          public boolean hasNext() {
            while (!batch.hasNext() && input.hasNext()) {
              batch = input.next().rowIterator();
            }
            return batch.hasNext();
          }

          @Override
          public Row next() {
            hasNext();
            return (Row) toRow.apply(batch.next());
          }
        };
    Iterator<Row> out =
        new PartitionScorer(options, InputRows.columns(schema), pass, counts).call(rows);
    Function1<Object, Object> toInternal =
        CatalystTypeConverters.createToCatalystConverter(
            pass == Scored.Pass.PREDICTIONS ? Scored.PREDICTIONS : Scored.ERRORS);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return out.hasNext();
      }

      @Override
      public InternalRow next() {
        return (InternalRow) toInternal.apply(out.next());
      }
    };
  }

  /**
   * Token ids of one field's dictionary entries, valid while the reader keeps the same dictionary
   * (one per Parquet column chunk). Which dictionary a vector holds is read through reflection into
   * Spark's and Parquet's private fields; where that fails (another Spark version), the memo is
   * kept for one columnar batch only, which is always safe: a batch never spans column chunks.
   */
  private static final class DictionaryMemo {
    private static final Field VECTOR_DICTIONARY =
        field(WritableColumnVector.class.getName(), "dictionary");
    private static final Field PARQUET_DICTIONARY =
        field("org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary", "dictionary");

    // Entry e's generation at [2e] and id at [2e + 1]: a hit reads one cache line.
    private int[] entries = new int[2048];
    private int generation;
    private Object dictionary;

    private static Field field(String owner, String name) {
      try {
        Field f = Class.forName(owner).getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    /** Starts a columnar batch whose strings are ids into the dictionary of {@code strings}. */
    void bind(WritableColumnVector strings) {
      Object current = parquetDictionary(strings);
      if (current == null || current != dictionary) {
        generation++;
        dictionary = current;
      }
    }

    private static Object parquetDictionary(WritableColumnVector strings) {
      if (VECTOR_DICTIONARY == null || PARQUET_DICTIONARY == null) {
        return null;
      }
      try {
        Object wrapper = VECTOR_DICTIONARY.get(strings);
        return wrapper != null && PARQUET_DICTIONARY.getDeclaringClass().isInstance(wrapper)
            ? PARQUET_DICTIONARY.get(wrapper)
            : null;
      } catch (IllegalAccessException | RuntimeException e) {
        return null;
      }
    }

    int get(int entry) {
      int at = 2 * entry;
      return at < entries.length && entries[at] == generation ? entries[at + 1] : Integer.MIN_VALUE;
    }

    void put(int entry, int id) {
      int at = 2 * entry;
      if (at >= entries.length) {
        entries = Arrays.copyOf(entries, Math.max(at + 2, entries.length * 2));
      }
      entries[at] = generation;
      entries[at + 1] = id;
    }
  }

  private final class Scoring extends ScoringIterator<ColumnarBatch, InternalRow> {
    private final ExecutorModels.Lease lease;
    private final Utf8Features features;
    private final int[] columnOf;
    private final boolean[] bag;
    private final int idColumn;
    private final long failAfter;
    private final int[] lengths;
    private final List<UTF8String> ids = new ArrayList<>();
    private final long[][] blocks;
    private final DictionaryMemo[] memos;
    private final UTF8String engine;
    private final UTF8String engineVersion;
    private final UTF8String modelVersion;
    private final UTF8String cardSha256;

    // The columnar batch being read, bound per field.
    private ColumnarBatch current;
    private int row;
    private int rows;
    private final ColumnVector[] vectors;
    private final WritableColumnVector[] elements;
    private final WritableColumnVector[] dictionaryIds;
    private ColumnVector idVector;
    private long seen;

    Scoring(
        Iterator<ColumnarBatch> input,
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
      this.memos = new DictionaryMemo[lengths.length];
      this.vectors = new ColumnVector[lengths.length];
      this.elements = new WritableColumnVector[lengths.length];
      this.dictionaryIds = new WritableColumnVector[lengths.length];
      for (int f = 0; f < lengths.length; f++) {
        memos[f] = new DictionaryMemo();
      }
      ExecutorModels.LoadedModel model = lease.model();
      this.engine = UTF8String.fromString(options.engine().djlName());
      this.engineVersion = UTF8String.fromString(model.engineVersion());
      this.modelVersion = UTF8String.fromString(model.modelVersion());
      this.cardSha256 = UTF8String.fromString(model.cardSha256());
    }

    @Override
    boolean hasMoreInput() {
      return (current != null && row < rows) || input.hasNext();
    }

    private boolean advance() {
      while (current == null || row >= rows) {
        if (!input.hasNext()) {
          return false;
        }
        current = input.next();
        row = 0;
        rows = current.numRows();
        idVector = idColumn < 0 ? null : current.column(idColumn);
        boolean dictionary = false;
        for (int f = 0; f < columnOf.length; f++) {
          bind(f);
          dictionary |= dictionaryIds[f] != null;
        }
        COLUMN_BATCHES.incrementAndGet();
        if (dictionary) {
          DICTIONARY_BATCHES.incrementAndGet();
        }
      }
      return true;
    }

    // Resolves, once per columnar batch, where a field's strings live and whether they are
    // dictionary ids; the generic ColumnVector API is the fallback for other vector kinds.
    private void bind(int f) {
      vectors[f] = columnOf[f] < 0 ? null : current.column(columnOf[f]);
      elements[f] = null;
      dictionaryIds[f] = null;
      if (vectors[f] instanceof WritableColumnVector w) {
        WritableColumnVector strings = bag[f] ? w.arrayData() : w;
        elements[f] = strings;
        if (strings.hasDictionary()) {
          dictionaryIds[f] = strings.getDictionaryIds();
          memos[f].bind(strings);
        }
      }
    }

    @Override
    void fill() {
      int batchSize = options.batchSize();
      if (pass == Scored.Pass.PREDICTIONS && blocks[0] == null) {
        for (int f = 0; f < blocks.length; f++) {
          blocks[f] = new long[batchSize * lengths[f]];
          Arrays.fill(blocks[f], features.padding());
        }
      }
      ids.clear();
      long bad = 0;
      // A predictions batch is batchSize good records (so batches match the single-JVM toolkit's);
      // an errors pass reads batchSize rows at a time so its queue stays bounded.
      for (int read = 0;
          (pass == Scored.Pass.PREDICTIONS ? ids.size() : read) < batchSize && advance();
          read++) {
        int r = row++;
        if (failAfter > 0 && ++seen > failAfter) {
          throw new IllegalStateException(
              "injected failure of a first task attempt after " + failAfter + " rows");
        }
        UTF8String id =
            idVector == null || idVector.isNullAt(r) ? null : idVector.getUTF8String(r).clone();
        String reason = problem(r, id);
        if (reason != null) {
          if (pass == Scored.Pass.ERRORS) {
            ready.add(new GenericInternalRow(new Object[] {id, UTF8String.fromString(reason)}));
          } else {
            bad++;
          }
          continue;
        }
        if (pass == Scored.Pass.PREDICTIONS) {
          int n = ids.size();
          for (int f = 0; f < columnOf.length; f++) {
            encode(r, f, blocks[f], n * lengths[f]);
          }
          ids.add(id);
        }
      }
      if (bad > 0) {
        counts.bad().add(bad);
      }
      if (!ids.isEmpty()) {
        predict();
      }
    }

    private void predict() {
      int n = ids.size();
      List<long[]> used = new ArrayList<>(blocks.length);
      for (int f = 0; f < blocks.length; f++) {
        used.add(
            n * lengths[f] == blocks[f].length
                ? blocks[f]
                : Arrays.copyOf(blocks[f], n * lengths[f]));
      }
      java.util.Map<String, Tensor> inputs = new java.util.LinkedHashMap<>();
      for (int f = 0; f < used.size(); f++) {
        inputs.put(features.inputs().get(f), Tensor.of(used.get(f), n, lengths[f]));
      }
      TensorBatch scores;
      try {
        scores = lease.model().predictor().predict(TensorBatch.of(inputs));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + n + " records: " + e.getMessage(), e);
      }
      for (int f = 0; f < blocks.length; f++) {
        Arrays.fill(blocks[f], 0, n * lengths[f], features.padding());
      }
      float[] p = scores.get(lease.model().predictor().outputs().get(0)).floats();
      for (int i = 0; i < n; i++) {
        ready.add(
            new GenericInternalRow(
                new Object[] {ids.get(i), p[i], engine, engineVersion, modelVersion, cardSha256}));
      }
      counts.good().add(n);
    }

    // The same checks, in the same order, as RawRecord.of and PartitionScorer; the words are
    // BadRecords'.
    private String problem(int r, UTF8String id) {
      for (int f = 0; f < columnOf.length; f++) {
        ColumnVector v = vectors[f];
        if (v == null || !bag[f] || v.isNullAt(r) || !v.getChild(0).hasNull()) {
          continue;
        }
        ColumnarArray tokens = v.getArray(r);
        for (int i = 0; i < tokens.numElements(); i++) {
          if (tokens.isNullAt(i)) {
            return BadRecords.wrongElementType(id, features.names().get(f), i, null);
          }
        }
      }
      for (int f = 0; f < columnOf.length; f++) {
        ColumnVector v = vectors[f];
        if (v != null && bag[f] && !v.isNullAt(r)) {
          int n =
              v instanceof WritableColumnVector w
                  ? w.getArrayLength(r)
                  : v.getArray(r).numElements();
          if (n > lengths[f] * options.maxBagFactor()) {
            return BadRecords.oversizedBag(
                id, features.names().get(f), n, options.maxBagFactor(), lengths[f]);
          }
        }
      }
      return null;
    }

    private void encode(int r, int f, long[] block, int offset) {
      ColumnVector v = vectors[f];
      if (v == null || v.isNullAt(r)) {
        return;
      }
      if (!bag[f]) {
        int id = token(f, v, r);
        if (id != Utf8Features.DROPPED) {
          block[offset] = id;
        }
        return;
      }
      WritableColumnVector w = elements[f];
      if (w != null) {
        int start = ((WritableColumnVector) v).getArrayOffset(r);
        int end = start + ((WritableColumnVector) v).getArrayLength(r);
        int kept = 0;
        for (int i = start; i < end && kept < lengths[f]; i++) {
          int id = token(f, w, i);
          if (id != Utf8Features.DROPPED) {
            block[offset + kept++] = id;
          }
        }
        return;
      }
      ColumnarArray tokens = v.getArray(r);
      int kept = 0;
      for (int i = 0; i < tokens.numElements() && kept < lengths[f]; i++) {
        int id = features.id(f, tokens.getUTF8String(i));
        if (id != Utf8Features.DROPPED) {
          block[offset + kept++] = id;
        }
      }
    }

    // The id of the string at `at` in field f's string vector.
    private int token(int f, ColumnVector strings, int at) {
      WritableColumnVector dictionary = dictionaryIds[f];
      if (dictionary == null) {
        return features.id(f, strings.getUTF8String(at));
      }
      int entry = dictionary.getDictId(at);
      int id = memos[f].get(entry);
      if (id == Integer.MIN_VALUE) {
        id = features.id(f, strings.getUTF8String(at));
        memos[f].put(entry, id);
      }
      return id;
    }
  }
}
