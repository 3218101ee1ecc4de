package dev.parity.harness;

import java.util.List;
import java.util.Optional;

/**
 * Where the JVM first parts from the reference: every stage in pipeline order (pre-processing,
 * inputs, each tap, outputs, decisions), each record counted at the first stage where it is beyond
 * tolerance. The lead is the earliest stage any record first diverges at; by construction every
 * earlier stage is within tolerance for every record it covers.
 *
 * @param stages the stages compared, in pipeline order
 * @param tapRecords how many (first) records the taps were compared on; 0 when none
 */
public record Localisation(List<Stage> stages, long tapRecords) {

  /** Copies the list so the localisation stays immutable. */
  public Localisation {
    stages = List.copyOf(stages);
  }

  /**
   * Returns the first stage beyond tolerance.
   *
   * @return the earliest stage at which some record first diverges; empty when every stage is
   *     within tolerance
   */
  public Optional<Stage> lead() {
    return stages.stream().filter(s -> s.firstDiverging() > 0).findFirst();
  }
}
