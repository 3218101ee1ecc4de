package dev.parity.harness;

import dev.parity.engine.EngineName;
import java.util.List;

/**
 * Two engines' outputs against each other, element by element: the engine-vs-engine matrix of a
 * run. Reported, not gated.
 *
 * @param first the engine whose values are {@code actual}
 * @param second the engine whose values are {@code expected}
 * @param outputs one comparison per output both engines produced with the same shape
 * @param all every compared element together
 */
public record EnginePairComparison(
    EngineName first, EngineName second, List<OutputComparison> outputs, OutputComparison all) {

  /** Copies the list so the comparison stays immutable. */
  public EnginePairComparison {
    outputs = List.copyOf(outputs);
  }
}
