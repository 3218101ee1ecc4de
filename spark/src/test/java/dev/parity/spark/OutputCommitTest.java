package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder at the output path is always a complete output: the job writes under hidden staging
 * folders and renames them into place when it has succeeded ({@link OutputCommit}).
 */
class OutputCommitTest {
  private static final int RECORDS = 3_000;

  @TempDir static Path dir;
  private static String input;

  @BeforeAll
  static void writeInput() {
    input = dir.resolve("records").toString();
    SyntheticRecords.write(SparkTestSession.get(), RECORDS, 5, 2, input);
  }

  @AfterAll
  static void freeModels() {
    ExecutorModels.closeAll();
  }

  private static InferenceOptions options(String output) {
    return InferenceOptions.builder()
        .setEngine(EngineName.PYTORCH)
        .setInput(input)
        .setOutput(dir.resolve(output).toString())
        .optZoo(ReferenceData.ZOO.toString())
        .build();
  }

  private static Path staging(String output) {
    return Path.of(OutputCommit.staging(new org.apache.hadoop.fs.Path(output)).toString());
  }

  @Test
  void run_success_outputAndErrorsAppearWithMarkerAndRunRecordNoStagingLeft() throws Exception {
    InferenceOptions options = options("committed");

    BatchInference.Result r = BatchInference.run(SparkTestSession.get(), options);

    Path out = Path.of(options.output());
    assertThat(out.resolve("_SUCCESS")).exists();
    assertThat(Path.of(options.errors()).resolve("_SUCCESS")).exists();
    JsonNode record =
        JsonMapper.builder().build().readTree(out.resolve(OutputCommit.RUN_FILE).toFile());
    assertThat(record.get("good").asLong()).isEqualTo(r.good()).isEqualTo(RECORDS);
    assertThat(record.get("bad").asLong()).isZero();
    assertThat(record.get("schema").asText()).isEqualTo("parity.spark-run/1");
    assertThat(staging(options.output())).doesNotExist();
    assertThat(staging(options.errors())).doesNotExist();
    assertThat(SparkTestSession.get().read().parquet(options.output()).count()).isEqualTo(RECORDS);
  }

  @Test
  void run_completeOutputExists_refusedUnlessOverwriteWhichReplacesIt() throws Exception {
    SparkSession spark = SparkTestSession.get();
    InferenceOptions options = options("twice");
    BatchInference.run(spark, options);
    long firstModified =
        Files.getLastModifiedTime(Path.of(options.output(), "_SUCCESS")).toMillis();

    assertThatThrownBy(() -> BatchInference.run(spark, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists: choose another or pass --overwrite");
    BatchInference.run(spark, options.toBuilder().optOverwrite().build());

    assertThat(spark.read().parquet(options.output()).count()).isEqualTo(RECORDS);
    assertThat(Path.of(options.output(), "_SUCCESS")).exists();
    assertThat(Files.getLastModifiedTime(Path.of(options.output(), "_SUCCESS")).toMillis())
        .isGreaterThanOrEqualTo(firstModified);
    assertThat(staging(options.output())).doesNotExist();
  }

  @Test
  void run_outputFolderWithoutSuccessMarker_refusedAsIncomplete() throws Exception {
    InferenceOptions options = options("half-written");
    Files.createDirectories(Path.of(options.output()));
    Files.writeString(Path.of(options.output(), "part-00000.snappy.parquet"), "not all of it");

    assertThatThrownBy(() -> BatchInference.run(SparkTestSession.get(), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists and is incomplete (no _SUCCESS marker")
        .hasMessageContaining("pass --overwrite to replace it");
  }

  @Test
  void run_stagingLeftByAStoppedRun_replacedAndTheRunCommits() throws Exception {
    InferenceOptions options = options("after-a-stop");
    Path leftover = Files.createDirectories(staging(options.output()).resolve("_temporary/0"));
    Files.writeString(leftover.resolve("part-stale.parquet"), "stale");

    BatchInference.Result r = BatchInference.run(SparkTestSession.get(), options);

    assertThat(r.good()).isEqualTo(RECORDS);
    assertThat(staging(options.output())).doesNotExist();
    try (Stream<Path> files = Files.walk(Path.of(options.output()))) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("part-stale.parquet");
    }
  }

  @Test
  void predict_driverKilledMidJob_noOutputFolderAndTheRerunCommitsEveryIdOnce() throws Exception {
    String records = dir.resolve("kill-input").toString();
    SyntheticRecords.write(SparkTestSession.get(), 60_000, 9, 12, records);
    Path output = dir.resolve("kill-output");
    List<String> args =
        List.of(
            "predict",
            "--master",
            "local[1]",
            "--zoo",
            ReferenceData.ZOO.toAbsolutePath().toString(),
            "--input",
            records,
            "--output",
            output.toString(),
            "--batch-size",
            "256");
    Path log = dir.resolve("kill.log");
    Path staged = staging(output.toString());

    // Kill the driver (in local mode, the whole job) once its first task has committed.
    Process first = ForkedSpark.start(dir, args, log);
    try {
      while (first.isAlive() && !committedTask(staged)) {
        Thread.sleep(20);
      }
      assertThat(first.isAlive()).as("the job still runs: %s", Files.readString(log)).isTrue();
      first.toHandle().destroyForcibly();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly();
    }
    assertThat(output).doesNotExist();
    assertThat(Path.of(output + ".errors")).doesNotExist();
    assertThat(staged).exists();

    Process second = ForkedSpark.start(dir, args, log);
    assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(second.exitValue()).as(printed).isZero();
    assertThat(printed).contains("the unfinished output of an earlier run that stopped");
    assertThat(staged).doesNotExist();
    SparkSession spark = SparkTestSession.get();
    assertThat(spark.read().parquet(output.toString()).count()).isEqualTo(60_000);
    assertThat(spark.read().parquet(output.toString()).select("id").distinct().count())
        .isEqualTo(60_000);
  }

  // Spark's commit protocol moves a finished task's files to _temporary/0/task_*.
  private static boolean committedTask(Path staged) throws Exception {
    Path attempts = staged.resolve("_temporary").resolve("0");
    if (!Files.isDirectory(attempts)) {
      return false;
    }
    try (Stream<Path> s = Files.list(attempts)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("task_"));
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }
}
