package dev.parity.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a drift run compared: the earlier run the reference set records and this one, side by side.
 * A changed model card is expected in a drift run (a new release) and named, never refused.
 *
 * @param referenceModel the model that produced the reference set, {@code group:artifact:version}
 * @param referenceCardSha256 the SHA-256 of its card, or null when the manifest records none
 * @param model the model under validation
 * @param cardSha256 the SHA-256 of its card
 * @param reference how the reference set was made (its manifest's producer: tool, engine and
 *     versions), as written
 * @param current the same keys for this run
 */
public record Drift(
    String referenceModel,
    String referenceCardSha256,
    String model,
    String cardSha256,
    Map<String, String> reference,
    Map<String, String> current) {

  /** Copies the maps so the record stays immutable. */
  public Drift {
    reference = Collections.unmodifiableMap(new LinkedHashMap<>(reference));
    current = Collections.unmodifiableMap(new LinkedHashMap<>(current));
  }

  /**
   * Whether the model card differs between the two runs.
   *
   * @return true when the reference records another card's SHA-256
   */
  public boolean cardChanged() {
    return referenceCardSha256 != null && !referenceCardSha256.equals(cardSha256);
  }
}
