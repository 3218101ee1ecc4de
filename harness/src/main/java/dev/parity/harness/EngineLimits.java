package dev.parity.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits of one plan section: per output (by name, or {@value #ANY_OUTPUT} for every output),
 * and for model quality.
 *
 * @param outputs limits by output name
 * @param quality model-quality limits
 */
public record EngineLimits(Map<String, OutputLimits> outputs, QualityLimits quality) {

  /** The output key that applies to every output. */
  public static final String ANY_OUTPUT = "*";

  /** Limits with nothing set. */
  static final EngineLimits NONE = new EngineLimits(Map.of(), QualityLimits.NONE);

  /** Normalises absent parts to empty ones and copies the map. */
  public EngineLimits {
    outputs =
        Collections.unmodifiableMap(outputs == null ? Map.of() : new LinkedHashMap<>(outputs));
    quality = quality == null ? QualityLimits.NONE : quality;
  }

  /**
   * Returns the limits of an output: its own section over the {@value #ANY_OUTPUT} section.
   *
   * @param output e.g. {@code hidden}
   * @return its limits; all unset when the plan names none
   */
  public OutputLimits output(String output) {
    OutputLimits own = outputs.get(output);
    OutputLimits any = outputs.get(ANY_OUTPUT);
    OutputLimits merged = own == null ? OutputLimits.NONE : own;
    return merged.over(any == null ? OutputLimits.NONE : any);
  }
}
