package dev.parity.reliability;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.parity.engine.EngineSettings;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;

/**
 * The soak's leak control: the classic bug of arrays outliving the call because they hang off a
 * long-lived manager. It loads the model a second time, through DJL, and creates each batch's input
 * tensors on that model's own {@link NDManager} without ever closing them; they are freed only when
 * the control closes, after the soak's last sample.
 */
final class LeakControl implements AutoCloseable {
  private final ZooModel<TensorBatch, TensorBatch> model;

  private LeakControl(ZooModel<TensorBatch, TensorBatch> model) {
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
        artifact
            .criteria(settings, TensorBatch.class, TensorBatch.class, java.util.List.of())
            .loadModel());
  }

  /**
   * Leaks one batch's input tensors.
   *
   * @param batch the batch the soak is about to predict
   */
  void leak(TensorBatch batch) {
    NDManager manager = model.getNDManager();
    for (Tensor t : batch.tensors().values()) {
      Shape shape = new Shape(t.shape());
      switch (t.dtype()) {
        case FLOAT32 -> manager.create(t.floats(), shape);
        case FLOAT64 -> manager.create(t.doubles(), shape);
        case INT32 -> manager.create(t.ints(), shape);
        case INT64 -> manager.create(t.longs(), shape);
        default -> manager.create(t.bytes(), shape);
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
