package dev.parity.spark;

import java.lang.management.ManagementFactory;

/**
 * Where the time to a command's first result went, counted from the moment the command started: the
 * launcher (bash, the build check), the JVM up to {@code main}, the Spark session, and the first
 * job, of which the model loads and the first batches (what the job cost beyond a warm run's pace,
 * when one was timed: the JIT, Spark's code generation, first reads).
 *
 * @param launcherSeconds from the launcher's start ({@value #COMMAND_START_ENV}) to the JVM's
 * @param jvmSeconds from the JVM's start to {@code main}
 * @param sessionSeconds from {@code main} to the Spark session being ready
 * @param betweenSeconds from the session to the job (e.g. generating records), not counted
 * @param jobSeconds the first job, reading to committing
 * @param modelLoadSeconds the longest model load an executor reported during the job (executors
 *     load in parallel); 0 when none was reported
 * @param firstBatchesSeconds the job's time beyond the warm run's time and the model load; NaN when
 *     no warm run was timed
 * @param records the records the job read
 */
record StartupSplit(
    double launcherSeconds,
    double jvmSeconds,
    double sessionSeconds,
    double betweenSeconds,
    double jobSeconds,
    double modelLoadSeconds,
    double firstBatchesSeconds,
    long records) {

  /** The launcher's environment variable holding the command's start, in epoch milliseconds. */
  static final String COMMAND_START_ENV = "PARITY_COMMAND_START_MS";

  private static volatile long mainMillis;

  /** Records that {@code main} was entered; the launcher's {@code main} calls it first. */
  static void mainEntered() {
    mainMillis = System.currentTimeMillis();
  }

  /**
   * The clock readings a split is computed from.
   *
   * @param commandStartMillis when the command started (the JVM's start when the launcher did not
   *     say)
   * @param jvmStartMillis when the JVM started
   * @param mainMillis when {@code main} was entered (the JVM's start when not recorded)
   */
  record Clock(long commandStartMillis, long jvmStartMillis, long mainMillis) {

    /**
     * Reads the clock of this JVM's command.
     *
     * @return the readings
     */
    static Clock ofThisCommand() {
      long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
      long command = jvm;
      String env = System.getenv(COMMAND_START_ENV);
      if (env != null && env.matches("[0-9]{10,16}")) {
        command = Math.min(jvm, Long.parseLong(env));
      }
      long main = StartupSplit.mainMillis;
      return new Clock(command, jvm, main == 0 ? jvm : main);
    }
  }

  /**
   * Computes the split.
   *
   * @param clock the command's clock
   * @param sessionReadyMillis when the session was ready
   * @param jobStartMillis when the job started
   * @param first the first job's result
   * @param warmSeconds a warm run's time over the same records; NaN when none
   * @return the split
   */
  static StartupSplit of(
      Clock clock,
      long sessionReadyMillis,
      long jobStartMillis,
      BatchInference.Result first,
      double warmSeconds) {
    double load = 0;
    for (ModelLoads.Report r : first.modelLoads()) {
      load = Math.max(load, r.seconds());
    }
    return new StartupSplit(
        (clock.jvmStartMillis() - clock.commandStartMillis()) / 1e3,
        (clock.mainMillis() - clock.jvmStartMillis()) / 1e3,
        (sessionReadyMillis - clock.mainMillis()) / 1e3,
        (jobStartMillis - sessionReadyMillis) / 1e3,
        first.seconds(),
        load,
        Double.isNaN(warmSeconds) ? Double.NaN : Math.max(0, first.seconds() - warmSeconds - load),
        first.good() + first.bad());
  }

  /**
   * Returns the seconds counted from the command's start to the end of the job, leaving out what
   * ran between the session and the job (it is not part of a plain {@code predict}).
   *
   * @return seconds
   */
  double countedSeconds() {
    return launcherSeconds + jvmSeconds + sessionSeconds + jobSeconds;
  }

  /**
   * Returns the records per second counted from the command's start.
   *
   * @return records per second
   */
  double recordsPerSecondFromStart() {
    return records / countedSeconds();
  }
}
