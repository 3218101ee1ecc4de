package dev.parity.spark;

import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.parity.build.BuildVersions;
import dev.parity.engine.EngineName;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

class BatchInferenceTest {
  private static final int RECORDS = 20_000;

  @TempDir static Path dir;
  private static List<RawRecord> reference;
  private static String referenceParquet;
  private static int loadsBefore;

  @BeforeAll
  static void writeReferenceParquet() throws Exception {
    // Other test classes in this JVM may have loaded (and freed) models already.
    ExecutorModels.closeAll();
    loadsBefore = ExecutorModels.loads();
    reference = ReferenceData.records(RECORDS);
    referenceParquet = dir.resolve("reference").toString();
    ReferenceData.writeParquet(SparkTestSession.get(), reference, 3, referenceParquet);
  }

  @AfterAll
  static void freeModels() {
    ExecutorModels.closeAll();
  }

  private static InferenceOptions options(String input, String name) {
    return InferenceOptions.builder()
        .setEngine(EngineName.PYTORCH)
        .setInput(input)
        .setOutput(dir.resolve(name).toString())
        .optZoo(ReferenceData.ZOO.toString())
        .build();
  }

  private static Map<String, Float> probabilities(String output) {
    return SparkTestSession.get().read().parquet(output).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getFloat(1)));
  }

  @Test
  void run_referenceRecords_equalsSingleJvmExactlyAndPythonWithin1e5() throws Exception {
    InferenceOptions options = options(referenceParquet, "predictions");
    int leasesBefore = ExecutorModels.leasesOpened();

    BatchInference.Result result = BatchInference.run(SparkTestSession.get(), options);

    assertThat(result.good()).isEqualTo(RECORDS);
    assertThat(result.bad()).isZero();
    Map<String, Float> spark = probabilities(options.output());
    assertThat(spark).hasSize(RECORDS);
    Map<String, Float> single = singleJvm(referenceParquet, options);
    float[] python = ReferenceData.pythonProbabilities(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      String id = reference.get(i).id();
      assertThat(spark.get(id)).as("record %s", id).isEqualTo(single.get(id));
      assertThat(spark.get(id)).as("record %s", id).isCloseTo(python[i], within(1e-5f));
    }
    Row provenance = SparkTestSession.get().read().parquet(options.output()).first();
    assertThat(provenance.getAs("engine").toString()).isEqualTo("PyTorch");
    assertThat(provenance.getAs("engine_version").toString()).isEqualTo(BuildVersions.pytorch());
    assertThat(provenance.getAs("model_version").toString()).isEqualTo("1.0.0");
    assertThat(provenance.getAs("model_card_sha256").toString())
        .isEqualTo(Sha256.of(ReferenceData.CARD_FOLDER.resolve("model-card.json")));
    assertThat(ExecutorModels.loads()).isEqualTo(loadsBefore + 1);
    assertThat(ExecutorModels.leasesOpened()).isGreaterThan(leasesBefore);
    assertThat(ExecutorModels.leasesClosed()).isEqualTo(ExecutorModels.leasesOpened());
  }

  @Test
  void run_plainAndDictionaryEncodedParquet_columnBatchPathEqualsSingleJvmExactly()
      throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<RawRecord> records = reference.subList(0, 8_000);
    String plain = dir.resolve("plain").toString();
    String dictionary = dir.resolve("dictionary").toString();
    ReferenceData.writeParquet(
        spark, records, 2, plain, Map.of("parquet.enable.dictionary", "false"));
    ReferenceData.writeParquet(
        spark,
        records,
        2,
        dictionary,
        Map.of("parquet.enable.dictionary", "true", "parquet.dictionary.page.size", "67108864"));

    long batches = ColumnarBatchScorer.columnBatches();
    long dictionaryBatches = ColumnarBatchScorer.dictionaryEncodedBatches();
    InferenceOptions plainOptions =
        options(plain, "plain-predictions").toBuilder().optBatchSize(1500).build();
    BatchInference.Result plainResult = BatchInference.run(spark, plainOptions);
    long plainBatches = ColumnarBatchScorer.columnBatches() - batches;
    long plainDictionaryBatches =
        ColumnarBatchScorer.dictionaryEncodedBatches() - dictionaryBatches;
    InferenceOptions dictionaryOptions =
        options(dictionary, "dictionary-predictions").toBuilder().optBatchSize(1500).build();
    BatchInference.Result dictionaryResult = BatchInference.run(spark, dictionaryOptions);

    assertThat(plainResult.good()).isEqualTo(records.size());
    assertThat(dictionaryResult.good()).isEqualTo(records.size());
    assertThat(plainBatches).isPositive();
    assertThat(plainDictionaryBatches).isZero();
    assertThat(ColumnarBatchScorer.dictionaryEncodedBatches() - dictionaryBatches)
        .isGreaterThan(plainDictionaryBatches);
    Map<String, Float> fromPlain = probabilities(plainOptions.output());
    Map<String, Float> fromDictionary = probabilities(dictionaryOptions.output());
    assertThat(fromPlain).hasSize(records.size()).isEqualTo(singleJvm(plain, plainOptions, 1500));
    assertThat(fromDictionary).isEqualTo(singleJvm(dictionary, dictionaryOptions, 1500));
  }

  @Test
  void run_firstAttemptOfEveryTaskFails_retriedAndEveryIdWrittenOnce() throws Exception {
    InferenceOptions options =
        options(referenceParquet, "retried").toBuilder()
            .optBatchSize(1000)
            .optFailFirstAttemptAfter(2500)
            .build();

    BatchInference.Result result = BatchInference.run(SparkTestSession.get(), options);

    List<Row> written = SparkTestSession.get().read().parquet(options.output()).collectAsList();
    assertThat(result.good()).isEqualTo(RECORDS);
    assertThat(written).hasSize(RECORDS);
    assertThat(written.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(RECORDS);
    assertThat(ExecutorModels.leasesClosed()).isEqualTo(ExecutorModels.leasesOpened());
  }

  @Test
  void run_badRows_goToErrorsWithReasonsAndJobSucceeds() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("device_model", DataTypes.StringType)
            .add("app_packages", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("campaigns", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("carrier", DataTypes.StringType);
    String[] huge = new String[601];
    java.util.Arrays.fill(huge, "com.ba.app");
    List<Row> rows =
        List.of(
            RowFactory.create("good-1", "samsung ba0", new String[] {"com.ba.app"}, null, "tim"),
            RowFactory.create("null-in-bag", "x", new String[] {"com.ba.app", null}, null, null),
            RowFactory.create("good-2", null, null, null, null),
            RowFactory.create("oversized", "x", huge, null, null),
            RowFactory.create("good-3", " Samsung BA0 ", new String[] {"", " "}, null, "du"));
    String input = dir.resolve("bad-input").toString();
    spark.createDataFrame(rows, schema).write().mode(SaveMode.Overwrite).parquet(input);
    InferenceOptions options = options(input, "bad-output");

    BatchInference.Result result = BatchInference.run(spark, options);

    assertThat(result.good()).isEqualTo(3);
    assertThat(result.bad()).isEqualTo(2);
    assertThat(probabilities(options.output())).containsOnlyKeys("good-1", "good-2", "good-3");
    Map<String, String> reasons = reasons(options.errors());
    assertThat(reasons).containsOnlyKeys("null-in-bag", "oversized");
    assertThat(reasons.get("null-in-bag")).contains("app_packages[1] must be a string, found null");
    assertThat(reasons.get("oversized")).contains("app_packages holds 601 tokens");
  }

  @Test
  void run_numericColumnWhereStringExpected_everyRowBadWithTypeNamed() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("device_model", DataTypes.LongType)
            .add("carrier", DataTypes.StringType);
    String input = dir.resolve("numeric-input").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create("a", 42L, "tim"), RowFactory.create("b", null, "du")), schema)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(input);
    InferenceOptions options = options(input, "numeric-output");

    BatchInference.Result result = BatchInference.run(spark, options);

    assertThat(result.good()).isEqualTo(1);
    assertThat(result.bad()).isEqualTo(1);
    assertThat(reasons(options.errors()).get("a"))
        .contains("device_model must be a string, a list of strings or null, found a number (42)");
  }

  @Test
  void run_jsonLines_readsGoodLinesAndReportsBadOnes() throws Exception {
    Path input = dir.resolve("records.jsonl");
    Files.writeString(
        input,
        String.join(
            "\n",
            "{\"id\":\"j1\",\"device_model\":\"samsung ba0\",\"app_packages\":[\"com.ba.app\"]}",
            "{\"id\":\"j2\",\"device_model\":7}",
            "not json",
            "{\"id\":\"j3\",\"campaigns\":[\"cmp-0000001\",null]}",
            "{\"id\":\"j4\"}"));
    InferenceOptions options = options(input.toString(), "json-output");

    BatchInference.Result result = BatchInference.run(SparkTestSession.get(), options);

    assertThat(result.good()).isEqualTo(2);
    assertThat(result.bad()).isEqualTo(3);
    assertThat(probabilities(options.output())).containsOnlyKeys("j1", "j4");
    List<Row> errors = SparkTestSession.get().read().parquet(options.errors()).collectAsList();
    Map<String, String> reasons = new HashMap<>();
    errors.forEach(r -> reasons.put(String.valueOf(r.getString(0)), r.getString(1)));
    assertThat(reasons).containsKeys("j2", "j3", "null");
    assertThat(reasons.get("null")).startsWith("not valid JSON");
  }

  /**
   * Predicts the records of a Parquet input with the toolkit alone. PyTorch's results depend (in
   * the last bit) on which records share a batch; Spark batches each input partition from its
   * start, so the single JVM batches the same partitions alike.
   */
  private static Map<String, Float> singleJvm(String parquet, InferenceOptions options)
      throws Exception {
    return singleJvm(parquet, options, Integer.MAX_VALUE);
  }

  /** As above, in batches of at most {@code batchSize} records from each partition's start. */
  private static Map<String, Float> singleJvm(
      String parquet, InferenceOptions options, int batchSize) throws Exception {
    Dataset<Row> input = SparkTestSession.get().read().parquet(parquet);
    InputRows reader = InputRows.columns(input.schema());
    Dataset<Row> partitions = input.withColumn("partition", spark_partition_id());
    assertThat(partitions.rdd().getNumPartitions()).isGreaterThan(1);
    Map<Integer, List<RawRecord>> byPartition = new LinkedHashMap<>();
    int partitionColumn = input.schema().fieldNames().length;
    for (Row r : partitions.collectAsList()) {
      byPartition
          .computeIfAbsent(r.getInt(partitionColumn), f -> new ArrayList<>())
          .add(reader.record(r, ReferenceData.FIELDS, java.util.Set.of()));
    }
    Map<String, Float> single = new HashMap<>();
    try (ModelPredictor predictor =
        ModelPredictor.openServing(
            ArtifactSpec.builder().optZoo(ReferenceData.ZOO).build(), options.engineSettings(1))) {
      for (List<RawRecord> partition : byPartition.values()) {
        for (int from = 0; from < partition.size(); from += batchSize) {
          List<RawRecord> records =
              partition.subList(from, Math.min(partition.size(), from + batchSize));
          TensorBatch scores = predictor.predictRecords(records);
          for (int i = 0; i < records.size(); i++) {
            single.put(records.get(i).id(), scores.get("probability").floats()[i]);
          }
        }
      }
    }
    return single;
  }

  @Test
  void run_messySyntheticRecords_equalsSingleJvmExactly() throws Exception {
    String input = dir.resolve("synthetic").toString();
    SyntheticRecords.write(SparkTestSession.get(), 5_000, 3, 2, input);
    InferenceOptions options = options(input, "synthetic-predictions");

    BatchInference.Result result = BatchInference.run(SparkTestSession.get(), options);

    assertThat(result.good()).isEqualTo(5_000);
    assertThat(probabilities(options.output())).isEqualTo(singleJvm(input, options));
  }

  private static Map<String, String> reasons(String errors) {
    return SparkTestSession.get().read().parquet(errors).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }
}
