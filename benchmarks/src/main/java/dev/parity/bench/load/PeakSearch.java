package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Finds the highest offered rate whose p99 latency stays under a bound: rates grow geometrically
 * from the start while runs pass (or shrink while they fail) until one passes and one fails, then
 * bisection narrows the gap to the spec's resolution. Each step is one run of the trial; a real
 * trial is a short open-loop run with its own warm-up. A failing rate is run again up to the spec's
 * retries and passes if any run passes: the search assumes that latency grows with load, and one
 * stall in a five-second step would otherwise stop it far below the peak.
 */
public final class PeakSearch {

  private PeakSearch() {}

  /** One run at a rate. */
  @FunctionalInterface
  public interface Trial {
    /**
     * Runs the load at a rate.
     *
     * @param rate requests per second
     * @return the run's result
     * @throws InterruptedException if interrupted
     */
    LoadResult run(double rate) throws InterruptedException;
  }

  /**
   * What a search found.
   *
   * @param steps every run, in order
   * @param peakRate the highest rate that passed, or null when none did
   * @param lowestFailingRate the lowest rate that failed, or null when none did
   * @param stop why the search stopped, in words
   */
  public record Outcome(
      List<SearchStep> steps, Double peakRate, Double lowestFailingRate, String stop) {

    /** Copies the steps. */
    public Outcome {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Searches.
   *
   * @param spec bound, start, growth, resolution, limits
   * @param trial runs the load at a rate
   * @param progress receives each step as it is judged
   * @return the steps and the peak
   * @throws InterruptedException if interrupted
   */
  public static Outcome run(PeakSearchSpec spec, Trial trial, Consumer<SearchStep> progress)
      throws InterruptedException {
    List<SearchStep> steps = new ArrayList<>();
    Double lo = null;
    Double hi = null;
    double rate = spec.startRate();
    String stop = null;
    while (stop == null) {
      SearchStep step = SearchStep.judge(rate, trial.run(rate), spec.p99Bound());
      steps.add(step);
      progress.accept(step);
      for (int retry = 0;
          !step.passed() && retry < spec.retries() && steps.size() < spec.maxSteps();
          retry++) {
        step = SearchStep.judge(rate, trial.run(rate), spec.p99Bound());
        steps.add(step);
        progress.accept(step);
      }
      if (step.passed()) {
        lo = lo == null ? rate : Math.max(lo, rate);
      } else {
        hi = hi == null ? rate : Math.min(hi, rate);
      }
      if (lo != null && hi != null) {
        if (hi <= lo * (1 + spec.resolution())) {
          stop =
              String.format(
                  Locale.ROOT,
                  "bracketed: passes at %,.0f/s, fails at %,.0f/s (within %.0f%%)",
                  lo,
                  hi,
                  spec.resolution() * 100);
        }
        rate = (lo + hi) / 2;
      } else if (lo != null) {
        if (lo >= spec.maxRate()) {
          stop = String.format(Locale.ROOT, "passes at the max rate, %,.0f/s", spec.maxRate());
        }
        rate = Math.min(lo * spec.growth(), spec.maxRate());
      } else {
        if (hi <= spec.minRate()) {
          stop = String.format(Locale.ROOT, "fails even at the min rate, %,.0f/s", spec.minRate());
        }
        rate = Math.max(hi / spec.growth(), spec.minRate());
      }
      if (stop == null && steps.size() >= spec.maxSteps()) {
        stop = "step limit reached (" + spec.maxSteps() + " runs)";
      }
    }
    return new Outcome(steps, lo, hi, stop);
  }
}
