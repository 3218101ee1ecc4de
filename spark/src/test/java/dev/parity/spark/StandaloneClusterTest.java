package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real cluster: Spark's standalone master and two workers (separate JVMs, one core
 * each), started and stopped by this class, with this test JVM as the driver. Nothing is left
 * running: {@link #stopCluster()} stops every process the cluster started, by id.
 */
class StandaloneClusterTest {
  private static final int RECORDS = 200_000;
  private static final int FILES = 20;
  private static final int BAD_ROWS = 37;

  @TempDir static Path dir;
  private static StandaloneCluster cluster;
  private static String input;
  private static Map<String, Float> local;

  @BeforeAll
  static void startCluster() throws Exception {
    // The input and a local-mode run of it, with the suite's embedded session; then that session
    // stops, because this JVM is about to drive a cluster application (one SparkContext a JVM).
    SparkSession embedded = SparkTestSession.get();
    input = dir.resolve("records").toString();
    SyntheticRecords.write(embedded, RECORDS, 11, FILES, input);
    List<Row> bad = new ArrayList<>();
    for (int i = 0; i < BAD_ROWS; i++) {
      bad.add(RowFactory.create("bad-" + i, "x", new String[] {"com.ba.app", null}, null, null));
    }
    embedded
        .createDataFrame(bad, embedded.read().parquet(input).schema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Append)
        .parquet(input);
    InferenceOptions localRun = options("local-predictions");
    BatchInference.run(embedded, localRun);
    local = probabilities(embedded, localRun.output());
    ExecutorModels.closeAll();
    SparkTestSession.stop();

    Map<String, String> zoo = Map.of("PARITY_ZOO", ReferenceData.ZOO.toAbsolutePath().toString());
    cluster =
        StandaloneCluster.start(
            StandaloneCluster.Spec.builder()
                .setDir(dir.resolve("cluster"))
                .setSparkJars(ApplicationJars.sparkJars())
                .optMasterPort(StandaloneCluster.freePort())
                .optMasterWebUiPort(StandaloneCluster.freePort())
                .optFirstWorkerWebUiPort(StandaloneCluster.freePort())
                .optWorkers(0)
                .optWorkerMemory("2g")
                .build());
    // Workers whose environment names the zoo: a job that ships no zoo location uses it.
    for (int w = 0; w < 2; w++) {
      cluster.addWorker(0, List.of("-Xmx512m"), zoo);
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
      assertThat(cluster.daemons()).allSatisfy(d -> assertThat(d.process()).isEmpty());
      assertThat(cluster.executors()).isEmpty();
      // The links to Spark's jars go now (JUnit would warn about each one it deletes).
      try (java.util.stream.Stream<Path> links = Files.list(cluster.sparkHome().resolve("jars"))) {
        for (Path link : links.toList()) {
          Files.delete(link);
        }
      }
    }
  }

  private static InferenceOptions options(String output) {
    return InferenceOptions.builder()
        .setEngine(EngineName.PYTORCH)
        .setInput(input)
        .setOutput(dir.resolve(output).toString())
        .optZoo(ReferenceData.ZOO.toAbsolutePath().toString())
        .build();
  }

  private static SparkSession clusterSession(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("spark.ui.enabled", "false");
    all.put("spark.executor.memory", "1g");
    return ParitySpark.session(
        SessionSpec.builder()
            .setAppName("parity cluster test")
            .optMaster(cluster.masterUrl())
            .optSettings(all)
            .optEngine(EngineName.PYTORCH)
            .optClasspath(testClasspath())
            .build());
  }

  private static List<Path> testClasspath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return java.util.Arrays.stream(cp.split(File.pathSeparator)).map(Path::of).toList();
  }

  private static Map<String, Float> probabilities(SparkSession spark, String output) {
    return spark.read().parquet(output).select("id", "probability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getFloat(1)));
  }

  @Test
  void run_executorKilledAfterItsTasksWrote_everyIdOnceBadRowsOnceBitEqualToLocal()
      throws Exception {
    SparkSession spark = clusterSession(Map.of());
    try {
      // SIGKILL an executor JVM right after its second task of the scoring stage succeeded: by
      // then it has written, and the scheduler has handed it its next task.
      Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
      AtomicReference<StandaloneCluster.Executor> killed = new AtomicReference<>();
      String app = spark.sparkContext().applicationId();
      spark
          .sparkContext()
          .addSparkListener(
              new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                  if (end.reason() != Success$.MODULE$ || killed.get() != null) {
                    return;
                  }
                  String id = end.taskInfo().executorId();
                  if (succeeded.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet()
                      == 2) {
                    cluster.executors().stream()
                        .filter(e -> e.appId().equals(app) && e.executorId().equals(id))
                        .findFirst()
                        .filter(e -> killed.compareAndSet(null, e))
                        .ifPresent(e -> e.process().destroyForcibly());
                  }
                }
              });

      BatchInference.Result result = BatchInference.run(spark, options("predictions"));

      assertThat(killed.get()).as("an executor was killed mid-job").isNotNull();
      assertThat(killed.get().process().isAlive()).isFalse();
      long expected = RECORDS;
      assertThat(result.good()).isEqualTo(expected);
      assertThat(result.bad()).isEqualTo(BAD_ROWS);
      // An independent reading of what was committed.
      String output = dir.resolve("predictions").toString();
      assertThat(spark.read().parquet(output).count()).isEqualTo(expected);
      assertThat(spark.read().parquet(output).select("id").distinct().count()).isEqualTo(expected);
      List<Row> errors = spark.read().parquet(output + ".errors").collectAsList();
      assertThat(errors.stream().map(r -> r.getString(0)).toList())
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, BAD_ROWS).mapToObj(i -> "bad-" + i).toList());
      assertThat(probabilities(spark, output)).isEqualTo(local);
      // One model load per executor JVM, the replacement of the killed one included.
      Set<String> loaded =
          result.modelLoads().stream()
              .map(ModelLoads.Report::executorId)
              .collect(Collectors.toSet());
      assertThat(loaded).hasSizeGreaterThanOrEqualTo(2).contains(killed.get().executorId());
      assertThat(result.modelLoads()).allSatisfy(r -> assertThat(r.loadsInJvm()).isEqualTo(1));
      assertThat(result.modelLoads()).hasSameSizeAs(loaded);
    } finally {
      spark.stop();
    }
  }

  @Test
  void run_workerWithoutTheZoo_failsAtOnceNamingTheExecutorExitThree() throws Exception {
    StandaloneCluster.Daemon broken =
        cluster.addWorker(0, List.of("-Xmx512m"), Map.of("PARITY_ZOO", "/nonexistent/zoo"));
    // Wait for an executor on every worker before scheduling, so that the broken one gets tasks.
    SparkSession spark =
        clusterSession(
            Map.of(
                "spark.cores.max", "3",
                "spark.scheduler.minRegisteredResourcesRatio", "1.0",
                "spark.scheduler.maxRegisteredResourcesWaitingTime", "300s"));
    AtomicInteger failedAttempts = new AtomicInteger();
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof ExceptionFailure) {
                  failedAttempts.incrementAndGet();
                }
              }
            });
    InferenceOptions options =
        InferenceOptions.builder()
            .setEngine(EngineName.PYTORCH)
            .setInput(input)
            .setOutput(dir.resolve("no-zoo").toString())
            .build();
    try {
      List<StandaloneCluster.Executor> onBroken =
          cluster.executors().stream().filter(e -> e.worker().equals(broken.name())).toList();

      assertThatThrownBy(() -> BatchInference.run(spark, options))
          .isInstanceOf(EngineUnavailableException.class)
          .satisfies(
              e -> {
                Failure f = Failure.of(e);
                assertThat(f.exitCode()).isEqualTo(ExitCode.ENGINE_UNAVAILABLE);
                assertThat(f.message())
                    .startsWith("executor ")
                    .contains("on 127.0.0.1 (pid ")
                    .contains("the zoo folder /nonexistent/zoo does not exist")
                    .doesNotContain("\n");
                assertThat(onBroken)
                    .anySatisfy(x -> assertThat(f.message()).contains("(pid " + x.pid() + ")"));
              });
      // Stopped at the first failed load: no attempt after attempt on the broken executor.
      assertThat(failedAttempts.get()).isLessThanOrEqualTo(1);
      assertThat(Path.of(options.output())).doesNotExist();
      assertThat(OutputCommit.staging(new org.apache.hadoop.fs.Path(options.output())).toString())
          .satisfies(p -> assertThat(Files.exists(Path.of(p))).isFalse());
    } finally {
      spark.stop();
    }
  }
}
