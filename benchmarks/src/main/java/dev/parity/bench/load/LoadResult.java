package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one open-loop run.
 *
 * @param targetRate the rate asked for, requests per second
 * @param warmup the warm-up phase, reported apart
 * @param measured the measured phase: the run's figures
 * @param maxQueueDepth the deepest the queue got while measured requests were sent
 * @param queueDepthAtEnd requests queued when the schedule ended
 * @param keptUp whether the server kept up: nothing dropped or unfinished and the achieved rate at
 *     least {@value #KEPT_UP_FRACTION} of the offered rate
 * @param notes what a reader must know about the figures (overload, a late load generator)
 */
public record LoadResult(
    double targetRate,
    PhaseResult warmup,
    PhaseResult measured,
    long maxQueueDepth,
    long queueDepthAtEnd,
    boolean keptUp,
    List<String> notes) {

  /** The fraction of the offered rate a server must achieve to count as keeping up. */
  public static final double KEPT_UP_FRACTION = 0.95;

  /** Send lag above this many milliseconds at p99 earns a note: the generator ran late. */
  static final double LATE_GENERATOR_MS = 1.0;

  /** Copies the notes. */
  public LoadResult {
    notes = List.copyOf(notes);
  }

  /**
   * Judges a run: whether the server kept up, and the notes that say why not.
   *
   * @param targetRate the rate asked for
   * @param warmup the warm-up phase
   * @param measured the measured phase
   * @param maxQueueDepth the deepest queue while measuring
   * @param queueDepthAtEnd the queue when the schedule ended
   * @return the result
   */
  public static LoadResult of(
      double targetRate,
      PhaseResult warmup,
      PhaseResult measured,
      long maxQueueDepth,
      long queueDepthAtEnd) {
    List<String> notes = new ArrayList<>();
    boolean keptUp =
        measured.dropped() == 0
            && measured.unfinished() == 0
            && measured.sent() > 0
            && measured.achievedPerSecond() >= KEPT_UP_FRACTION * measured.offeredPerSecond();
    if (measured.sent() == 0) {
      notes.add("no request was intended in the measured phase: raise the rate or the duration");
    }
    if (measured.dropped() > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d measured requests were dropped because the queue was full: the server did not"
                  + " keep up",
              measured.dropped()));
    }
    if (measured.unfinished() > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d measured requests were still queued when the drain limit ran out and were"
                  + " abandoned; the latency figures cover completed requests only",
              measured.unfinished()));
    }
    if (measured.sent() > 0
        && measured.achievedPerSecond() < KEPT_UP_FRACTION * measured.offeredPerSecond()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "achieved %,.0f requests/s of %,.0f offered: the server did not keep up (%,d requests"
                  + " queued when the schedule ended)",
              measured.achievedPerSecond(),
              measured.offeredPerSecond(),
              queueDepthAtEnd));
    }
    double lag = measured.latency().sendLag().p99Ms();
    if (lag > LATE_GENERATOR_MS) {
      notes.add(
          String.format(
              Locale.ROOT,
              "the load generator sent requests late (p99 %.2f ms after their intended start);"
                  + " latency still counts from the intended start",
              lag));
    }
    return new LoadResult(
        targetRate, warmup, measured, maxQueueDepth, queueDepthAtEnd, keptUp, notes);
  }
}
