package dev.parity.bench.load;

import java.time.Duration;
import java.util.Locale;

/**
 * One run of a peak search, judged against the p99 bound.
 *
 * @param rate the target rate, requests per second
 * @param offeredPerSecond the rate the schedule actually offered in the measured phase
 * @param achievedPerSecond the rate the server completed
 * @param p50Ms median latency of the measured phase
 * @param p99Ms 99th percentile
 * @param maxMs largest latency
 * @param dropped measured requests refused by a full queue
 * @param unfinished measured requests abandoned at the drain limit
 * @param warmupP99Ms the p99 of the step's warm-up, reported to show what was excluded
 * @param passed whether every measured request completed and the p99 is within the bound
 * @param verdict why it passed or failed, in words
 */
public record SearchStep(
    double rate,
    double offeredPerSecond,
    double achievedPerSecond,
    double p50Ms,
    double p99Ms,
    double maxMs,
    long dropped,
    long unfinished,
    double warmupP99Ms,
    boolean passed,
    String verdict) {

  /**
   * Judges a run: it passes when every measured request completed (none dropped or abandoned) and
   * the measured p99 is at most the bound.
   *
   * @param rate the target rate of the run
   * @param r the run's result
   * @param bound the p99 bound
   * @return the step
   */
  public static SearchStep judge(double rate, LoadResult r, Duration bound) {
    PhaseResult m = r.measured();
    LatencySummary total = m.latency().total();
    double boundMs = bound.toNanos() / 1e6;
    String verdict;
    boolean passed = false;
    if (m.completed() == 0) {
      verdict = "no measured request completed";
    } else if (m.dropped() > 0 || m.unfinished() > 0) {
      verdict =
          String.format(
              Locale.ROOT,
              "overloaded: %,d dropped, %,d abandoned at the drain limit",
              m.dropped(),
              m.unfinished());
    } else if (total.p99Ms() > boundMs) {
      verdict = String.format(Locale.ROOT, "p99 %.3f ms > %.3f ms", total.p99Ms(), boundMs);
    } else {
      passed = true;
      verdict = String.format(Locale.ROOT, "p99 %.3f ms <= %.3f ms", total.p99Ms(), boundMs);
    }
    return new SearchStep(
        rate,
        m.offeredPerSecond(),
        m.achievedPerSecond(),
        total.p50Ms(),
        total.p99Ms(),
        total.maxMs(),
        m.dropped(),
        m.unfinished(),
        r.warmup().latency().total().p99Ms(),
        passed,
        verdict);
  }
}
