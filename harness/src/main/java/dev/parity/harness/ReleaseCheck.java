package dev.parity.harness;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import java.io.IOException;

/**
 * What a release pipeline asks of a new model release in one run: every engine against the model's
 * own reference (Python), with each engine's noise floor, and the release against the last one (a
 * drift run against a baseline saved by {@code parity predict --save-outputs}, or made from another
 * version). One verdict: every gate of both runs passes.
 *
 * @param parity the JVM against the model's own reference, noise floor included
 * @param drift the release against the baseline
 */
public record ReleaseCheck(ValidationReport parity, ValidationReport drift) {

  /**
   * Runs both validations: the baseline is checked first (a drift run needs an earlier run), then
   * the parity run, then the drift run.
   *
   * @param parity the request against the model's own reference; give it a noise floor
   * @param drift the same model against the baseline
   * @param progress hears how each run advances
   * @return both reports
   * @throws ReferenceSetException if a set is missing or malformed, the reference is not the
   *     model's own, or the baseline is not an earlier run of the model
   * @throws PlanException if the plan does not fit the model
   * @throws IOException if the zoo or a model file cannot be read
   * @throws ModelNotFoundException if the zoo lacks the model for an engine
   * @throws MalformedModelException if a model file fails its checksum or an engine rejects it
   * @throws TranslateException if an engine fails while predicting
   */
  public static ReleaseCheck run(
      ValidationRequest parity, ValidationRequest drift, ValidationProgress progress)
      throws IOException, ModelNotFoundException, MalformedModelException, TranslateException {
    ModelVersion model = ModelVersion.locate(drift.artifact());
    if (ReferenceSet.open(parity.referenceFolder(), model).mode() != ReferenceSet.Mode.PARITY) {
      throw new ReferenceSetException(
          "reference set "
              + parity.referenceFolder()
              + " is an earlier run, not "
              + model.id()
              + "'s own reference; pass --reference DIR with the set made from this release (e.g."
              + " by scripts/reference_set.py)");
    }
    ReferenceSet baseline = ReferenceSet.open(drift.referenceFolder(), model);
    if (baseline.mode() != ReferenceSet.Mode.DRIFT) {
      throw new ReferenceSetException(
          "baseline "
              + drift.referenceFolder()
              + " is a reference set of "
              + model.id()
              + " itself, not an earlier run; a baseline is a set saved by the last release's"
              + " parity predict --save-outputs, or one made from another version of the model");
    }
    ValidationReport first = Validation.run(parity, progress);
    ValidationReport second = Validation.run(drift, progress);
    return new ReleaseCheck(first, second);
  }

  /**
   * Whether the release passes: every gate of both runs.
   *
   * @return true when no gate failed
   */
  public boolean passed() {
    return parity.passed() && drift.passed();
  }
}
