package dev.parity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.failure.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parity-spark cluster start|status|stop}: a Spark standalone cluster on this machine. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A Spark standalone cluster on this machine: Spark's own master and workers bound to"
          + " 127.0.0.1, run offline from the spark module's jars (a generated SPARK_HOME whose"
          + " jars/ links Spark's jars). Then: parity spark predict --master spark://127.0.0.1:7077"
          + " ...",
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Status.class,
      ClusterCommand.KillExecutor.class,
      ClusterCommand.Stop.class
    })
final class ClusterCommand {

  /** The cluster's folder, shared by the subcommands. */
  static final class Folder {
    @Option(
        names = "--dir",
        defaultValue = "${env:PARITY_SPARK_CLUSTER_DIR:-target/spark-cluster}",
        description =
            "The cluster's folder: SPARK_HOME, logs, work folders, cluster.json (default"
                + " ${DEFAULT-VALUE}; the launcher sets PARITY_SPARK_CLUSTER_DIR to the"
                + " repository's target/spark-cluster).")
    Path dir;

    /** The cluster started from the folder, if any; says so when there is none. */
    Optional<StandaloneCluster> cluster() throws IOException {
      Optional<StandaloneCluster> found = StandaloneCluster.find(dir);
      if (found.isEmpty()) {
        System.out.println("no cluster started from " + dir.toAbsolutePath());
      }
      return found;
    }
  }

  /** Starts a master and workers. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Starts a master and --workers workers (each --worker-cores cores, --worker-memory) in the"
            + " background and waits until the master counts them; prints the master URL, web UIs"
            + " and logs."
      })
  static final class Start implements Callable<Integer> {
    @Mixin Folder folder = new Folder();

    @Option(
        names = "--port",
        defaultValue = "7077",
        description = "Master port (${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--webui-port",
        defaultValue = "8080",
        description = "Master web UI port; workers take the next ones (${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(names = "--workers", defaultValue = "2", description = "Workers (${DEFAULT-VALUE}).")
    int workers;

    @Option(
        names = "--worker-cores",
        defaultValue = "1",
        description = "Cores per worker (${DEFAULT-VALUE}).")
    int workerCores;

    @Option(
        names = "--worker-memory",
        defaultValue = "3g",
        description = "Memory per worker for its executors (${DEFAULT-VALUE}).")
    String workerMemory;

    @Override
    public Integer call() throws IOException {
      StandaloneCluster cluster =
          StandaloneCluster.start(
              StandaloneCluster.Spec.builder()
                  .setDir(folder.dir)
                  .setSparkJars(ApplicationJars.sparkJars())
                  .optMasterPort(port)
                  .optMasterWebUiPort(webUiPort)
                  .optWorkers(workers)
                  .optWorkerCores(workerCores)
                  .optWorkerMemory(workerMemory)
                  .optFirstWorkerWebUiPort(webUiPort + 1)
                  .build());
      System.out.println("started a Spark standalone cluster:");
      cluster.describe().forEach(System.out::println);
      System.out.println(
          "run a job on it: scripts/parity spark predict --master "
              + cluster.masterUrl()
              + " --input ... --output ...");
      System.out.println("stop it: scripts/parity spark cluster stop");
      return 0;
    }
  }

  /** Reports on the cluster. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Reports the cluster's processes (running or not), what the master counts (workers,"
            + " cores, applications) and the executors the workers run. Exit 0 when every"
            + " process runs, 1 when not, or when no cluster was started from --dir."
      })
  static final class Status implements Callable<Integer> {
    @Mixin Folder folder = new Folder();

    @Override
    public Integer call() throws IOException {
      Optional<StandaloneCluster> found = folder.cluster();
      if (found.isEmpty()) {
        return ExitCode.CHECK_FAILED.code();
      }
      StandaloneCluster cluster = found.get();
      cluster.describe().forEach(System.out::println);
      try {
        JsonNode m = cluster.masterReport();
        System.out.printf(
            Locale.ROOT,
            "master reports: %s, %d alive workers, %d/%d cores in use, %d running applications%n",
            m.path("status").asText(),
            m.path("aliveworkers").asInt(),
            m.path("coresused").asInt(),
            m.path("cores").asInt(),
            m.path("activeapps").size());
        for (JsonNode app : m.path("activeapps")) {
          System.out.printf(
              Locale.ROOT, "  application %s (%s)%n", app.path("id").asText(), app.path("name"));
        }
      } catch (IOException e) {
        System.out.println("master does not answer: " + e.getMessage());
      }
      List<StandaloneCluster.Executor> executors = cluster.executors();
      for (StandaloneCluster.Executor e : executors) {
        System.out.printf(
            Locale.ROOT,
            "  executor %s of %s on %s: pid %d, log %s%n",
            e.executorId(),
            e.appId(),
            e.worker(),
            e.pid(),
            cluster.workFolder().resolve(e.worker()).resolve(e.appId()).resolve(e.executorId())
                + "/stderr");
      }
      return cluster.alive() ? 0 : ExitCode.CHECK_FAILED.code();
    }
  }

  /** The fault drill: SIGKILLs one executor JVM. */
  @Command(
      name = "kill-executor",
      mixinStandardHelpOptions = true,
      description = {
        "Kills one executor JVM of a running application with SIGKILL, as a crash would (the"
            + " fault drill): the first found, or the one on --worker. Exit 1 when none runs."
      })
  static final class KillExecutor implements Callable<Integer> {
    @Mixin Folder folder = new Folder();

    @Option(names = "--worker", description = "The worker whose executor to kill, e.g. worker-1.")
    String worker;

    @Override
    public Integer call() throws IOException {
      Optional<StandaloneCluster.Executor> victim =
          folder.cluster().stream()
              .flatMap(c -> c.executors().stream())
              .filter(e -> worker == null || e.worker().equals(worker))
              .findFirst();
      if (victim.isEmpty()) {
        System.out.println("no executor runs" + (worker == null ? "" : " on " + worker));
        return ExitCode.CHECK_FAILED.code();
      }
      StandaloneCluster.Executor e = victim.get();
      e.process().destroyForcibly();
      System.out.printf(
          Locale.ROOT,
          "killed executor %s of %s on %s (pid %d) with SIGKILL%n",
          e.executorId(),
          e.appId(),
          e.worker(),
          e.pid());
      return 0;
    }
  }

  /** Stops what start started. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stops the processes start started, by their recorded ids (workers, their executors, the"
            + " master); logs and work folders stay."
      })
  static final class Stop implements Callable<Integer> {
    @Mixin Folder folder = new Folder();

    @Override
    public Integer call() throws IOException {
      Optional<StandaloneCluster> found = folder.cluster();
      if (found.isEmpty()) {
        return 0;
      }
      List<String> stopped = found.get().stop();
      System.out.println(
          stopped.isEmpty() ? "nothing was running" : "stopped " + String.join(", ", stopped));
      return 0;
    }
  }
}
