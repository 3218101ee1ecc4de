package dev.parity.spark;

import dev.parity.card.TensorSpec;
import dev.parity.features.BadRecords;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * engine batch's id arrays, with no Row, RawRecord or Java String per token; numbers are read from
 * their column and written by the toolkit encoder's rule into the float inputs. Where the reader
 * kept a column dictionary-encoded, each distinct dictionary entry is looked up once per columnar
 * batch and the rest are array reads.
 *
 * <p>Judges rows with the same rules and words as {@link PartitionScorer}; a partition whose token
 * columns are not all strings or arrays of strings, or whose numeric columns are not all
 * floating-point or integer columns, goes through {@link PartitionScorer} instead, which names the
 * wrong types; so does a model with inputs of other dtypes than int64, float32 and float64.
 */
final class ColumnarBatchScorer implements FlatMapFunction<Iterator<ColumnarBatch>, InternalRow> {
  private static final long serialVersionUID = 1L;
  private static final AtomicLong COLUMN_BATCHES = new AtomicLong();
  private static final AtomicLong DICTIONARY_BATCHES = new AtomicLong();

  private final InferenceOptions options;
  private final OutputColumns columns;
  private final StructType schema;
  private final Scored.Pass pass;
  private final Scored.Counts counts;

  ColumnarBatchScorer(
      InferenceOptions options,
      OutputColumns columns,
      StructType schema,
      Scored.Pass pass,
      Scored.Counts counts) {
    this.options = options;
    this.columns = columns;
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
    ExecutorModels.Lease lease = ExecutorModels.lease(options, columns, cpus);
    Utf8Features features = lease.model().utf8Features();
    List<String> names = List.of(schema.fieldNames());
    int[] at = new int[features.names().size()];
    boolean[] bag = new boolean[at.length];
    NumberColumn[] numbers = new NumberColumn[at.length];
    int id = names.indexOf(Scored.ID);
    boolean supported =
        features.columnar()
            && (id < 0 || schema.fields()[id].dataType().equals(DataTypes.StringType));
    for (int f = 0; f < at.length; f++) {
      at[f] = names.indexOf(features.names().get(f));
      if (at[f] >= 0) {
        DataType type = schema.fields()[at[f]].dataType();
        if (features.numeric(f)) {
          numbers[f] = NumberColumn.of(type);
          supported &= numbers[f] != null;
        } else {
          bag[f] = type instanceof ArrayType a && a.elementType().equals(DataTypes.StringType);
          supported &= bag[f] || type.equals(DataTypes.StringType);
        }
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
    return new Scoring(input, lease, features, at, bag, numbers, id, failAfter);
  }

  /**
   * The Parquet column types a numeric field is read from on this path, each as the row path's
   * {@code Row.get} hands it to {@code RawRecord.of} (so that both judge and convert alike). Other
   * types (decimals, strings) take the row path, which names them.
   */
  private enum NumberColumn {
    DOUBLE,
    FLOAT,
    LONG,
    INT,
    SHORT,
    BYTE;

    static NumberColumn of(DataType type) {
      if (type.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      }
      if (type.equals(DataTypes.FloatType)) {
        return FLOAT;
      }
      if (type.equals(DataTypes.LongType)) {
        return LONG;
      }
      if (type.equals(DataTypes.IntegerType)) {
        return INT;
      }
      if (type.equals(DataTypes.ShortType)) {
        return SHORT;
      }
      return type.equals(DataTypes.ByteType) ? BYTE : null;
    }

    /** The value as a double, exactly as {@code Number.doubleValue()} of the boxed value. */
    double read(ColumnVector v, int r) {
      return switch (this) {
        case DOUBLE -> v.getDouble(r);
        case FLOAT -> v.getFloat(r);
        case LONG -> v.getLong(r);
        case INT -> v.getInt(r);
        case SHORT -> v.getShort(r);
        case BYTE -> v.getByte(r);
      };
    }

    /** The boxed value, for the reason of a bad row (only floats can be other than finite). */
    Number boxed(ColumnVector v, int r) {
      if (this == FLOAT) {
        return v.getFloat(r);
      }
      return read(v, r);
    }
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
    return new PartitionScorer(options, columns, InputRows.columns(schema), pass, counts)
        .call(rows);
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
    private final NumberColumn[] numbers;
    private final int idColumn;
    private final long failAfter;
    private final int[] lengths;
    private final List<UTF8String> ids = new ArrayList<>();
    // One block per model input, batchSize rows of its width: long[] ids, float[] or double[].
    private final List<TensorSpec> inputs;
    private final int[] widths;
    private final Object[] blocks;
    private final DictionaryMemo[] memos;
    private final UTF8String[] provenance;

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
        NumberColumn[] numbers,
        int idColumn,
        long failAfter) {
      super(input);
      this.lease = lease;
      this.features = features;
      this.columnOf = columnOf;
      this.bag = bag;
      this.numbers = numbers;
      this.idColumn = idColumn;
      this.failAfter = failAfter;
      this.lengths = features.lengths();
      this.inputs = features.inputs();
      this.widths = inputs.stream().mapToInt(TensorSpec::rowLength).toArray();
      this.blocks = new Object[inputs.size()];
      this.memos = new DictionaryMemo[lengths.length];
      this.vectors = new ColumnVector[lengths.length];
      this.elements = new WritableColumnVector[lengths.length];
      this.dictionaryIds = new WritableColumnVector[lengths.length];
      for (int f = 0; f < lengths.length; f++) {
        memos[f] = new DictionaryMemo();
      }
      this.provenance = OutputColumns.provenance(options.engine().djlName(), lease.model());
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
      if (numbers[f] == null && vectors[f] instanceof WritableColumnVector w) {
        WritableColumnVector strings = bag[f] ? w.arrayData() : w;
        elements[f] = strings;
        if (strings.hasDictionary()) {
          dictionaryIds[f] = strings.getDictionaryIds();
          memos[f].bind(strings);
        }
      }
    }

    private void allocate(int batchSize) {
      for (int i = 0; i < blocks.length; i++) {
        int size = batchSize * widths[i];
        blocks[i] =
            switch (inputs.get(i).dtype()) {
              case FLOAT32 -> new float[size];
              case FLOAT64 -> new double[size];
              default -> new long[size];
            };
        if (blocks[i] instanceof long[] ids) {
          Arrays.fill(ids, features.padding());
        }
      }
    }

    @Override
    void fill() {
      int batchSize = options.batchSize();
      if (pass == Scored.Pass.PREDICTIONS && blocks[0] == null) {
        allocate(batchSize);
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
            int input = features.input(f);
            int offset = n * widths[input] + features.column(f);
            if (features.numeric(f)) {
              number(r, f, blocks[input], offset);
            } else {
              encode(r, f, (long[]) blocks[input], offset);
            }
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
      Map<String, Tensor> batch = new LinkedHashMap<>();
      for (int i = 0; i < blocks.length; i++) {
        int size = n * widths[i];
        long[] shape = inputs.get(i).shapeFor(n);
        Tensor t;
        if (blocks[i] instanceof long[] x) {
          t = Tensor.of(size == x.length ? x : Arrays.copyOf(x, size), shape);
        } else if (blocks[i] instanceof float[] x) {
          t = Tensor.of(size == x.length ? x : Arrays.copyOf(x, size), shape);
        } else {
          double[] x = (double[]) blocks[i];
          t = Tensor.of(size == x.length ? x : Arrays.copyOf(x, size), shape);
        }
        batch.put(inputs.get(i).name(), t);
      }
      TensorBatch scores;
      try {
        scores = lease.model().predictor().predict(TensorBatch.of(batch));
      } catch (ai.djl.translate.TranslateException e) {
        throw new IllegalStateException(
            "the engine failed on a batch of " + n + " records: " + e.getMessage(), e);
      }
      for (int i = 0; i < blocks.length; i++) {
        if (blocks[i] instanceof long[] x) {
          Arrays.fill(x, 0, n * widths[i], features.padding());
        }
      }
      columns.rows(scores, ids, provenance, ready);
      counts.good().add(n);
    }

    // The same checks, in the same order, as RawRecord.of and PartitionScorer; the words are
    // BadRecords'.
    private String problem(int r, UTF8String id) {
      for (int f = 0; f < columnOf.length; f++) {
        ColumnVector v = vectors[f];
        if (v == null || v.isNullAt(r)) {
          continue;
        }
        if (numbers[f] != null) {
          if (!Double.isFinite(numbers[f].read(v, r))) {
            return BadRecords.notANumber(id, features.names().get(f), numbers[f].boxed(v, r));
          }
          continue;
        }
        if (!bag[f] || !v.getChild(0).hasNull()) {
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

    // A numeric field: its default when null or absent, else the number, by the encoder's rule,
    // cast to the input's dtype as RecordEncoder.encode casts it.
    private void number(int r, int f, Object block, int offset) {
      ColumnVector v = vectors[f];
      double x =
          v == null || v.isNullAt(r)
              ? features.missingNumber(f)
              : features.number(f, numbers[f].read(v, r));
      if (block instanceof float[] floats) {
        floats[offset] = (float) x;
      } else {
        ((double[]) block)[offset] = x;
      }
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
