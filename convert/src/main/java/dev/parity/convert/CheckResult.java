package dev.parity.convert;

import dev.parity.engine.EngineName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a converted artifact's outputs are from ONNX Runtime's on the same inputs.
 *
 * @param engine the artifact's engine
 * @param records the rows compared (the inputs' first dimension; 1 when they have none)
 * @param maxAbsDifference per output name, in the graph's order, the largest element-wise {@code
 *     |artifact - ONNX Runtime|}; infinite when the shapes differ or only one side is NaN
 */
public record CheckResult(EngineName engine, long records, Map<String, Double> maxAbsDifference) {

  /**
   * Creates the record.
   *
   * @param engine the engine
   * @param records the rows compared
   * @param maxAbsDifference per output; copied
   */
  public CheckResult {
    maxAbsDifference = Collections.unmodifiableMap(new LinkedHashMap<>(maxAbsDifference));
  }

  /**
   * Returns the largest difference over every output.
   *
   * @return the maximum of {@link #maxAbsDifference()}
   */
  public double max() {
    return maxAbsDifference.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
