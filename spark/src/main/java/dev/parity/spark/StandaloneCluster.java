package dev.parity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine: Spark's own master and workers, bound to 127.0.0.1,
 * run from the jars the spark module already has, offline. Its folder holds a generated {@code
 * SPARK_HOME} ({@code jars/} links to Spark's jars, an empty {@code RELEASE} file so that workers
 * take {@code jars/} as Spark's, and {@code bin/spark-submit}), the daemons' logs, the workers'
 * work folders (one per application and executor, with the executors' {@code stderr}) and {@value
 * #STATE_FILE}, which names the processes started, so that another JVM can report on them and stop
 * exactly them.
 *
 * <p>Only Spark's own jars go into {@code SPARK_HOME}: Parity's code, DJL and the engines' natives
 * reach the executors the way they reach any cluster, shipped by the driver ({@link
 * ApplicationJars}) or inside the spark-submit jar.
 */
final class StandaloneCluster {
  /** The file in the cluster folder that records what was started. */
  static final String STATE_FILE = "cluster.json";

  /** The host every daemon binds to. */
  static final String HOST = "127.0.0.1";

  private static final String EXECUTOR_CLASS =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final State state;

  private StandaloneCluster(Path dir, State state) {
    this.dir = dir;
    this.state = state;
  }

  /**
   * What to start.
   *
   * @param dir the cluster's folder
   * @param sparkJars Spark's own jars, for {@code SPARK_HOME/jars}
   * @param masterPort the master's port
   * @param masterWebUiPort the master's web UI port
   * @param workers how many workers
   * @param workerCores cores per worker
   * @param workerMemory memory per worker, e.g. {@code 3g}
   * @param firstWorkerWebUiPort the first worker's web UI port; the others count up from it
   * @param daemonJavaOptions JVM options of the master and workers (not of the executors)
   */
  record Spec(
      Path dir,
      List<Path> sparkJars,
      int masterPort,
      int masterWebUiPort,
      int workers,
      int workerCores,
      String workerMemory,
      int firstWorkerWebUiPort,
      List<String> daemonJavaOptions) {

    /** Validates the spec. */
    Spec {
      if (dir == null || sparkJars == null || sparkJars.isEmpty()) {
        throw new IllegalArgumentException("a cluster needs a folder and Spark's jars");
      }
      if (workers < 0 || workerCores < 1) {
        throw new IllegalArgumentException(
            "workers must be 0 or more with at least 1 core each, found "
                + workers
                + " workers of "
                + workerCores
                + " cores");
      }
      if (!workerMemory.matches("[0-9]+[mMgG]")) {
        throw new IllegalArgumentException(
            "worker memory must look like 3g or 512m, found " + workerMemory);
      }
      sparkJars = List.copyOf(sparkJars);
      daemonJavaOptions = List.copyOf(daemonJavaOptions);
    }

    /**
     * Starts a spec with the defaults: master on 7077 (web UI 8080), two workers of 1 core and 3
     * GiB (web UIs 8081, 8082).
     *
     * @return a builder
     */
    static Builder builder() {
      return new Builder();
    }
  }

  /** Builds a {@link Spec}: {@code set*} required, {@code opt*} optional. */
  static final class Builder {
    private Path dir;
    private List<Path> sparkJars;
    private int masterPort = 7077;
    private int masterWebUiPort = 8080;
    private int workers = 2;
    private int workerCores = 1;
    private String workerMemory = "3g";
    private int firstWorkerWebUiPort = 8081;
    // The daemons do little work: a small heap, and the quick-starting JIT tier.
    private List<String> daemonJavaOptions = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

    private Builder() {}

    Builder setDir(Path folder) {
      this.dir = folder;
      return this;
    }

    Builder setSparkJars(List<Path> jars) {
      this.sparkJars = jars;
      return this;
    }

    Builder optMasterPort(int port) {
      this.masterPort = port;
      return this;
    }

    Builder optMasterWebUiPort(int port) {
      this.masterWebUiPort = port;
      return this;
    }

    Builder optWorkers(int count) {
      this.workers = count;
      return this;
    }

    Builder optWorkerCores(int cores) {
      this.workerCores = cores;
      return this;
    }

    Builder optWorkerMemory(String memory) {
      this.workerMemory = memory;
      return this;
    }

    Builder optFirstWorkerWebUiPort(int port) {
      this.firstWorkerWebUiPort = port;
      return this;
    }

    Builder optDaemonJavaOptions(List<String> options) {
      this.daemonJavaOptions = options;
      return this;
    }

    Spec build() {
      return new Spec(
          dir,
          sparkJars,
          masterPort,
          masterWebUiPort,
          workers,
          workerCores,
          workerMemory,
          firstWorkerWebUiPort,
          daemonJavaOptions);
    }
  }

  /**
   * One process the cluster started.
   *
   * @param name {@code master} or {@code worker-N}
   * @param pid its process id
   * @param startedMillis when it started, in milliseconds since the epoch (with the pid, it tells
   *     this process from a later one that reuses the id)
   * @param log its log file
   * @param webUi its web UI
   */
  record Daemon(String name, long pid, long startedMillis, String log, String webUi) {

    /**
     * Returns the process when it is still the one that was started.
     *
     * @return the live process, or empty
     */
    Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> StandaloneCluster.startedMillis(p) == startedMillis);
    }
  }

  /**
   * What {@value #STATE_FILE} records.
   *
   * @param masterUrl the master's URL, {@code spark://127.0.0.1:PORT}
   * @param sparkHome the generated {@code SPARK_HOME}
   * @param workerCores cores per worker
   * @param workerMemory memory per worker
   * @param daemons the master first, then the workers
   */
  record State(
      String masterUrl,
      String sparkHome,
      int workerCores,
      String workerMemory,
      List<Daemon> daemons) {}

  /**
   * An executor JVM a worker launched.
   *
   * @param worker the worker's name
   * @param executorId the executor's id in its application
   * @param appId the application's id
   * @param pid its process id
   * @param process the process
   */
  record Executor(
      String worker, String executorId, String appId, long pid, ProcessHandle process) {}

  /**
   * Starts a master and the spec's workers and waits until the master counts every worker alive.
   *
   * @param spec what to start
   * @return the running cluster
   * @throws IOException if a port is taken, the folder cannot be written, or a daemon fails to come
   *     up (its log's last lines say why)
   */
  static StandaloneCluster start(Spec spec) throws IOException {
    Path dir = spec.dir().toAbsolutePath().normalize();
    Optional<StandaloneCluster> running = find(dir);
    if (running.isPresent() && running.get().alive()) {
      throw new IllegalStateException(
          "a cluster started from "
              + dir
              + " is running already ("
              + running.get().masterUrl()
              + "); stop it first: scripts/parity spark cluster stop");
    }
    List<Integer> ports = new ArrayList<>(List.of(spec.masterPort(), spec.masterWebUiPort()));
    for (int w = 0; w < spec.workers(); w++) {
      ports.add(spec.firstWorkerWebUiPort() + w);
    }
    for (int port : ports) {
      requireFree(port);
    }
    Path sparkHome = writeSparkHome(dir.resolve("spark-home"), spec.sparkJars());
    Files.createDirectories(dir.resolve("logs"));
    String masterUrl = "spark://" + HOST + ":" + spec.masterPort();
    List<Daemon> daemons = new ArrayList<>();
    StandaloneCluster cluster =
        new StandaloneCluster(
            dir,
            new State(
                masterUrl, sparkHome.toString(), spec.workerCores(), spec.workerMemory(), daemons));
    try {
      daemons.add(
          cluster.launch(
              "master",
              spec.daemonJavaOptions(),
              List.of(
                  "org.apache.spark.deploy.master.Master",
                  "--host",
                  HOST,
                  "--port",
                  String.valueOf(spec.masterPort()),
                  "--webui-port",
                  String.valueOf(spec.masterWebUiPort())),
              "http://" + HOST + ":" + spec.masterWebUiPort(),
              Map.of()));
      cluster.save();
      cluster.awaitWorkers(0);
      for (int w = 0; w < spec.workers(); w++) {
        daemons.add(
            cluster.launchWorker(
                spec.firstWorkerWebUiPort() + w, spec.daemonJavaOptions(), Map.of()));
      }
      cluster.save();
      cluster.awaitWorkers(spec.workers());
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.stop();
      throw e;
    }
  }

  /**
   * Starts one more worker, e.g. one whose environment differs, and waits until the master counts
   * it alive.
   *
   * @param webUiPort its web UI port (0 for a free one)
   * @param javaOptions its JVM options
   * @param environment variables to set in its environment (and so its executors'); a null value
   *     removes the variable
   * @return the worker
   * @throws IOException if it does not come up
   */
  Daemon addWorker(int webUiPort, List<String> javaOptions, Map<String, String> environment)
      throws IOException {
    Daemon worker = launchWorker(webUiPort, javaOptions, environment);
    state.daemons().add(worker);
    save();
    awaitWorkers(state.daemons().size() - 1);
    return worker;
  }

  private Daemon launchWorker(
      int webUiPort, List<String> javaOptions, Map<String, String> environment) throws IOException {
    int port = webUiPort > 0 ? webUiPort : freePort();
    String name = "worker-" + state.daemons().size();
    Path work = Files.createDirectories(dir.resolve("work").resolve(name));
    return launch(
        name,
        javaOptions,
        List.of(
            "org.apache.spark.deploy.worker.Worker",
            state.masterUrl(),
            "--host",
            HOST,
            "--cores",
            String.valueOf(state.workerCores()),
            "--memory",
            state.workerMemory(),
            "--webui-port",
            String.valueOf(port),
            "--work-dir",
            work.toString()),
        "http://" + HOST + ":" + port,
        environment);
  }

  /**
   * Finds the cluster a folder records.
   *
   * @param dir the cluster's folder
   * @return the cluster, whether or not its processes still run; empty when none was started there
   * @throws IOException if the state file cannot be read
   */
  static Optional<StandaloneCluster> find(Path dir) throws IOException {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(new StandaloneCluster(dir, JSON.readValue(file.toFile(), State.class)));
  }

  /**
   * Returns the master's URL.
   *
   * @return {@code spark://127.0.0.1:PORT}
   */
  String masterUrl() {
    return state.masterUrl();
  }

  /**
   * Returns the generated {@code SPARK_HOME}.
   *
   * @return the folder
   */
  Path sparkHome() {
    return Path.of(state.sparkHome());
  }

  /**
   * Returns the processes started, the master first.
   *
   * @return the daemons
   */
  List<Daemon> daemons() {
    return List.copyOf(state.daemons());
  }

  /**
   * Returns the folder under which workers keep each executor's {@code stdout} and {@code stderr}.
   *
   * @return {@code DIR/work}
   */
  Path workFolder() {
    return dir.resolve("work");
  }

  /**
   * Says whether every process the cluster started still runs.
   *
   * @return true when all are alive
   */
  boolean alive() {
    return !state.daemons().isEmpty()
        && state.daemons().stream().allMatch(d -> d.process().isPresent());
  }

  /**
   * Returns the executor JVMs the workers run now.
   *
   * @return the executors, by worker
   */
  List<Executor> executors() {
    List<Executor> out = new ArrayList<>();
    for (Daemon d : state.daemons()) {
      if (d.name().equals("master")) {
        continue;
      }
      d.process()
          .ifPresent(
              worker ->
                  worker
                      .descendants()
                      .filter(ProcessHandle::isAlive)
                      .forEach(
                          p -> {
                            List<String> args = List.of(p.info().arguments().orElse(new String[0]));
                            if (args.contains(EXECUTOR_CLASS)) {
                              out.add(
                                  new Executor(
                                      d.name(),
                                      after(args, "--executor-id"),
                                      after(args, "--app-id"),
                                      p.pid(),
                                      p));
                            }
                          }));
    }
    return out;
  }

  private static String after(List<String> args, String flag) {
    int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : "?";
  }

  /**
   * Returns what the master reports: its status, workers and applications ({@code /json/} of its
   * web UI).
   *
   * @return the report
   * @throws IOException if the master does not answer
   */
  JsonNode masterReport() throws IOException {
    String url = state.daemons().get(0).webUi() + "/json/";
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(url + " answered HTTP " + r.statusCode());
      }
      return JSON.readTree(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + url, e);
    }
  }

  /**
   * Stops every process the cluster started, by id, workers first (a worker ends its executors as
   * it stops; any executor still running afterwards is ended too), and removes {@value
   * #STATE_FILE}. Logs and work folders stay.
   *
   * @return the names and ids of the processes that were still running and were stopped
   * @throws IOException if the state file cannot be removed
   */
  List<String> stop() throws IOException {
    List<String> stopped = new ArrayList<>();
    List<Daemon> order = new ArrayList<>(state.daemons());
    order.sort(Comparator.comparing((Daemon d) -> d.name().equals("master")));
    for (Daemon d : order) {
      Optional<ProcessHandle> p = d.process();
      if (p.isEmpty()) {
        continue;
      }
      List<ProcessHandle> children = p.get().descendants().toList();
      end(p.get());
      children.forEach(StandaloneCluster::end);
      stopped.add(d.name() + " (pid " + d.pid() + ")");
    }
    Files.deleteIfExists(dir.resolve(STATE_FILE));
    return stopped;
  }

  // SIGTERM first, so that Spark's shutdown hooks run (a worker kills its executors in one), then
  // SIGKILL for a process that does not go.
  private static void end(ProcessHandle p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      p.destroyForcibly();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private Daemon launch(
      String name,
      List<String> javaOptions,
      List<String> mainAndArgs,
      String webUi,
      Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(sparkHome().resolve("conf") + File.pathSeparator + sparkHome().resolve("jars/*"));
    command.addAll(mainAndArgs);
    Path log = dir.resolve("logs").resolve(name + ".log");
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = b.environment();
    env.put("SPARK_HOME", sparkHome().toString());
    // Without it (and RELEASE) a worker looks for Spark's build folders to launch executors from.
    env.put("SPARK_SCALA_VERSION", "2.13");
    // Binds the daemons' web UIs (and the executors' addresses) to 127.0.0.1, not to every
    // interface.
    env.put("SPARK_LOCAL_IP", HOST);
    environment.forEach(
        (k, v) -> {
          if (v == null) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
    Process p = b.start();
    return new Daemon(name, p.pid(), startedMillis(p.toHandle()), log.toString(), webUi);
  }

  private static long startedMillis(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  // Polls the master's JSON report until it counts this many alive workers.
  private void awaitWorkers(int expected) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      for (Daemon d : state.daemons()) {
        if (d.process().isEmpty()) {
          throw new IOException(
              d.name() + " exited during start-up; its log " + d.log() + " ends:\n" + tail(d));
        }
      }
      try {
        JsonNode report = masterReport();
        if ("ALIVE".equals(report.path("status").asText())
            && report.path("aliveworkers").asInt() >= expected) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the cluster started", e);
      }
    }
    throw new IOException(
        "the master did not count "
            + expected
            + " alive workers within "
            + START_TIMEOUT.toSeconds()
            + " s"
            + (last == null ? "" : " (" + last.getMessage() + ")")
            + "; see the logs in "
            + dir.resolve("logs"));
  }

  private static String tail(Daemon d) {
    try {
      List<String> lines = Files.readAllLines(Path.of(d.log()), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private void save() throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(STATE_FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), state);
    Files.move(tmp, dir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Writes a {@code SPARK_HOME} for the daemons: {@code jars/} links to Spark's jars, an empty
   * {@code RELEASE} (a worker then takes {@code jars/} as Spark's when it launches executors), and
   * {@code bin/spark-class} and {@code bin/spark-submit}, which run Spark's own launcher as a Spark
   * distribution's scripts do.
   */
  private static Path writeSparkHome(Path home, List<Path> sparkJars) throws IOException {
    Path jars = home.resolve("jars");
    if (Files.exists(jars)) {
      try (Stream<Path> old = Files.list(jars)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(jars);
    Set<String> names = new HashSet<>();
    for (Path jar : sparkJars) {
      if (!Files.isRegularFile(jar)) {
        throw new IOException(
            "Spark jar " + jar + " is missing; rebuild: mvn -B -DskipTests package -pl spark -am");
      }
      String name = String.valueOf(jar.getFileName());
      if (!names.add(name)) {
        name = names.size() + "-" + name;
        names.add(name);
      }
      Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
    }
    Files.writeString(home.resolve("RELEASE"), "");
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(conf.resolve("log4j2.properties"), DAEMON_LOGGING);
    Path bin = Files.createDirectories(home.resolve("bin"));
    script(bin.resolve("spark-class"), SPARK_CLASS);
    script(
        bin.resolve("spark-submit"),
        "#!/usr/bin/env bash\n"
            + "# Generated by parity spark cluster start: Spark's spark-submit on this SPARK_HOME.\n"
            + "exec \"$(dirname \"$0\")/spark-class\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    return home;
  }

  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  // Spark's launcher prints a NUL and a newline, then the java command with NUL between its
  // arguments; the exit status follows. Spark's own bin/spark-class reads it the same way.
  private static final String SPARK_CLASS =
      """
      #!/usr/bin/env bash
      # Generated by parity spark cluster start: runs a Spark class through Spark's launcher, as
      # a Spark distribution's bin/spark-class does (offline, from this SPARK_HOME's jars/).
      set -euo pipefail
      export SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"
      export SPARK_SCALA_VERSION=2.13
      RUNNER="${JAVA_HOME:+$JAVA_HOME/bin/}java"
      CMD=()
      while IFS= read -r -d '' ARG; do
        CMD+=("${ARG#$'\\n'}")
      done < <("$RUNNER" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; \
      printf '%d\\0' $?)
      LAST=$((${#CMD[@]} - 1))
      if [[ "${CMD[$LAST]}" != 0 ]]; then
        exit "${CMD[$LAST]}"
      fi
      exec "${CMD[@]:1:$((LAST - 1))}"
      """;

  // The daemons and executors log at Spark's usual INFO level, to their log files.
  private static final String DAEMON_LOGGING =
      """
      # Generated by parity spark cluster start: master, workers and executors log here at INFO.
      rootLogger.level = info
      rootLogger.appenderRef.stderr.ref = console
      appender.console.type = Console
      appender.console.name = console
      appender.console.target = SYSTEM_ERR
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
      logger.jetty.name = org.sparkproject.jetty
      logger.jetty.level = warn
      """;

  private static void requireFree(int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(HOST, port));
    } catch (IOException e) {
      throw new IOException(
          "port "
              + port
              + " on "
              + HOST
              + " is in use (another cluster? scripts/parity spark cluster status); choose"
              + " other ports",
          e);
    }
  }

  /**
   * Returns a port that is free now.
   *
   * @return the port
   */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }

  /**
   * Reads a classpath file (entries separated by the path separator) as Maven's dependency plugin
   * writes it.
   *
   * @param file the file
   * @return the entries
   * @throws IOException if it cannot be read
   */
  static List<Path> readClasspath(Path file) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String e : Files.readString(file).trim().split(File.pathSeparator)) {
      if (!e.isBlank()) {
        out.add(Path.of(e.trim()));
      }
    }
    return out;
  }

  /**
   * Describes the cluster: master, workers, cores and memory, logs and web UIs.
   *
   * @return lines to print
   */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("master " + masterUrl() + "  SPARK_HOME " + sparkHome());
    for (Daemon d : state.daemons()) {
      String alive = d.process().isPresent() ? "running" : "not running";
      String what =
          d.name().equals("master")
              ? "master"
              : d.name() + " (" + state.workerCores() + " core, " + state.workerMemory() + ")";
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "  %-26s pid %-8d %-12s web UI %s  log %s",
              what,
              d.pid(),
              alive,
              d.webUi(),
              d.log()));
    }
    lines.add("  executor logs: " + workFolder() + "/<worker>/<app-id>/<executor-id>/stderr");
    return lines;
  }
}
