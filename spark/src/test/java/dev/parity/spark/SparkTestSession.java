package dev.parity.spark;

import org.apache.spark.sql.SparkSession;

/** One embedded Spark session for the whole test suite: two cores, two attempts per task. */
final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /**
   * Returns the shared session, starting it on first use. The master {@code local[2,2]} lets a
   * failed task attempt be retried once (local mode ignores {@code spark.task.maxFailures}).
   *
   * @return the session
   */
  static synchronized SparkSession get() {
    // A test that runs the parity-spark command in-process ends with its session.stop().
    if (session == null || session.sparkContext().isStopped()) {
      session = ParitySpark.session("local[2,2]", "parity-spark-tests");
    }
    return session;
  }

  /**
   * Stops the shared session, for a test that needs a session of its own (one per JVM); the next
   * {@link #get()} starts it again.
   */
  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
