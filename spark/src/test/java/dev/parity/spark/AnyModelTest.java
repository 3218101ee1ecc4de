package dev.parity.spark;

import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.features.BadRecordException;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.npy.Npy;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * A second model on Spark, the shipped multi-class {@code dev.parity:segment} (numeric and token
 * fields sharing inputs, three outputs): both Spark paths give exactly the toolkit's {@link
 * ModelPredictor} outputs for the same records, bad numbers are error rows in the toolkit's words,
 * and a model that takes no records is refused before Spark starts.
 */
class AnyModelTest {
  private static final ModelId SEGMENT = ModelId.parse("dev.parity:segment");
  private static final Path REFERENCE = Path.of("..", "reference-outputs", "dev.parity", "segment");
  private static final Path CARD_FOLDER =
      ReferenceData.ZOO.resolve("model/tabular/dev/parity/segment/1.0.0");
  private static final List<String> ALL_OUTPUTS = List.of("logits", "probabilities", "embedding");

  @TempDir static Path dir;
  private static ModelCard card;
  private static Features features;
  private static ModelPredictor toolkit;
  private static Map<String, RawRecord> byId;
  private static List<String> lines;

  @BeforeAll
  static void load() throws Exception {
    ExecutorModels.closeAll();
    card = ModelCard.read(CARD_FOLDER.resolve(ModelCard.FILE_NAME));
    features = card.features();
    toolkit =
        ModelPredictor.open(
            ArtifactSpec.builder().optModel(SEGMENT).optZoo(ReferenceData.ZOO).build(),
            options("unused").engineSettings(1),
            ALL_OUTPUTS);
    byId = new LinkedHashMap<>();
    try (JsonlRecords r =
        JsonlRecords.open(
            REFERENCE.resolve("records.jsonl.gz"), features.names(), features.numericNames())) {
      r.forEachRemaining(l -> byId.put(l.record().id(), l.record()));
    }
    lines = new ArrayList<>();
    try (var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(
                    Files.newInputStream(REFERENCE.resolve("records.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      in.lines().forEach(lines::add);
    }
  }

  @AfterAll
  static void close() {
    toolkit.close();
    ExecutorModels.closeAll();
  }

  private static InferenceOptions options(String input) {
    return InferenceOptions.builder()
        .setEngine(EngineName.PYTORCH)
        .setInput(input)
        .setOutput(dir.resolve("out-" + System.nanoTime()).toString())
        .optModel(SEGMENT)
        .optZoo(ReferenceData.ZOO.toString())
        .build();
  }

  // ---------------------------------------------------------------- outputs equal the toolkit's

  @ParameterizedTest
  @ValueSource(ints = {1, 4096})
  void run_parquetWithNullAndMissingNumbers_equalsModelPredictorExactly(int batchSize)
      throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<RawRecord> records = firstRecords(batchSize == 1 ? 1_500 : 6_000);
    assertThat(records.stream().filter(r -> r.number("spend_30d") == null)).isNotEmpty();
    // night_share is left out of the file: every record takes the card's default for it.
    List<RawRecord> withoutNightShare =
        records.stream().map(r -> without(r, "night_share")).toList();
    String input = dir.resolve("segment-" + batchSize + ".parquet").toString();
    writeParquet(spark, withoutNightShare, "night_share", input);
    InferenceOptions options =
        options(input).toBuilder().optBatchSize(batchSize).optAllOutputs().build();
    long columnBatches = ColumnarBatchScorer.columnBatches();

    BatchInference.Result result = BatchInference.run(spark, options);

    assertThat(result.good()).isEqualTo(records.size());
    assertThat(result.bad()).isZero();
    assertThat(ColumnarBatchScorer.columnBatches()).isGreaterThan(columnBatches);
    Dataset<Row> out = spark.read().parquet(options.output());
    assertThat(out.schema().fieldNames())
        .containsExactly(
            "id",
            "logits",
            "predicted_class",
            "predicted_label",
            "probabilities",
            "embedding",
            "engine",
            "engine_version",
            "model_version",
            "model_card_sha256");
    Map<String, TensorRow> expected =
        toolkitByPartition(spark.read().parquet(input), withoutNightShare, batchSize);
    assertEqualsToolkit(out, expected, ALL_OUTPUTS);
    Row first = out.first();
    assertThat(first.<String>getAs("model_version")).isEqualTo("1.0.0");
    assertThat(first.<String>getAs("model_card_sha256"))
        .isEqualTo(Sha256.of(CARD_FOLDER.resolve(ModelCard.FILE_NAME)));
  }

  @Test
  void run_parquetOfAllFields_withinPythonsLogitsAndPredictedClassIsTheirArgmax() throws Exception {
    SparkSession spark = SparkTestSession.get();
    int n = 4_000;
    List<RawRecord> records = firstRecords(n);
    String input = dir.resolve("segment-full.parquet").toString();
    writeParquet(spark, records, null, input);
    InferenceOptions options = options(input);

    BatchInference.run(spark, options);

    Dataset<Row> out = spark.read().parquet(options.output());
    assertThat(out.schema().fieldNames())
        .containsExactly(
            "id",
            "logits",
            "predicted_class",
            "predicted_label",
            "engine",
            "engine_version",
            "model_version",
            "model_card_sha256");
    float[] python = Npy.read(REFERENCE.resolve("output-logits.npy")).floats();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(records.get(i).id(), i);
    }
    List<Row> rows = out.collectAsList();
    assertThat(rows).hasSize(n);
    for (Row r : rows) {
      int i = index.get(r.getString(0));
      float[] logits = floats(r.getList(1));
      for (int c = 0; c < 5; c++) {
        assertThat(logits[c])
            .as("record %s class %d", r.get(0), c)
            .isCloseTo(python[i * 5 + c], within(1e-4f));
      }
      int best = 0;
      for (int c = 1; c < logits.length; c++) {
        best = logits[c] > logits[best] ? c : best;
      }
      assertThat(r.getInt(2)).isEqualTo(best);
      assertThat(r.getString(3)).isEqualTo(card.task().labels().get(best));
    }
  }

  @Test
  void run_jsonLinesWithNullAndMissingNumbers_equalsModelPredictorExactly() throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<String> text = new ArrayList<>(lines.subList(0, 3_000));
    text.add("{\"id\":\"no-numbers\",\"carrier\":\"orange\",\"campaigns\":[\"cmp-0000032\"]}");
    text.add(
        "{\"id\":\"null-numbers\",\"sessions_per_day\":null,\"spend_30d\":null,"
            + "\"device_model\":\"lenovo be20\"}");
    Path input = dir.resolve("segment.jsonl");
    Files.write(input, text, StandardCharsets.UTF_8);
    InferenceOptions options = options(input.toString());

    BatchInference.Result result = BatchInference.run(spark, options);

    assertThat(result.good()).isEqualTo(text.size());
    assertThat(result.bad()).isZero();
    // The same lines, batched as Spark's text splits hand them to the job.
    Dataset<Row> split =
        BatchInference.read(spark, options).withColumn("partition", spark_partition_id());
    Map<Integer, List<RawRecord>> byPartition = new LinkedHashMap<>();
    JsonMapper json = JsonMapper.builder().build();
    for (Row r : split.collectAsList()) {
      RawRecord record =
          JsonlRecords.record(
              (ObjectNode) json.readTree(r.getString(0)),
              features.names(),
              features.numericNames());
      byPartition.computeIfAbsent(r.getInt(2), p -> new ArrayList<>()).add(record);
    }
    assertEqualsToolkit(
        spark.read().parquet(options.output()),
        predict(byPartition.values(), options.batchSize()),
        List.of("logits"));
  }

  // ---------------------------------------------------------------- bad numbers

  @Test
  void run_badNumbersInParquet_errorRowsInTheToolkitsWordsOnTheColumnarPath() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("sessions_per_day", DataTypes.DoubleType)
            .add("spend_30d", DataTypes.FloatType)
            .add("battery_pct", DataTypes.LongType)
            .add("carrier", DataTypes.StringType);
    List<Row> rows =
        List.of(
            RowFactory.create("good", 2.5, 10f, 50L, "orange"),
            RowFactory.create("nan", Double.NaN, 10f, 50L, null),
            RowFactory.create("infinite", Double.POSITIVE_INFINITY, null, null, null),
            RowFactory.create("float-nan", null, Float.NaN, 7L, null),
            RowFactory.create("nulls", null, null, null, null));
    String input = dir.resolve("bad-numbers.parquet").toString();
    spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(input);
    InferenceOptions options = options(input);
    long columnBatches = ColumnarBatchScorer.columnBatches();

    BatchInference.Result result = BatchInference.run(spark, options);

    assertThat(ColumnarBatchScorer.columnBatches()).isGreaterThan(columnBatches);
    assertThat(result.good()).isEqualTo(2);
    assertThat(result.bad()).isEqualTo(3);
    assertThat(ids(options.output())).containsExactlyInAnyOrder("good", "nulls");
    Map<String, String> reasons = reasons(options.errors());
    assertThat(reasons)
        .containsOnly(
            Map.entry("nan", toolkitReason("nan", "sessions_per_day", Double.NaN)),
            Map.entry(
                "infinite",
                toolkitReason("infinite", "sessions_per_day", Double.POSITIVE_INFINITY)),
            Map.entry("float-nan", toolkitReason("float-nan", "spend_30d", Float.NaN)));
    assertThat(reasons.get("nan"))
        .isEqualTo(
            "record nan: field sessions_per_day must be a finite number or null, found a number"
                + " (NaN)");
  }

  @Test
  void run_badNumbersInJsonLinesAndStringColumns_errorRowsInTheToolkitsWords() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path jsonl = dir.resolve("bad-numbers.jsonl");
    Files.write(
        jsonl,
        List.of(
            "{\"id\":\"good\",\"sessions_per_day\":2.5,\"carrier\":\"orange\"}",
            "{\"id\":\"string\",\"sessions_per_day\":\"2.5\"}",
            "{\"id\":\"list\",\"spend_30d\":[1,2]}",
            "{\"id\":\"boolean\",\"age_band\":true}",
            "{\"id\":\"object\",\"night_share\":{\"x\":1}}"),
        StandardCharsets.UTF_8);
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("sessions_per_day", DataTypes.StringType);
    String parquet = dir.resolve("string-numbers.parquet").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create("text", "3.5"), RowFactory.create("null", null)), schema)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(parquet);
    InferenceOptions fromJsonl = options(jsonl.toString());
    InferenceOptions fromParquet = options(parquet);

    BatchInference.Result jsonlResult = BatchInference.run(spark, fromJsonl);
    BatchInference.Result parquetResult = BatchInference.run(spark, fromParquet);

    assertThat(jsonlResult.good()).isEqualTo(1);
    assertThat(reasons(fromJsonl.errors()))
        .containsOnly(
            Map.entry("string", toolkitReason("string", "sessions_per_day", "2.5")),
            Map.entry("list", toolkitReason("list", "spend_30d", List.of(1, 2))),
            Map.entry("boolean", toolkitReason("boolean", "age_band", true)),
            Map.entry("object", toolkitReason("object", "night_share", Map.of("x", 1))));
    assertThat(reasons(fromJsonl.errors()).get("string"))
        .endsWith("must be a finite number or null, found a String");
    assertThat(parquetResult.good()).isEqualTo(1);
    assertThat(reasons(fromParquet.errors()))
        .containsOnly(Map.entry("text", toolkitReason("text", "sessions_per_day", "3.5")));
  }

  // ---------------------------------------------------------------- models, outputs, replays

  @Test
  void predict_modelWithoutFeatures_exitsTwoNamingWhyBeforeSparkStarts() throws Exception {
    Path zoo = ForkedSpark.copyZoo(dir.resolve("tensor-only"));
    Path cardFile = zoo.resolve("model/tabular/dev/parity/segment/1.0.0/model-card.json");
    ObjectNode json = (ObjectNode) JsonMapper.builder().build().readTree(cardFile.toFile());
    json.remove("features");
    Files.writeString(cardFile, json.toPrettyString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(out, err)
            .execute(
                "predict",
                "--model",
                "dev.parity:segment",
                "--zoo",
                zoo.toString(),
                "--input",
                REFERENCE.resolve("records.jsonl.gz").toString(),
                "--output",
                dir.resolve("tensor-only-out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "parity-spark: error: dev.parity:segment:1.0.0 takes tensors, not records: its card ("
                + cardFile.toAbsolutePath().normalize())
        .contains("has no features section")
        .contains("parity predict --model dev.parity:segment --inputs DIR")
        .hasLineCount(1);
    assertThat(out.toString()).isEmpty();
    assertThat(dir.resolve("tensor-only-out")).doesNotExist();
    assertThat(SparkTestSession.get().sparkContext().isStopped()).isFalse();
  }

  @Test
  void predict_outputTheModelLacks_exitsTwoListingItsOutputs() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(out, err)
            .execute(
                "predict",
                "--model",
                "dev.parity:segment",
                "--zoo",
                ReferenceData.ZOO.toString(),
                "--outputs",
                "logits,hidden",
                "--input",
                REFERENCE.resolve("records.jsonl.gz").toString(),
                "--output",
                dir.resolve("no-such-output").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "parity-spark: error: --outputs names hidden, which dev.parity:segment:1.0.0 does not"
                + " have; its outputs: logits, probabilities, embedding (or --outputs all)"
                + System.lineSeparator());
    assertThat(SparkTestSession.get().sparkContext().isStopped()).isFalse();
  }

  @Test
  void replayedRecords_fiftyRecordsRepeatedTo120_distinctIdsAndEachRepeatPredictsAsItsOriginal()
      throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path file = dir.resolve("fifty.jsonl");
    Files.write(file, lines.subList(0, 50), StandardCharsets.UTF_8);

    Path folder =
        ReplayedRecords.prepare(spark, SEGMENT, file, 120, 3, dir.resolve("replays"), true);
    InferenceOptions options = options(folder.toString()).toBuilder().optBatchSize(1).build();
    BatchInference.run(spark, options);

    Map<String, float[]> logits = new HashMap<>();
    for (Row r : spark.read().parquet(options.output()).collectAsList()) {
      logits.put(r.getString(0), floats(r.getList(1)));
    }
    assertThat(logits).hasSize(120);
    List<String> originals = new ArrayList<>(byId.keySet()).subList(0, 50);
    for (int i = 0; i < 120; i++) {
      String original = originals.get(i % 50);
      String id = i < 50 ? original : original + "~" + (i / 50);
      assertThat(logits.get(id)).as(id).containsExactly(logits.get(original));
    }
    assertThat(spark.read().parquet(folder.toString()).schema().apply("carrier").dataType())
        .isEqualTo(DataTypes.StringType);
  }

  @Test
  void replayedRecords_fileWithABadRecord_refusedNamingTheLine() throws Exception {
    Path file = dir.resolve("one-bad.jsonl");
    Files.write(
        file,
        List.of(lines.get(0), "{\"id\":\"x\",\"sessions_per_day\":\"many\"}"),
        StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                ReplayedRecords.prepare(
                    SparkTestSession.get(), SEGMENT, file, 10, 1, dir.resolve("replays"), true))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith(
            file + ": line 2: " + toolkitReason("x", "sessions_per_day", "many"))
        .hasMessageEndingWith("bench and soak repeat good records only: fix or drop that record");
  }

  @Test
  void soak_segmentFromItsReferenceRecords_everyPassPredictsEveryRecord() throws Exception {
    SparkTestSession.get();
    Path soakDir = dir.resolve("soak");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(out, err)
            .execute(
                "soak",
                "--model",
                "dev.parity:segment",
                "--input",
                REFERENCE.resolve("records.jsonl.gz").toString(),
                "--records",
                "30000",
                "--passes",
                "2",
                "--partitions",
                "3",
                "--warmup-passes",
                "0",
                "--max-growth-percent",
                "100",
                "--dir",
                soakDir.toString(),
                "--master",
                "local[2,2]");

    assertThat(code).as(err.toString()).isZero();
    Dataset<Row> predictions =
        SparkTestSession.get().read().parquet(soakDir.resolve("predictions").toString());
    assertThat(predictions.count()).isEqualTo(30_000);
    assertThat(predictions.select("id").distinct().count()).isEqualTo(30_000);
    assertThat(predictions.schema().fieldNames()).contains("logits", "predicted_class");
  }

  @Test
  void bench_otherModelWithoutInput_exitsTwoNamingTheReferenceRecords() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = command(out, err).execute("bench", "--model", "dev.parity:segment");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "parity-spark: error: parity spark bench generates purchase records only; for"
                + " dev.parity:segment pass --input FILE with its records, e.g."
                + " reference-outputs/dev.parity/segment/records.jsonl.gz"
                + System.lineSeparator());
  }

  // ---------------------------------------------------------------- helpers

  private static CommandLine command(StringWriter out, StringWriter err) {
    CommandLine cl = ParitySpark.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  /** The toolkit's reason for a record whose one field holds a value. */
  private static String toolkitReason(String id, String field, Object value) {
    Map<String, Object> values = new HashMap<>();
    values.put(field, value);
    try {
      RawRecord.of(id, values, features.numericNames());
    } catch (BadRecordException e) {
      return e.getMessage();
    }
    throw new AssertionError("the toolkit accepts " + field + " = " + value);
  }

  private static List<RawRecord> firstRecords(int n) {
    return new ArrayList<>(byId.values()).subList(0, n);
  }

  private static RawRecord without(RawRecord r, String numeric) {
    Map<String, Double> numbers = new LinkedHashMap<>(r.numbers());
    numbers.remove(numeric);
    return new RawRecord(r.id(), r.fields(), numbers);
  }

  /** Writes records as Parquet: tokens as strings, bags as string arrays, numbers as doubles. */
  private static void writeParquet(
      SparkSession spark, List<RawRecord> records, String leftOut, String out) {
    StructType schema = new StructType().add("id", DataTypes.StringType);
    List<Features.Field> fields =
        features.fields().stream().filter(f -> !f.name().equals(leftOut)).toList();
    for (Features.Field f : fields) {
      schema =
          schema.add(
              f.name(),
              switch (f.kind()) {
                case NUMERIC -> DataTypes.DoubleType;
                case TOKEN -> DataTypes.StringType;
                case BAG -> DataTypes.createArrayType(DataTypes.StringType);
              });
    }
    List<Row> rows = new ArrayList<>();
    for (RawRecord r : records) {
      Object[] values = new Object[fields.size() + 1];
      values[0] = r.id();
      for (int i = 0; i < fields.size(); i++) {
        Features.Field f = fields.get(i);
        List<String> tokens = r.fields().get(f.name());
        values[i + 1] =
            switch (f.kind()) {
              case NUMERIC -> r.number(f.name());
              case TOKEN -> tokens == null ? null : tokens.get(0);
              case BAG -> tokens == null ? null : tokens.toArray(String[]::new);
            };
      }
      rows.add(RowFactory.create(values));
    }
    spark
        .createDataFrame(rows, schema)
        .repartition(3)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out);
  }

  /** One record's outputs. */
  private record TensorRow(Map<String, float[]> outputs) {}

  /**
   * The toolkit's outputs for the records of a Parquet input, batched as the job batches them: each
   * partition from its start (PyTorch's last bit can depend on which records share a batch).
   */
  private static Map<String, TensorRow> toolkitByPartition(
      Dataset<Row> input, List<RawRecord> records, int batchSize) throws Exception {
    Map<String, RawRecord> ids = new HashMap<>();
    records.forEach(r -> ids.put(r.id(), r));
    Map<Integer, List<RawRecord>> byPartition = new LinkedHashMap<>();
    for (Row r : input.select("id").withColumn("partition", spark_partition_id()).collectAsList()) {
      byPartition.computeIfAbsent(r.getInt(1), p -> new ArrayList<>()).add(ids.get(r.getString(0)));
    }
    assertThat(byPartition).hasSizeGreaterThan(1);
    return predict(byPartition.values(), batchSize);
  }

  private static Map<String, TensorRow> predict(
      java.util.Collection<List<RawRecord>> partitions, int batchSize) throws Exception {
    Map<String, TensorRow> out = new HashMap<>();
    for (List<RawRecord> partition : partitions) {
      for (int from = 0; from < partition.size(); from += batchSize) {
        List<RawRecord> batch =
            partition.subList(from, Math.min(partition.size(), from + batchSize));
        TensorBatch scores = toolkit.predict(toolkit.encoder().encode(batch));
        for (int i = 0; i < batch.size(); i++) {
          Map<String, float[]> row = new HashMap<>();
          for (String name : ALL_OUTPUTS) {
            Tensor t = scores.get(name);
            int w = t.rowLength();
            row.put(name, Arrays.copyOfRange(t.floats(), i * w, (i + 1) * w));
          }
          out.put(batch.get(i).id(), new TensorRow(row));
        }
      }
    }
    return out;
  }

  private static void assertEqualsToolkit(
      Dataset<Row> out, Map<String, TensorRow> expected, List<String> outputs) {
    List<Row> rows = out.collectAsList();
    assertThat(rows).hasSize(expected.size());
    for (Row r : rows) {
      TensorRow want = expected.get(r.getString(0));
      assertThat(want).as("record %s", r.get(0)).isNotNull();
      for (String name : outputs) {
        assertThat(floats(r.getList(r.fieldIndex(name))))
            .as("%s of record %s", name, r.get(0))
            .containsExactly(want.outputs().get(name));
      }
    }
  }

  private static float[] floats(List<Object> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Float) values.get(i);
    }
    return out;
  }

  private static List<String> ids(String output) {
    return SparkTestSession.get().read().parquet(output).collectAsList().stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private static Map<String, String> reasons(String errors) {
    return SparkTestSession.get().read().parquet(errors).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }
}
