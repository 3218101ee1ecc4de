package dev.parity.harness;

import dev.parity.engine.EngineName;
import java.util.List;

/**
 * Hears how a validation run advances, e.g. to draw a progress bar. Every method does nothing
 * unless overridden; calls come from the thread running the validation.
 */
public interface ValidationProgress {

  /** Hears nothing. */
  ValidationProgress NONE = new ValidationProgress() {};

  /**
   * An engine's model is about to load.
   *
   * @param engine the engine
   */
  default void loading(EngineName engine) {}

  /**
   * The records start to stream through the engines.
   *
   * @param records how many records there are
   * @param engines the engines each record goes through
   */
  default void started(long records, List<EngineName> engines) {}

  /**
   * More records went through every engine.
   *
   * @param recordsDone how many records are done so far
   */
  default void advanced(long recordsDone) {}

  /**
   * An engine runs again over the first records to measure its noise floor.
   *
   * @param engine the engine
   */
  default void measuringNoiseFloor(EngineName engine) {}

  /** Every record is done; the comparisons are being computed. */
  default void comparing() {}
}
