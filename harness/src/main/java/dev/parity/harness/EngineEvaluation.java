package dev.parity.harness;

import dev.parity.engine.EngineName;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One engine's outputs against the reference: per output and over all elements, each tap, where the
 * JVM first parts from the reference, model quality, the engine's own noise floor, slices, and the
 * gates of the plan.
 *
 * @param provenance the engine, its version and the model file
 * @param outputs one comparison per output whose shape matches the reference's, in manifest order
 * @param all every compared element together
 * @param taps one comparison per tap, in the card's order, over the records the reference's taps
 *     cover; empty when the reference has no taps
 * @param localisation every stage in pipeline order and the first one beyond tolerance
 * @param quality model quality from the JVM's and the reference's task output; null when the
 *     reference set has no task output
 * @param noiseFloor the engine's own spread; null when not measured
 * @param slices the task output per slice of the records, worst first; empty without raw records
 * @param gates the plan's gates for this engine, in report order
 * @param predictSeconds time spent in the engine's predict calls
 */
public record EngineEvaluation(
    EngineProvenance provenance,
    List<OutputComparison> outputs,
    OutputComparison all,
    List<OutputComparison> taps,
    Localisation localisation,
    QualityComparison quality,
    NoiseFloor noiseFloor,
    List<SliceComparison> slices,
    List<Gate> gates,
    double predictSeconds) {

  /** Copies the lists so the evaluation stays immutable. */
  public EngineEvaluation {
    outputs = List.copyOf(outputs);
    taps = List.copyOf(taps);
    slices = List.copyOf(slices);
    gates = List.copyOf(gates);
  }

  /**
   * Returns the engine.
   *
   * @return the engine evaluated
   */
  public EngineName engine() {
    return provenance.engine();
  }

  /**
   * Returns the comparison of an output.
   *
   * @param name e.g. {@code probability}, or {@value OutputComparison#ALL}
   * @return the comparison
   * @throws NoSuchElementException if there is none by that name
   */
  public OutputComparison output(String name) {
    if (name.equals(OutputComparison.ALL)) {
      return all;
    }
    return outputs.stream()
        .filter(o -> o.output().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no comparison of output " + name));
  }

  /**
   * Returns whether every gate passed.
   *
   * @return true when no gate failed
   */
  public boolean passed() {
    return gates.stream().allMatch(Gate::passed);
  }
}
