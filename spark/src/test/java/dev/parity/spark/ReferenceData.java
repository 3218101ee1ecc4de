package dev.parity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.npy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The committed zoo and Python reference outputs, as the tests need them. */
final class ReferenceData {
  static final Path ZOO = Path.of(System.getProperty("parity.zoo", "../zoo"));
  static final Path REFERENCE = Path.of("..", "reference-outputs", "dev.parity", "purchase");
  static final Path CARD_FOLDER = ZOO.resolve("model/tabular/dev/parity/purchase/1.0.0");
  static final List<String> FIELDS =
      List.of("app_packages", "campaigns", "carrier", "device_model");

  private ReferenceData() {}

  static Set<String> vocabulary(String field) throws IOException {
    JsonNode vocab =
        JsonMapper.builder().build().readTree(CARD_FOLDER.resolve("vocab.json").toFile());
    Set<String> out = new HashSet<>();
    vocab.get(field).forEach(t -> out.add(t.asText()));
    return out;
  }

  /** The first {@code n} committed reference records, in order. */
  static List<RawRecord> records(int n) throws IOException {
    List<RawRecord> out = new ArrayList<>(n);
    try (JsonlRecords lines = JsonlRecords.open(REFERENCE.resolve("records.jsonl.gz"), FIELDS)) {
      while (out.size() < n && lines.hasNext()) {
        JsonlRecords.Line line = lines.next();
        if (!line.ok()) {
          throw new IOException(line.error());
        }
        out.add(line.record());
      }
    }
    return out;
  }

  /** Python's probabilities for the first {@code n} reference records. */
  static float[] pythonProbabilities(int n) throws Exception {
    return Arrays.copyOf(Npy.read(REFERENCE.resolve("probability.npy")).floats(), n);
  }

  /** Writes records as Parquet of {@link SyntheticRecords#SCHEMA}, in {@code partitions} files. */
  static void writeParquet(
      SparkSession spark, List<RawRecord> records, int partitions, String out) {
    writeParquet(spark, records, partitions, out, Map.of());
  }

  /** As above, with Parquet writer options (e.g. {@code parquet.enable.dictionary}). */
  static void writeParquet(
      SparkSession spark,
      List<RawRecord> records,
      int partitions,
      String out,
      Map<String, String> options) {
    List<Row> rows = new ArrayList<>(records.size());
    for (RawRecord r : records) {
      rows.add(
          RowFactory.create(
              r.id(),
              single(r, "device_model"),
              bag(r, "app_packages"),
              bag(r, "campaigns"),
              single(r, "carrier")));
    }
    spark
        .createDataFrame(rows, SyntheticRecords.SCHEMA)
        .repartition(partitions)
        .write()
        .options(options)
        .mode(SaveMode.Overwrite)
        .parquet(out);
  }

  private static String single(RawRecord r, String field) {
    List<String> t = r.fields().get(field);
    return t == null ? null : t.get(0);
  }

  private static String[] bag(RawRecord r, String field) {
    List<String> t = r.fields().get(field);
    return t == null ? null : t.toArray(String[]::new);
  }
}
