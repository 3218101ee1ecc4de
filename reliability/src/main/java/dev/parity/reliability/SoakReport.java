package dev.parity.reliability;

import java.util.List;

/**
 * A soak's outcome. {@link SoakSummary} renders it for the console, {@link SoakJson} as JSON.
 *
 * @param options what ran
 * @param engineVersion the engine's own version
 * @param jvmArguments the soak JVM's arguments (they show the fixed heap)
 * @param seconds wall time of the measured run, model loading excluded in prediction mode
 * @param growth RSS after the steady point against the end, as the options' rule judged it
 * @param peakRssBytes {@code VmHWM} at the end
 * @param steadyHeapUsedBytes heap in use after a full collection at the steady point
 * @param finalHeapUsedBytes heap in use after a full collection at the end
 * @param scoresStable whether the first batch scored the same at the end as at the start
 * @param samples every sample, in order
 */
public record SoakReport(
    SoakOptions options,
    String engineVersion,
    List<String> jvmArguments,
    double seconds,
    Growth growth,
    long peakRssBytes,
    long steadyHeapUsedBytes,
    long finalHeapUsedBytes,
    boolean scoresStable,
    List<SoakSample> samples) {

  /** Copies the lists. */
  public SoakReport {
    jvmArguments = List.copyOf(jvmArguments);
    samples = List.copyOf(samples);
  }

  /**
   * Returns what the run repeated.
   *
   * @return the mode
   */
  public SoakMode mode() {
    return options.mode();
  }

  /**
   * Returns the predictions (or cycles) of the measured run.
   *
   * @return the count
   */
  public long total() {
    return options.total();
  }

  /**
   * Returns the measured run's rate.
   *
   * @return predictions (or cycles) per second
   */
  public double perSecond() {
    return total() / Math.max(seconds, 1e-9);
  }

  /**
   * Returns the verdict.
   *
   * @return whether the growth is within the limit and the scores stable
   */
  public boolean passed() {
    return growth.withinLimit() && scoresStable;
  }
}
