package dev.parity.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits one engine is held to: per output, and for model quality.
 *
 * @param outputs limits by output name, e.g. {@code probability}
 * @param quality model-quality limits
 */
public record EngineLimits(Map<String, OutputLimits> outputs, QualityLimits quality) {

  /** Limits with nothing set. */
  static final EngineLimits NONE = new EngineLimits(Map.of(), QualityLimits.NONE);

  /** Normalises absent parts to empty ones and copies the map. */
  public EngineLimits {
    outputs =
        outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    quality = quality == null ? QualityLimits.NONE : quality;
  }

  /**
   * Returns the limits of an output.
   *
   * @param output e.g. {@code hidden}
   * @return its limits; all unset when the plan names none
   */
  public OutputLimits output(String output) {
    OutputLimits l = outputs.get(output);
    return l == null ? OutputLimits.NONE : l;
  }

  /**
   * Returns these limits with the missing ones taken from {@code base}, output by output.
   *
   * @param base the limits to inherit from
   * @return the merged limits
   */
  public EngineLimits over(EngineLimits base) {
    Map<String, OutputLimits> merged = new LinkedHashMap<>();
    base.outputs.forEach((name, limits) -> merged.put(name, output(name).over(limits)));
    outputs.forEach((name, limits) -> merged.putIfAbsent(name, limits));
    return new EngineLimits(merged, quality.over(base.quality));
  }
}
