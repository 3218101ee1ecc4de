package dev.parity.bench.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peak search of one engine setting, as its search JVM reports it.
 *
 * @param label the engine and its settings, in words
 * @param engine the engine settings searched (engine, device, interOp, intraOp, options)
 * @param machine the search JVM
 * @param model which model served; null if it did not load
 * @param steps every run, in order
 * @param peakRate the highest rate that passed, or null
 * @param lowestFailingRate the lowest rate that failed, or null
 * @param stop why the search stopped
 * @param error why the search could not run, or null
 * @param exitCode the search JVM's exit code (0 when it ran)
 */
public record CandidatePeak(
    String label,
    Map<String, Object> engine,
    MachineProvenance machine,
    ModelProvenance model,
    List<SearchStep> steps,
    Double peakRate,
    Double lowestFailingRate,
    String stop,
    String error,
    int exitCode) {

  /** Normalises absent steps to none; copies the settings, keeping their order. */
  public CandidatePeak {
    engine = engine == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(engine));
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
