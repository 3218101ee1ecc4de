package dev.parity.spark;

import dev.parity.card.Features;
import dev.parity.card.ModelId;
import dev.parity.features.BadRecordException;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The records of one file (JSON Lines or Parquet, e.g. a model's reference records) repeated to any
 * count and written as Parquet, so that {@code bench} and {@code soak} run any model at any scale:
 * record {@code i} is the file's record {@code i mod n}, its id suffixed {@code ~k} on the {@code
 * k}-th repeat ({@code k >= 1}) so that ids stay distinct. The file is read into the driver's
 * memory once, with the job's own readers (so a record means what it means to {@code predict}); a
 * bad record refuses the file.
 *
 * <p>Written columns: {@code id}; each token field a string (an array of strings when some record
 * gives it more than one token), each bag an array of strings, each numeric field a double; a field
 * a record lacks is null.
 */
final class ReplayedRecords {

  private ReplayedRecords() {}

  /**
   * Reads a file's records as the model's features read them.
   *
   * @param spark the session (reads Parquet)
   * @param file a JSON Lines file (plain or gzip) or a Parquet file or folder
   * @param features the model's features
   * @return the records, in file order
   * @throws IOException if the file cannot be read, holds no record, or holds a bad one (named)
   */
  static List<RawRecord> read(SparkSession spark, Path file, Features features) throws IOException {
    List<String> names = features.names();
    Set<String> numeric = features.numericNames();
    List<RawRecord> out = new ArrayList<>();
    if (InferenceOptions.formatOf(file.toString()) == InferenceOptions.InputFormat.JSONL) {
      try (JsonlRecords lines = JsonlRecords.open(file, names, numeric)) {
        while (lines.hasNext()) {
          JsonlRecords.Line line = lines.next();
          if (!line.ok()) {
            throw refused(file, line.error());
          }
          out.add(line.record());
        }
      }
    } else {
      Dataset<Row> rows =
          BatchInference.read(spark, file.toString(), InferenceOptions.InputFormat.PARQUET);
      InputRows reader = InputRows.columns(rows.schema());
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); ) {
        Row row = it.next();
        try {
          out.add(reader.record(row, names, numeric));
        } catch (BadRecordException e) {
          throw refused(file, e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + " holds no record to repeat; pass a file with records");
    }
    return out;
  }

  private static IOException refused(Path file, String reason) {
    return new IOException(
        file
            + ": "
            + reason
            + "; bench and soak repeat good records only: fix or drop that record");
  }

  /**
   * Returns the Parquet schema the records are written with.
   *
   * @param features the model's features
   * @param records the records
   * @return id, then one column per field in card order
   */
  static StructType schema(Features features, List<RawRecord> records) {
    StructType s = new StructType().add(Scored.ID, DataTypes.StringType, true);
    DataType tokens = DataTypes.createArrayType(DataTypes.StringType, false);
    for (Features.Field f : features.fields()) {
      DataType type =
          switch (f.kind()) {
            case NUMERIC -> DataTypes.DoubleType;
            case BAG -> tokens;
            case TOKEN -> oneTokenEach(f.name(), records) ? DataTypes.StringType : tokens;
          };
      s = s.add(f.name(), type, true);
    }
    return s;
  }

  private static boolean oneTokenEach(String field, List<RawRecord> records) {
    for (RawRecord r : records) {
      if (r.tokens(field).size() > 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the records repeated to a count as Parquet (snappy; strings dictionary-encoded or
   * plain), replacing {@code output}.
   *
   * @param spark the session
   * @param records the records to repeat
   * @param features the model's features
   * @param count how many records to write, at least 1
   * @param partitions how many partitions (and files), at least 1
   * @param output the folder to write
   * @param dictionary whether string columns are dictionary-encoded (else plain)
   */
  static void write(
      SparkSession spark,
      List<RawRecord> records,
      Features features,
      long count,
      int partitions,
      String output,
      boolean dictionary) {
    if (count < 1 || partitions < 1) {
      throw new IllegalArgumentException(
          "records and partitions must be at least 1, found " + count + " and " + partitions);
    }
    StructType schema = schema(features, records);
    List<Row> rows = new ArrayList<>(records.size());
    for (RawRecord r : records) {
      rows.add(row(r, features, schema));
    }
    Broadcast<List<Row>> shared =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(rows);
    MapPartitionsFunction<Long, Row> repeat =
        indices -> {
          List<Row> base = shared.value();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return indices.hasNext();
            }

            @Override
            public Row next() {
              long i = indices.next();
              Row r = base.get((int) (i % base.size()));
              long repeat = i / base.size();
              if (repeat == 0 || r.isNullAt(0)) {
                return r;
              }
              Object[] values = new Object[r.size()];
              for (int c = 0; c < values.length; c++) {
                values[c] = r.get(c);
              }
              values[0] = r.getString(0) + "~" + repeat;
              return RowFactory.create(values);
            }
          };
        };
    try {
      spark
          .range(0, count, 1, partitions)
          .mapPartitions(repeat, Encoders.row(schema))
          .write()
          .mode(SaveMode.Overwrite)
          .option("parquet.enable.dictionary", String.valueOf(dictionary))
          .option("parquet.dictionary.page.size", SyntheticRecords.DICTIONARY_PAGE_SIZE)
          .parquet(output);
    } finally {
      shared.destroy();
    }
  }

  private static Row row(RawRecord r, Features features, StructType schema) {
    Object[] values = new Object[schema.size()];
    values[0] = r.id();
    int c = 1;
    for (Features.Field f : features.fields()) {
      List<String> tokens = r.tokens(f.name());
      values[c] =
          switch (f.kind()) {
            case NUMERIC -> r.number(f.name());
            case BAG, TOKEN -> {
              if (schema.fields()[c].dataType().equals(DataTypes.StringType)) {
                yield tokens.isEmpty() ? null : tokens.get(0);
              }
              yield r.fields().containsKey(f.name()) ? tokens.toArray(String[]::new) : null;
            }
          };
      c++;
    }
    return RowFactory.create(values);
  }

  /**
   * Returns the file's records repeated to a count as a Parquet folder under {@code dir}, writing
   * it unless an earlier run did (for the same file, count, partitions and encoding).
   *
   * @param spark the session
   * @param model the model whose fields are read (from the driver's zoo)
   * @param file the records: JSON Lines or Parquet
   * @param count how many records
   * @param partitions how many partitions (and files)
   * @param dir the working folder
   * @param dictionary whether string columns are dictionary-encoded
   * @return the folder
   * @throws IOException if the model's card or the file cannot be read, or the file holds a bad
   *     record
   * @throws IllegalArgumentException if the model takes tensors, not records
   */
  static Path prepare(
      SparkSession spark,
      ModelId model,
      Path file,
      long count,
      int partitions,
      Path dir,
      boolean dictionary)
      throws IOException {
    Path folder = dir.resolve(folderName(file, count, partitions, dictionary));
    if (!Files.exists(folder.resolve("_SUCCESS"))) {
      long start = System.nanoTime();
      Features features = BatchInference.recordModel(null, model).features();
      List<RawRecord> records = read(spark, file, features);
      write(spark, records, features, count, partitions, folder.toString(), dictionary);
      System.out.printf(
          Locale.ROOT,
          "repeated the %,d records of %s to %,d records in %.1f s: %s%n",
          records.size(),
          file,
          count,
          (System.nanoTime() - start) / 1e9,
          folder);
    }
    return folder;
  }

  /**
   * Names the folder a file repeated to a count is kept in, so that it is written once and reused
   * while the file is unchanged (its size and modification time).
   *
   * @param file the file
   * @param count the records
   * @param partitions the partitions
   * @param dictionary whether strings are dictionary-encoded
   * @return e.g. {@code replay-1000000-of-records.jsonl.gz-1a2b3c4d-p8-dictionary}
   * @throws IOException if the file cannot be read
   */
  static String folderName(Path file, long count, int partitions, boolean dictionary)
      throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    String stamp =
        absolute
            + "|"
            + Files.size(absolute)
            + "|"
            + Files.getLastModifiedTime(absolute).toMillis();
    return String.format(
        Locale.ROOT,
        "replay-%d-of-%s-%08x-p%d-%s",
        count,
        absolute.getFileName(),
        stamp.hashCode(),
        partitions,
        dictionary ? "dictionary" : "plain");
  }
}
