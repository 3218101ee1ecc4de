package dev.parity.reliability;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.parity.engine.EngineSettings;
import dev.parity.features.EncodedBatch;
import dev.parity.predict.Scores;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;

/**
 * The soak's leak control: the classic bug of arrays outliving the call because they hang off a
 * long-lived manager. It loads the model a second time, through DJL, and creates each batch's input
 * tensors on that model's own {@link NDManager} without ever closing them; they are freed only when
 * the control closes, after the soak's last sample.
 */
final class LeakControl implements AutoCloseable {
  private final ZooModel<EncodedBatch, Scores> model;

  private LeakControl(ZooModel<EncodedBatch, Scores> model) {
    this.model = model;
  }

  /**
   * Loads the model the control leaks onto.
   *
   * @param artifact the soak's model
   * @param settings the soak's engine settings
   * @return the control; close it after the last sample
   * @throws ModelNotFoundException if the zoo has no such model
   * @throws MalformedModelException if the engine rejects it
   * @throws IOException if a file cannot be read
   */
  static LeakControl open(ArtifactSpec artifact, EngineSettings settings)
      throws ModelNotFoundException, MalformedModelException, IOException {
    return new LeakControl(
        artifact.criteria(settings, EncodedBatch.class, Scores.class, false).loadModel());
  }

  /**
   * Leaks one batch's input tensors.
   *
   * @param batch the batch the soak is about to predict
   */
  void leak(EncodedBatch batch) {
    NDManager manager = model.getNDManager();
    for (int f = 0; f < batch.lengths().length; f++) {
      manager.create(batch.ids().get(f), new Shape(batch.size(), batch.lengths()[f]));
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
