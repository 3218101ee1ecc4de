package dev.parity.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import dev.parity.features.BadRecordException;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.zoo.ArtifactSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The Spark column of docs/bad-input.md: what {@code parity spark predict} ({@link
 * BatchInference#run}) does with each kind of bad input. Rows the model card has a rule for are
 * predicted with the toolkit's probability for the same record; rows that cannot be read go to the
 * error folder with id and reason and are counted; model-file faults and unknown engines fail the
 * job with one line and exit 2, unloadable engines with exit 3. The cases that reach native code or
 * need another classpath run {@link ParitySpark} in a forked JVM ({@link ForkedSpark}).
 *
 * <p>Every job runs with batch size 1, so each record is predicted alone, as the toolkit predicts
 * it here: the probabilities must be equal, not just close.
 */
class SparkBadInputTest {
  private static final int APP_LENGTH = 60;
  private static final int MAX_BAG = APP_LENGTH * InferenceOptions.DEFAULT_MAX_BAG_FACTOR;
  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, 0x28};

  @TempDir static Path dir;
  @TempDir Path temp;

  private static ModelPredictor toolkit;
  private static List<String> knownApps;
  private static String rulesParquet;
  private static Outcome parquet;
  private static Outcome jsonl;
  private static Path jsonlFile;

  /** A finished job: its counts, its predictions by id and its error rows (id, reason). */
  private record Outcome(BatchInference.Result result, Map<String, Float> p, List<Row> errors) {
    String reason(String id) {
      return errors.stream()
          .filter(r -> Objects.equals(r.getString(0), id))
          .map(r -> r.getString(1))
          .findFirst()
          .orElse(null);
    }

    List<String> reasonsWithoutId() {
      return errors.stream().filter(r -> r.isNullAt(0)).map(r -> r.getString(1)).toList();
    }
  }

  @BeforeAll
  static void runTheSharedJobs() throws Exception {
    toolkit =
        ModelPredictor.openServing(
            ArtifactSpec.builder().optZoo(ReferenceData.ZOO).build(),
            options("unused", "unused").engineSettings(1));
    knownApps =
        ReferenceData.vocabulary("app_packages").stream().sorted().limit(APP_LENGTH).toList();
    rulesParquet = writeRulesParquet();
    parquet = run(options(rulesParquet, "parquet-out"));
    jsonlFile = writeJsonl();
    jsonl = run(options(jsonlFile.toString(), "jsonl-out"));
  }

  @AfterAll
  static void close() {
    if (toolkit != null) {
      toolkit.close();
    }
    ExecutorModels.closeAll();
  }

  // ---------------------------------------------------------------- rows the model card defines

  @Test
  void run_unknownTokens_predictedAsOovWithTheToolkitsProbability() throws Exception {
    float unknown =
        toolkit(allFields("no-such-device", "zz.unknown.app", "cmp-none", "no-carrier"));

    assertThat(parquet.p()).containsEntry("unknown-1", unknown).containsEntry("unknown-2", unknown);
    assertThat(jsonl.p()).containsEntry("j-unknown", unknown);
    // An unknown token is not scored like a known one.
    assertThat(parquet.p().get("known"))
        .isEqualTo(toolkit(allFields("samsung ba0", "com.ba.app", "cmp-0000001", "china mobile")))
        .isNotEqualTo(unknown);
  }

  @Test
  void run_emptyStringsBlankTokensAndEmptyLists_predictedLikeAMissingField() throws Exception {
    float missing = toolkit(RawRecord.of("m", Map.of()));
    Map<String, Object> blanks = new LinkedHashMap<>();
    blanks.put("device_model", "");
    blanks.put("carrier", " \t");
    blanks.put("app_packages", List.of());
    blanks.put("campaigns", List.of("", "  ", "\t"));

    assertThat(toolkit(RawRecord.of("e", blanks))).isEqualTo(missing);
    assertThat(parquet.p()).containsEntry("empty", missing);
    assertThat(jsonl.p()).containsEntry("j-empty", missing);
    // Blank tokens are dropped before lookup: a bag of blanks and one app is that app alone.
    assertThat(parquet.p().get("blanks-around-app"))
        .isEqualTo(toolkit(RawRecord.of("a", Map.of("app_packages", List.of("com.ba.app")))))
        .isNotEqualTo(missing);
  }

  @Test
  void run_nullFields_predictedLikeAMissingField() throws Exception {
    float missing = toolkit(RawRecord.of("m", Map.of()));

    assertThat(parquet.p()).containsEntry("null", missing);
    assertThat(jsonl.p()).containsEntry("j-null", missing);
  }

  @Test
  void run_missingFieldsAndColumns_predictedAsEmptyBags() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType().add("id", DataTypes.StringType).add("carrier", DataTypes.StringType);
    String input = dir.resolve("missing-columns").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create("no-fields", null), RowFactory.create("carrier-only", "du")),
            schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(input);

    Outcome out = run(options(input, "missing-columns-out"));

    assertThat(out.result().good()).isEqualTo(2);
    assertThat(out.result().bad()).isZero();
    float missing = toolkit(RawRecord.of("m", Map.of()));
    assertThat(out.p())
        .containsEntry("no-fields", missing)
        .containsEntry("carrier-only", toolkit(RawRecord.of("c", Map.of("carrier", "du"))));
    assertThat(jsonl.p()).containsEntry("j-missing", missing);
  }

  // ---------------------------------------------------------------- bags over their length

  @Test
  void run_bagOverItsLength_truncatedUpToTenTimesItsLengthErrorRowBeyond() throws Exception {
    float truncated = toolkit(RawRecord.of("t", Map.of("app_packages", knownApps)));

    assertThat(parquet.p()).containsEntry("bag-at-limit", truncated);
    assertThat(jsonl.p()).containsEntry("j-bag-at-limit", truncated);
    assertThat(parquet.p()).doesNotContainKeys("bag-over-limit", "bag-100k");
    assertThat(parquet.reason("bag-over-limit"))
        .isEqualTo(
            "record bag-over-limit: field app_packages holds 601 tokens, more than 10 times its"
                + " length 60");
    assertThat(parquet.reason("bag-100k")).contains("app_packages holds 100000 tokens");
    assertThat(jsonl.reason("j-bag-100k")).contains("app_packages holds 100000 tokens");
  }

  @Test
  void run_100kTokenBagWithMaxBagFactor2000_predictedAsTheTruncatedBag() throws Exception {
    Outcome out = run(withMaxBagFactor(options(rulesParquet, "huge-bag-out"), 2000));

    float truncated = toolkit(RawRecord.of("t", Map.of("app_packages", knownApps)));
    assertThat(out.p())
        .containsEntry("bag-over-limit", truncated)
        .containsEntry("bag-100k", truncated)
        .containsEntry("unknown-1", parquet.p().get("unknown-1"));
    assertThat(out.errors())
        .singleElement()
        .satisfies(r -> assertThat(r.get(0)).isEqualTo("null-in-bag"));
  }

  // ---------------------------------------------------------------- non-UTF-8 bytes

  @Test
  void run_invalidUtf8InParquetStringColumns_predictedAsOov() throws Exception {
    float unknown =
        toolkit(allFields("no-such-device", "zz.unknown.app", "cmp-none", "no-carrier"));
    String decoded = new String(INVALID_UTF8, StandardCharsets.UTF_8);

    assertThat(parquet.p()).containsEntry("bad-utf8", unknown);
    // The toolkit decodes such bytes to U+FFFD, also an unknown token: the same probability.
    assertThat(toolkit(allFields(decoded, decoded, "cmp-none", decoded))).isEqualTo(unknown);
  }

  @Test
  void run_invalidUtf8InAJsonLine_errorRowNamingUtf8LikeParityPredict() throws Exception {
    assertThat(jsonl.p()).doesNotContainKey("j-bad-utf8");
    // Spark's text source would decode the bad bytes to U+FFFD; the job checks the raw bytes
    // first, so the line is an error row, as in the toolkit's own JSONL reader.
    assertThat(jsonl.reason("j-bad-utf8")).startsWith("not valid UTF-8");
    try (JsonlRecords lines = JsonlRecords.open(jsonlFile, ReferenceData.FIELDS)) {
      assertThat(lines)
          .toIterable()
          .filteredOn(l -> !l.ok())
          .anyMatch(l -> l.error().startsWith("line 13:") && l.error().contains("UTF-8"));
    }
  }

  // ---------------------------------------------------------------- wrong types

  @Test
  void run_wrongParquetColumnTypes_errorRowsNamingFieldAndType() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType struct = new StructType().add("name", DataTypes.StringType);
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("device_model", DataTypes.LongType)
            .add("app_packages", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("campaigns", struct)
            .add("carrier", DataTypes.BinaryType);
    List<Row> rows =
        List.of(
            RowFactory.create("number", 42L, null, null, null),
            RowFactory.create("struct", null, null, RowFactory.create("cmp-0000001"), null),
            RowFactory.create("binary", null, null, null, new byte[] {1, 2}),
            RowFactory.create("null-in-bag", null, new String[] {"com.ba.app", null}, null, null),
            RowFactory.create("fine", null, new String[] {"com.ba.app"}, null, null));
    String input = dir.resolve("wrong-types").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(input);

    Outcome out = run(options(input, "wrong-types-out"));

    assertThat(out.result().good()).isEqualTo(1);
    assertThat(out.result().bad()).isEqualTo(4);
    assertThat(out.p())
        .containsOnlyKeys("fine")
        .containsEntry(
            "fine", toolkit(RawRecord.of("f", Map.of("app_packages", List.of("com.ba.app")))));
    assertThat(out.reason("number"))
        .isEqualTo(
            "record number: field device_model must be a string, a list of strings or null,"
                + " found a number (42)");
    assertThat(out.reason("struct"))
        .isEqualTo(
            "record struct: field campaigns must be a string, a list of strings or null, found an"
                + " object");
    assertThat(out.reason("binary"))
        .isEqualTo(
            "record binary: field carrier must be a string, a list of strings or null, found a"
                + " byte[]");
    assertThat(out.reason("null-in-bag"))
        .isEqualTo("record null-in-bag: field app_packages[1] must be a string, found null");
    // The same check on the columnar path (a partition whose columns have the model's types).
    assertThat(parquet.reason("null-in-bag"))
        .isEqualTo("record null-in-bag: field app_packages[1] must be a string, found null");
  }

  @Test
  void record_mapAndNestedArrayColumns_namedAnObjectAndAList() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add(
                "app_packages",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.StringType)))
            .add("carrier", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    InputRows reader = InputRows.columns(schema);
    scala.collection.immutable.Seq<String> inner =
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("com.ba.app")).toList();
    Row nested =
        new GenericRowWithSchema(
            new Object[] {
              "nested",
              scala.jdk.javaapi.CollectionConverters.asScala(List.of(inner)).toList(),
              null
            },
            schema);
    Row map =
        new GenericRowWithSchema(
            new Object[] {"map", null, scala.collection.immutable.Map$.MODULE$.empty()}, schema);

    assertThatThrownBy(() -> reader.record(nested, ReferenceData.FIELDS, Set.of()))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("record nested: field app_packages[0] must be a string, found a list");
    assertThatThrownBy(() -> reader.record(map, ReferenceData.FIELDS, Set.of()))
        .isInstanceOf(BadRecordException.class)
        .hasMessage(
            "record map: field carrier must be a string, a list of strings or null, found an"
                + " object");
  }

  @Test
  void run_wrongJsonTypes_errorRowsNamingRecordFieldAndType() {
    assertThat(jsonl.p()).doesNotContainKeys("j-number", "j-object", "j-nested", "j-null-in-bag");
    assertThat(jsonl.reason("j-number"))
        .isEqualTo(
            "record j-number: field carrier must be a string, a list of strings or null, found a"
                + " number (42)");
    assertThat(jsonl.reason("j-object")).contains("field campaigns").endsWith("found an object");
    assertThat(jsonl.reason("j-nested")).contains("field app_packages[0]").endsWith("a list");
    assertThat(jsonl.reason("j-null-in-bag"))
        .contains("app_packages[1] must be a string, found null");
  }

  // ---------------------------------------------------------------- broken JSON lines

  @Test
  void run_brokenAndNonObjectJsonLines_errorRowsQuotingTheLineAndTheLinesAfterArePredicted()
      throws Exception {
    assertThat(jsonl.reasonsWithoutId())
        .containsExactlyInAnyOrder(
            "expected a JSON object; the line starts [\"not\",\"an\",\"object\"]",
            "not valid JSON: Unexpected end-of-input within/between Object entries; the line"
                + " starts {\"id\":\"j-cut\",\"carrier\":");
    assertThat(jsonl.p())
        .containsEntry("j-after", toolkit(RawRecord.of("a", Map.of("carrier", "du"))));
  }

  @Test
  void run_everyKindOfBadRow_eachRowPredictedOrAnErrorNoneDroppedAndCounted() throws Exception {
    assertThat(parquet.result().good()).isEqualTo(parquet.p().size()).isEqualTo(8);
    assertThat(parquet.result().bad()).isEqualTo(parquet.errors().size()).isEqualTo(3);
    // 14 lines and a blank one (skipped): 6 predicted, 8 error rows (4 wrong types, 2 broken lines,
    // 1 bag over the limit,
    // 1 not UTF-8).
    assertThat(jsonl.result().good()).isEqualTo(jsonl.p().size()).isEqualTo(6);
    assertThat(jsonl.result().bad()).isEqualTo(jsonl.errors().size()).isEqualTo(8);
    // Every line the toolkit's own JSONL reader predicts, Spark predicts alike; the exceptions
    // are the bag over --max-bag-factor (an error row on Spark) and the one with invalid UTF-8
    // (an error line in the toolkit).
    List<String> compared = new ArrayList<>();
    try (JsonlRecords lines = JsonlRecords.open(jsonlFile, ReferenceData.FIELDS)) {
      while (lines.hasNext()) {
        JsonlRecords.Line line = lines.next();
        if (line.ok() && !"j-bag-100k".equals(line.record().id())) {
          assertThat(jsonl.p()).containsEntry(line.record().id(), toolkit(line.record()));
          compared.add(line.record().id());
        }
      }
    }
    assertThat(compared).hasSize(6).doesNotContain("j-bad-utf8");
  }

  // ---------------------------------------------------------------- n/a rows

  @Test
  void utf8Features_anyBytes_idsComeFromTheVocabularyAndStayInRange() throws Exception {
    Utf8Features features = Utf8Features.of(toolkit.card(), toolkit.encoder());
    long[] sizes =
        toolkit.card().signature().inputs().stream().mapToLong(t -> t.range().high()).toArray();
    java.util.Random random = new java.util.Random(7);
    for (int f = 0; f < sizes.length; f++) {
      for (int i = 0; i < 2000; i++) {
        byte[] bytes = new byte[1 + random.nextInt(40)];
        random.nextBytes(bytes);
        int id = features.id(f, UTF8String.fromBytes(bytes));
        if (id != Utf8Features.DROPPED) {
          assertThat((long) id).isBetween(1L, sizes[f] - 1L);
        }
      }
    }
  }

  @Test
  void utf8Features_fromTheModelCard_sameFieldsAndLengthsAsTheModel() throws Exception {
    Utf8Features features = Utf8Features.of(toolkit.card(), toolkit.encoder());

    assertThat(features.names()).isEqualTo(toolkit.encoder().fieldNames());
    assertThat(features.lengths())
        .containsExactly(
            toolkit.card().signature().inputs().stream().mapToInt(t -> t.rowLength()).toArray());
  }

  // ---------------------------------------------------------------- model files and engines

  @Test
  void run_truncatedModelFile_jobFailsNamingTheFileExitTwo() throws Exception {
    Path zoo = ForkedSpark.copyZoo(temp);
    Path model = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.pt");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length / 2));

    assertModelFault(zoo, "purchase.pt has changed", (bytes.length / 2) + " bytes");
  }

  @Test
  void run_sameSizeCorruptedModelFile_jobFailsOnTheChecksumExitTwo() throws Exception {
    Path zoo = ForkedSpark.copyZoo(temp);
    Path model = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.pt");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 3] ^= 0x5a;
    Files.write(model, bytes);

    assertModelFault(zoo, "purchase.pt has changed", "expected sha256", "but found sha256");
  }

  @Test
  void run_missingModelFile_jobFailsNamingTheFileExitTwo() throws Exception {
    Path zoo = ForkedSpark.copyZoo(temp);
    Files.delete(zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.pt"));

    assertModelFault(zoo, "purchase.pt is missing");
  }

  private void assertModelFault(Path zoo, String... expected) throws Exception {
    assertJobFault(zoo, "MalformedModelException", expected);
  }

  private void assertJobFault(Path zoo, String exception, String... expected) throws Exception {
    InferenceOptions options =
        options(writeSmallJsonl(temp).toString(), "fault-" + System.nanoTime()).toBuilder()
            .optZoo(zoo.toString())
            .build();

    assertThatThrownBy(() -> BatchInference.run(SparkTestSession.get(), options))
        .satisfies(
            e -> {
              assertThat(e).hasStackTraceContaining(exception);
              Failure f = Failure.of(e);
              assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
              assertThat(f.message()).contains(expected).doesNotContain("\n");
            });
    assertThat(Path.of(options.output(), "_SUCCESS")).doesNotExist();
  }

  /**
   * A zoo file cut short: the job fails naming the file, line and column; exit 2. The card is read
   * before any checksum (it lists the files to check); the vocabulary fails its checksum first, and
   * the checksum's message names the place too.
   */
  @ParameterizedTest
  @CsvSource({
    "metadata.json, MalformedFileException",
    "1.0.0/model-card.json, MalformedFileException",
    "1.0.0/vocab.json, MalformedModelException"
  })
  void run_zooFileCutShort_jobFailsNamingFileLineAndColumnExitTwo(String file, String exception)
      throws Exception {
    Path zoo = ForkedSpark.copyZoo(temp);
    Path broken = zoo.resolve("model/tabular/dev/parity/purchase/" + file);
    byte[] bytes = Files.readAllBytes(broken);
    byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(broken, half);
    long line = 1 + new String(half, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();

    assertJobFault(
        zoo, exception, broken + ":" + line + ":", "not valid JSON", "(the file looks cut short)");
  }

  @Test
  void run_inputPathMissing_failsNamingItExitTwo() {
    InferenceOptions options =
        options(temp.resolve("no-such.parquet").toString(), "missing-" + System.nanoTime());

    assertThatThrownBy(() -> BatchInference.run(SparkTestSession.get(), options))
        .satisfies(
            e -> {
              Failure f = Failure.of(e);
              assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
              assertThat(f.message())
                  .startsWith("input " + options.input() + " does not exist (")
                  .endsWith("; pass --input an existing Parquet or JSON Lines file or folder")
                  .doesNotContain("\n");
            });
  }

  @Test
  void predict_smallInput_forkedJvmPrintsNoStartUpWarnings() throws Exception {
    ForkedSpark.Run run =
        ForkedSpark.predict(temp, ReferenceData.ZOO, "pytorch", writeSmallJsonl(temp), Map.of());

    assertThat(run.code()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("PyTorch: 1 good, 1 bad rows")
        .doesNotContain(" WARN ")
        .doesNotContain("CUDA");
  }

  @Test
  void verbose_afterTheSubcommand_setsTheRootLogLevelToWarn() {
    System.clearProperty(ParitySpark.LOG_LEVEL_PROPERTY);
    try {
      ParitySpark.commandLine().parseArgs("predict", "--input", "x", "--output", "y", "--verbose");

      assertThat(System.getProperty(ParitySpark.LOG_LEVEL_PROPERTY)).isEqualTo("warn");
    } finally {
      System.clearProperty(ParitySpark.LOG_LEVEL_PROPERTY);
    }
  }

  @Test
  void predict_unknownEngine_exitsTwoListingTheEnginesBeforeSparkStarts() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ParitySpark.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int code =
        cl.execute(
            "predict",
            "--engine",
            "paddle",
            "--input",
            temp.resolve("in.jsonl").toString(),
            "--output",
            temp.resolve("out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "parity-spark: error: unknown engine 'paddle'; expected one of pytorch,"
                + " onnxruntime, tensorflow, mxnet"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
    assertThat(SparkTestSession.get().sparkContext().isStopped()).isFalse();
  }

  @Test
  void predict_truncatedModelWithMatchingChecksum_forkedJvmExitsTwoNamingTheFileNoCrash()
      throws Exception {
    Path zoo = ForkedSpark.copyZoo(temp);
    Path folder = zoo.resolve("model/tabular/dev/parity/purchase");
    Path model = folder.resolve("1.0.0/purchase.pt");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    ForkedSpark.rehash(folder.resolve("metadata.json"), "1.0.0/purchase.pt", model);

    ForkedSpark.Run run =
        ForkedSpark.predict(temp, zoo, "pytorch", writeSmallJsonl(temp), Map.of());

    assertThat(run.code()).as(run.output()).isEqualTo(2);
    assertThat(run.errorLine())
        .isEqualTo(
            "parity-spark: error: PyTorch cannot load "
                + model.toAbsolutePath()
                + ": PytorchStreamReader failed reading zip archive: failed finding central"
                + " directory");
    assertThat(run.output()).doesNotContain("\tat ");
    // No empty output folder is left behind to stop the rerun.
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void predict_tensorflowLibraryPathEmpty_forkedJvmExitsThreeNamingTheEngine() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("no-natives"));

    ForkedSpark.Run run =
        ForkedSpark.predict(
            temp,
            ReferenceData.ZOO,
            "tensorflow",
            writeSmallJsonl(temp),
            Map.of("TENSORFLOW_LIBRARY_PATH", empty.toString()));

    assertThat(run.code()).as(run.output()).isEqualTo(3);
    assertThat(run.errorLine()).contains("TensorFlow engine is unavailable");
    assertThat(run.output()).doesNotContain("\tat ");
  }

  @Test
  void predict_classpathWithoutPytorch_forkedJvmExitsThreeNamingTheArtifacts() throws Exception {
    ForkedSpark.Run run =
        ForkedSpark.predictWithout(
            "pytorch", temp, ReferenceData.ZOO, "pytorch", writeSmallJsonl(temp));

    assertThat(run.code()).as(run.output()).isEqualTo(3);
    assertThat(run.errorLine())
        .contains("PyTorch engine is unavailable")
        .contains("ai.djl.pytorch:pytorch-engine");
    assertThat(run.output()).doesNotContain("\tat ");
  }

  @Test
  void predict_someBadRows_writesBothFoldersCountsThemAndExitsOne() throws Exception {
    Path output = temp.resolve("out");
    CommandLine cl = ParitySpark.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    int code;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      // In-process: the command joins the shared session, and stops it at the end.
      code =
          cl.execute(
              "predict",
              "--zoo",
              ReferenceData.ZOO.toString(),
              "--input",
              writeSmallJsonl(temp).toString(),
              "--output",
              output.toString());
    } finally {
      System.setOut(stdout);
    }

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("PyTorch: 1 good, 1 bad rows in");
    assertThat(err.toString()).isEmpty();
    SparkSession spark = SparkTestSession.get();
    assertThat(spark.read().parquet(output.toString()).collectAsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getString(0)).isEqualTo("a"));
    assertThat(spark.read().parquet(output + ".errors").collectAsList())
        .singleElement()
        .satisfies(r -> assertThat(r.getString(1)).contains("record b: field carrier"));
  }

  // ---------------------------------------------------------------- inputs and helpers

  private static InferenceOptions options(String input, String name) {
    return InferenceOptions.builder()
        .setEngine(EngineName.PYTORCH)
        .setInput(input)
        .setOutput(dir.resolve(name).toString())
        .optZoo(ReferenceData.ZOO.toString())
        .optBatchSize(1)
        .build();
  }

  private static InferenceOptions withMaxBagFactor(InferenceOptions o, int factor) {
    return o.toBuilder().optMaxBagFactor(factor).build();
  }

  private static Outcome run(InferenceOptions options) throws java.io.IOException {
    SparkSession spark = SparkTestSession.get();
    BatchInference.Result result = BatchInference.run(spark, options);
    Map<String, Float> p = new HashMap<>();
    for (Row r : spark.read().parquet(options.output()).collectAsList()) {
      assertThat(p.put(r.getString(0), r.getFloat(1))).as("%s written once", r.get(0)).isNull();
    }
    return new Outcome(result, p, spark.read().parquet(options.errors()).collectAsList());
  }

  private static float toolkit(RawRecord record) throws Exception {
    return toolkit.predictRecords(List.of(record)).get("probability").floats()[0];
  }

  private static RawRecord allFields(String device, String app, String campaign, String carrier)
      throws Exception {
    return RawRecord.of(
        "r",
        Map.of(
            "device_model",
            device,
            "app_packages",
            List.of(app),
            "campaigns",
            List.of(campaign),
            "carrier",
            carrier));
  }

  /** The 60 known apps, then unknown ones up to {@code size} tokens. */
  private static String[] bag(int size) {
    List<String> out = new ArrayList<>(knownApps);
    out.addAll(Collections.nCopies(size - knownApps.size(), "com.padding.app"));
    return out.toArray(String[]::new);
  }

  /** Parquet of the model's column types: the columnar path. One file, one partition. */
  private static String writeRulesParquet() {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("device_model", DataTypes.StringType)
            .add("app_packages", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("campaigns", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("carrier", DataTypes.StringType);
    String[] one = {"com.ba.app"};
    List<Row> rows =
        List.of(
            RowFactory.create(
                "known", "samsung ba0", one, new String[] {"cmp-0000001"}, "china mobile"),
            RowFactory.create(
                "unknown-1",
                "no-such-device",
                new String[] {"zz.unknown.app"},
                new String[] {"cmp-none"},
                "no-carrier"),
            RowFactory.create(
                "unknown-2",
                "another-device",
                new String[] {"yy.other"},
                new String[] {"cmp-other"},
                "another-carrier"),
            RowFactory.create("empty", "", new String[0], new String[] {"", "  ", "\t"}, " \t"),
            RowFactory.create(
                "blanks-around-app", null, new String[] {" ", "com.ba.app", ""}, null, null),
            RowFactory.create("null", null, null, null, null),
            RowFactory.create("bag-at-limit", null, bag(MAX_BAG), null, null),
            RowFactory.create("bag-over-limit", null, bag(MAX_BAG + 1), null, null),
            RowFactory.create("bag-100k", null, bag(100_000), null, null),
            RowFactory.create("null-in-bag", null, new String[] {"com.ba.app", null}, null, null));
    StructType binary =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("device_model", DataTypes.BinaryType)
            .add("app_packages", DataTypes.createArrayType(DataTypes.BinaryType, true))
            .add("campaigns", DataTypes.createArrayType(DataTypes.StringType, true))
            .add("carrier", DataTypes.BinaryType);
    Dataset<Row> badUtf8 =
        spark
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "bad-utf8",
                        INVALID_UTF8,
                        new byte[][] {INVALID_UTF8},
                        new String[] {"cmp-none"},
                        INVALID_UTF8)),
                binary)
            .select(
                col("id"),
                col("device_model").cast(DataTypes.StringType),
                col("app_packages").cast(DataTypes.createArrayType(DataTypes.StringType, true)),
                col("campaigns"),
                col("carrier").cast(DataTypes.StringType));
    String out = dir.resolve("rules.parquet").toString();
    spark
        .createDataFrame(rows, schema)
        .union(badUtf8)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out);
    return out;
  }

  private static Path writeJsonl() throws Exception {
    List<String> lines =
        List.of(
            "{\"id\":\"j-unknown\",\"device_model\":\"no-such-device\","
                + "\"app_packages\":[\"zz.unknown.app\"],\"campaigns\":[\"cmp-none\"],"
                + "\"carrier\":\"no-carrier\"}",
            "{\"id\":\"j-empty\",\"device_model\":\"\",\"carrier\":\" \\t\",\"app_packages\":[],"
                + "\"campaigns\":[\"\",\"  \",\"\\t\"]}",
            "{\"id\":\"j-null\",\"device_model\":null,\"carrier\":null,\"app_packages\":null,"
                + "\"campaigns\":null}",
            "{\"id\":\"j-missing\"}",
            "{\"id\":\"j-bag-at-limit\",\"app_packages\":" + json(bag(MAX_BAG)) + "}",
            "{\"id\":\"j-bag-100k\",\"app_packages\":" + json(bag(100_000)) + "}",
            "{\"id\":\"j-number\",\"carrier\":42}",
            "{\"id\":\"j-object\",\"campaigns\":{\"a\":1}}",
            "{\"id\":\"j-nested\",\"app_packages\":[[\"a\"]]}",
            "{\"id\":\"j-null-in-bag\",\"app_packages\":[\"a\",null]}",
            "[\"not\",\"an\",\"object\"]",
            "{\"id\":\"j-cut\",\"carrier\":");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String l : lines) {
      bytes.write((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    bytes.write("{\"id\":\"j-bad-utf8\",\"carrier\":\"".getBytes(StandardCharsets.UTF_8));
    bytes.write(INVALID_UTF8);
    bytes.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write("{\"id\":\"j-after\",\"carrier\":\"du\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write(
        " \t\r\n".getBytes(StandardCharsets.UTF_8)); // blank: skipped, as parity predict does
    Path file = dir.resolve("records.jsonl");
    Files.write(file, bytes.toByteArray());
    return file;
  }

  /** One good line and one bad one. */
  static Path writeSmallJsonl(Path folder) throws Exception {
    Path file = folder.resolve("small.jsonl");
    Files.writeString(file, "{\"id\":\"a\",\"carrier\":\"du\"}\n{\"id\":\"b\",\"carrier\":7}\n");
    return file;
  }

  private static String json(String[] tokens) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < tokens.length; i++) {
      b.append(i == 0 ? "\"" : ",\"").append(tokens[i]).append('"');
    }
    return b.append(']').toString();
  }
}
