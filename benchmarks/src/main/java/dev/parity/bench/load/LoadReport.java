package dev.parity.bench.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code parity load} measured, as written to {@code load-report.json}: a single run
 * ({@code mode = run}) or a peak search over engine settings ({@code mode = find-peak}). Absent
 * parts (null) are left out of the JSON.
 *
 * @param schema {@value #SCHEMA}
 * @param mode {@code run} or {@code find-peak}
 * @param started when the command started (ISO-8601)
 * @param machine the machine and the JVM that started the command
 * @param load the run's settings, or each search step's ({@code rate} is then the start rate)
 * @param run the single run, or null
 * @param peak the peak search, or null
 */
public record LoadReport(
    String schema,
    String mode,
    String started,
    MachineProvenance machine,
    Map<String, Object> load,
    Run run,
    Peak peak) {

  /** Copies the settings, keeping their order. */
  public LoadReport {
    load = load == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(load));
  }

  /** The report format. */
  public static final String SCHEMA = "parity.load-report/1";

  /**
   * A single run.
   *
   * @param model which model served
   * @param result the figures
   * @param p99Bound the p99 bound checked (e.g. {@code 10ms}), or null when none was asked for
   * @param withinBound whether the server kept up and the p99 stayed within the bound; null without
   *     a bound
   */
  public record Run(
      ModelProvenance model, LoadResult result, String p99Bound, Boolean withinBound) {}

  /**
   * A peak search over engine settings.
   *
   * @param search the search's settings (bound, start rate, growth, resolution, limits)
   * @param candidates each engine setting's search
   * @param best the label of the setting with the highest peak, or null if none met the bound
   * @param bestRate that peak, requests per second, or null
   */
  public record Peak(
      Map<String, Object> search, List<CandidatePeak> candidates, String best, Double bestRate) {

    /** Copies the settings, keeping their order, and the candidates. */
    public Peak {
      search = search == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(search));
      candidates = List.copyOf(candidates);
    }
  }
}
