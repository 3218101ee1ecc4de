package dev.parity.bench.load;

/**
 * One request of an open-loop run: when it should have started, when the scheduler actually
 * enqueued it, its answer and whether it completed. Latency counts from {@link #intendedNanos()}: a
 * scheduler that falls behind, or a server that stalls, makes every request queued behind it late
 * by the full delay (no coordinated omission).
 */
public final class LoadRequest {
  private final long sequence;
  private final long intendedNanos;
  private final long sentNanos;
  private final boolean measured;
  private float result = Float.NaN;
  private boolean completed;

  /**
   * Creates a request.
   *
   * @param sequence its number in the run, from 0
   * @param intendedNanos when the schedule meant it to start (clock time)
   * @param sentNanos when it was enqueued, at or after {@code intendedNanos}
   * @param measured whether it belongs to the measured phase (else to the warm-up)
   */
  public LoadRequest(long sequence, long intendedNanos, long sentNanos, boolean measured) {
    this.sequence = sequence;
    this.intendedNanos = intendedNanos;
    this.sentNanos = sentNanos;
    this.measured = measured;
  }

  /**
   * Returns the request's number in the run.
   *
   * @return 0, 1, 2, ... in intended order
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns when the schedule meant the request to start.
   *
   * @return clock nanoseconds
   */
  public long intendedNanos() {
    return intendedNanos;
  }

  /**
   * Returns when the scheduler enqueued it.
   *
   * @return clock nanoseconds, at or after the intended start
   */
  public long sentNanos() {
    return sentNanos;
  }

  /**
   * Returns whether the request counts in the measured phase.
   *
   * @return false for warm-up requests
   */
  public boolean measured() {
    return measured;
  }

  /**
   * Sets the model's answer for this request.
   *
   * @param value e.g. the purchase probability
   */
  public void setResult(float value) {
    this.result = value;
  }

  /**
   * Returns the model's answer.
   *
   * @return the answer, NaN until set
   */
  public float result() {
    return result;
  }

  /**
   * Returns whether the request has completed.
   *
   * @return true once completed
   */
  public boolean completed() {
    return completed;
  }

  void complete() {
    if (completed) {
      throw new IllegalStateException("request " + sequence + " completed twice");
    }
    completed = true;
  }
}
