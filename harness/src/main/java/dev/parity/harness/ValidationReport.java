package dev.parity.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a validation run found, ready to render: provenance, pre-processing parity, one
 * evaluation per engine, the engine-vs-engine matrix, every gate with its verdict, and for a drift
 * run the two runs side by side.
 *
 * @param provenance where the figures come from
 * @param preprocessing Java's ids against Python's
 * @param runGates the gates that hold for the whole run (pre-processing)
 * @param engines one evaluation per engine, in the order asked for
 * @param matrix every pair of engines, each pair once
 * @param drift in a drift run (against an earlier JVM run or another model version), the two runs
 *     side by side; null when the JVM was validated against the model's own reference
 */
public record ValidationReport(
    Provenance provenance,
    PreprocessingComparison preprocessing,
    List<Gate> runGates,
    List<EngineEvaluation> engines,
    List<EnginePairComparison> matrix,
    Drift drift) {

  /** Copies the lists so the report stays immutable. */
  public ValidationReport {
    runGates = List.copyOf(runGates);
    engines = List.copyOf(engines);
    matrix = List.copyOf(matrix);
  }

  /**
   * Returns every gate: the run's, then each engine's.
   *
   * @return the gates in report order
   */
  public List<Gate> gates() {
    List<Gate> all = new ArrayList<>(runGates);
    engines.forEach(e -> all.addAll(e.gates()));
    return all;
  }

  /**
   * Returns the gates that failed.
   *
   * @return failed gates in report order; empty when the run passed
   */
  public List<Gate> failedGates() {
    return gates().stream().filter(g -> !g.passed()).toList();
  }

  /**
   * Returns whether every gate passed.
   *
   * @return true when no gate failed
   */
  public boolean passed() {
    return failedGates().isEmpty();
  }
}
