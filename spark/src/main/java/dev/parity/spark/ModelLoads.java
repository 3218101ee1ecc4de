package dev.parity.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model loads, reported by each executor to the driver through {@link ParityPlugin}: every executor
 * JVM tells the driver when it has loaded the model (how long it took, how many loads that JVM has
 * made), or that it could not. A load that fails stops the run it belongs to at once: the driver
 * cancels the run's jobs, so a worker that lacks the engine's natives or the zoo fails the job on
 * its first task instead of failing every task sent to it, attempt after attempt.
 *
 * <p>A run is one {@link BatchInference#run}; its id travels to the tasks as the local property
 * {@value #RUN_PROPERTY} and is the job group its jobs run in.
 */
final class ModelLoads {
  /** The local property that carries a run's id to its tasks. */
  static final String RUN_PROPERTY = "parity.run";

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoads.class);

  // Driver side: what each run heard, and the context to cancel its jobs with.
  private static final Map<String, List<Report>> REPORTS = new ConcurrentHashMap<>();
  private static volatile SparkContext driver;

  // Executor side: the channel to the driver, once the plugin has started.
  private static volatile PluginContext channel;

  // Local mode: the driver's current run, for a load outside any task (the preload).
  private static volatile String localRun;

  private ModelLoads() {}

  /**
   * One executor's model load, as it reports it.
   *
   * @param run the run whose task loaded the model
   * @param executorId the executor's id ({@code driver} in local mode)
   * @param host the executor's host
   * @param pid the executor JVM's process id
   * @param seconds how long the load took
   * @param loadsInJvm how many models this JVM has loaded so far, this one included
   * @param failure why the load failed, or null
   */
  record Report(
      String run,
      String executorId,
      String host,
      long pid,
      double seconds,
      int loadsInJvm,
      RuntimeException failure)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Names the executor for messages.
     *
     * @return e.g. {@code executor 1 on 127.0.0.1 (pid 4711)}
     */
    String executor() {
      return "executor " + executorId + " on " + host + " (pid " + pid + ")";
    }

    @Override
    public String toString() {
      return failure != null
          ? executor() + ": load failed after " + ModelLoads.seconds(seconds)
          : executor()
              + ": model load "
              + loadsInJvm
              + " of this JVM, "
              + ModelLoads.seconds(seconds);
    }
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.1f s", s);
  }

  /**
   * Names this JVM in a message raised on it, when it is a cluster's executor: in local mode the
   * executor is the driver, and the message needs no prefix.
   *
   * @param message the message
   * @return e.g. {@code executor 1 on 127.0.0.1 (pid 4711): message}
   */
  static String onThisExecutor(String message) {
    if (!onCluster()) {
      return message;
    }
    return "executor "
        + executorId()
        + " on "
        + host()
        + " (pid "
        + ProcessHandle.current().pid()
        + "): "
        + message;
  }

  /**
   * Says whether this JVM is a cluster's executor rather than the driver of a local-mode job.
   *
   * @return true on a cluster's executor
   */
  static boolean onCluster() {
    return !"driver".equals(executorId());
  }

  private static String executorId() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    return env == null ? "driver" : env.executorId();
  }

  // The executor's host as the driver knows it; PluginContext.hostname() fails on executors.
  private static String host() {
    try {
      return org.apache.spark.SparkEnv.get().blockManager().blockManagerId().host();
    } catch (RuntimeException e) {
      return org.apache.spark.util.Utils.localHostName();
    }
  }

  /**
   * Reports a model load from an executor; never throws (without the plugin the load is logged
   * only).
   *
   * @param seconds how long the load took
   * @param loadsInJvm loads of this JVM so far
   */
  static void loaded(double seconds, int loadsInJvm) {
    report(seconds, loadsInJvm, null);
  }

  /**
   * Reports a failed model load from a task and holds the task until the driver has cancelled the
   * run (at most {@value #CANCEL_WAIT_SECONDS} s): a task that failed at once would free its core
   * for the next task, which would fail the same way, attempt after attempt, before the
   * cancellation arrives. Without the plugin it returns at once.
   *
   * @param seconds how long the load took
   * @param loadsInJvm loads of this JVM so far
   * @param failure the failure
   */
  static void failed(double seconds, int loadsInJvm, RuntimeException failure) {
    if (!report(seconds, loadsInJvm, failure)) {
      return;
    }
    TaskContext task = TaskContext.get();
    long deadline = System.nanoTime() + CANCEL_WAIT_SECONDS * 1_000_000_000L;
    while (task != null && !task.isInterrupted() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How long a task whose model load failed waits for the driver to cancel its run. */
  static final long CANCEL_WAIT_SECONDS = 60;

  // Logs the load and sends it to the driver; true when the driver has it.
  private static boolean report(double seconds, int loadsInJvm, RuntimeException failure) {
    try {
      TaskContext task = TaskContext.get();
      String run = task == null ? localRun : task.getLocalProperty(RUN_PROPERTY);
      Report r =
          new Report(
              run,
              executorId(),
              host(),
              ProcessHandle.current().pid(),
              seconds,
              loadsInJvm,
              failure);
      if (failure == null) {
        LOG.info("parity: {}", r);
      } else if (onCluster()) {
        LOG.error("parity: {}: {}", r, failure.getMessage());
      } else {
        // In local mode this is the driver's console, where the failure is reported once.
        LOG.info("parity: {}: {}", r, failure.getMessage());
      }
      PluginContext c = channel;
      if (c == null || run == null) {
        return false;
      }
      c.ask(r);
      return true;
    } catch (Exception e) { // ask declares Exception; a report must never fail the task itself
      LOG.warn("parity: cannot report the model load to the driver: {}", e.toString());
      return false;
    }
  }

  /**
   * Connects this executor to the driver (the plugin's executor side).
   *
   * @param context the plugin's context
   */
  static void connect(PluginContext context) {
    channel = context;
  }

  /** Disconnects this executor (the plugin's executor side, at shutdown). */
  static void disconnect() {
    channel = null;
  }

  /**
   * Starts listening on the driver (the plugin's driver side).
   *
   * @param context the application's context, to cancel jobs with
   */
  static void listen(SparkContext context) {
    driver = context;
  }

  /**
   * Takes a report on the driver; a failure cancels its run's jobs, this one and those to come.
   *
   * @param report the report
   */
  static void received(Report report) {
    List<Report> reports = report.run() == null ? null : REPORTS.get(report.run());
    if (reports == null) {
      return; // a run that has ended (or none): nothing to stop
    }
    reports.add(report);
    SparkContext sc = driver;
    if (report.failure() != null && sc != null) {
      sc.cancelJobGroupAndFutureJobs(report.run(), "the model cannot load on " + report.executor());
    }
  }

  /**
   * Starts a run on the driver: its jobs join the job group {@code run} and its tasks carry it.
   *
   * @param sc the context
   * @param run the run's id
   */
  static void begin(SparkContext sc, String run) {
    REPORTS.put(run, new CopyOnWriteArrayList<>());
    if (sc.isLocal()) {
      localRun = run;
    }
    sc.setJobGroup(run, "parity batch inference " + run, false);
    sc.setLocalProperty(RUN_PROPERTY, run);
  }

  /**
   * Ends a run on the driver and returns what its executors reported.
   *
   * @param sc the context
   * @param run the run's id
   * @return the reports, in the order they arrived
   */
  static List<Report> end(SparkContext sc, String run) {
    if (run.equals(localRun)) {
      localRun = null;
    }
    sc.clearJobGroup();
    sc.setLocalProperty(RUN_PROPERTY, null);
    List<Report> r = REPORTS.remove(run);
    return r == null ? List.of() : List.copyOf(r);
  }

  /**
   * Returns the first failed load a run heard of, if any.
   *
   * @param run the run's id
   * @return the failure, or null
   */
  static Report failure(String run) {
    for (Report r : REPORTS.getOrDefault(run, List.of())) {
      if (r.failure() != null) {
        return r;
      }
    }
    return null;
  }

  /**
   * Sums reports up per executor, for the job's summary.
   *
   * @param reports a run's reports
   * @return e.g. {@code executor 0 on 127.0.0.1 (pid 4711): model load 1 of this JVM, 2.3 s}, one
   *     per executor
   */
  static List<String> describe(List<Report> reports) {
    List<String> out = new ArrayList<>();
    for (Report r : reports) {
      out.add(r.toString());
    }
    return out;
  }
}
