package dev.parity.harness;

import dev.parity.engine.EngineName;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One engine's outputs against Python's: per output and over all elements, model quality, and the
 * gates of the plan.
 *
 * @param provenance the engine, its version and the model file
 * @param outputs one comparison per output whose shape matches Python's, in manifest order
 * @param all every compared element together
 * @param quality model quality from the JVM's and Python's probabilities; null when the reference
 *     set has no probability output
 * @param gates the plan's gates for this engine, in report order
 * @param predictSeconds time spent in the engine's predict calls
 */
public record EngineEvaluation(
    EngineProvenance provenance,
    List<OutputComparison> outputs,
    OutputComparison all,
    QualityComparison quality,
    List<Gate> gates,
    double predictSeconds) {

  /** Copies the lists so the evaluation stays immutable. */
  public EngineEvaluation {
    outputs = List.copyOf(outputs);
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
