package dev.parity.bench.load;

import org.HdrHistogram.Histogram;

/**
 * One server thread's histograms for one phase (nanoseconds, 3 significant digits, resized as
 * needed). Not thread-safe: each server thread records into its own and the runner adds them up
 * once the threads have ended.
 */
final class LatencyRecorder {
  private static final int DIGITS = 3;

  final Histogram total = new Histogram(DIGITS);
  final Histogram queueing = new Histogram(DIGITS);
  final Histogram translation = new Histogram(DIGITS);
  final Histogram engine = new Histogram(DIGITS);
  final Histogram output = new Histogram(DIGITS);
  final Histogram sendLag = new Histogram(DIGITS);
  long completed;
  long batches;
  long batchedRequests;
  long lastCompletionNanos = Long.MIN_VALUE;

  /**
   * Records one completed request of a batch.
   *
   * @param r the request
   * @param batchStart when its batch was taken
   * @param translated when translation ended
   * @param inferred when the engine call ended
   * @param done when the batch's requests completed
   */
  void record(LoadRequest r, long batchStart, long translated, long inferred, long done) {
    total.recordValue(Math.max(0, done - r.intendedNanos()));
    queueing.recordValue(Math.max(0, batchStart - r.intendedNanos()));
    translation.recordValue(Math.max(0, translated - batchStart));
    engine.recordValue(Math.max(0, inferred - translated));
    output.recordValue(Math.max(0, done - inferred));
    sendLag.recordValue(Math.max(0, r.sentNanos() - r.intendedNanos()));
    completed++;
    lastCompletionNanos = Math.max(lastCompletionNanos, done);
  }

  void batch(int size) {
    batches++;
    batchedRequests += size;
  }

  void add(LatencyRecorder o) {
    total.add(o.total);
    queueing.add(o.queueing);
    translation.add(o.translation);
    engine.add(o.engine);
    output.add(o.output);
    sendLag.add(o.sendLag);
    completed += o.completed;
    batches += o.batches;
    batchedRequests += o.batchedRequests;
    lastCompletionNanos = Math.max(lastCompletionNanos, o.lastCompletionNanos);
  }

  LatencyBreakdown breakdown() {
    return new LatencyBreakdown(
        LatencySummary.of(total),
        LatencySummary.of(queueing),
        LatencySummary.of(translation),
        LatencySummary.of(engine),
        LatencySummary.of(output),
        LatencySummary.of(sendLag));
  }
}
