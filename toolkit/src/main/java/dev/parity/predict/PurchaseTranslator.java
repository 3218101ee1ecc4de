package dev.parity.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;

/**
 * Turns a batch of ids into the engine's tensors and its outputs back into Java arrays. One
 * translator serves every engine: inputs are named after the fields (ONNX and TensorFlow match by
 * name, PyTorch and MXNet by position, and the order is the same), outputs are read by name where
 * the engine names them and by position otherwise.
 *
 * <p>Inputs live on the per-call manager DJL closes after each call, so native memory does not grow
 * with the number of batches.
 */
public final class PurchaseTranslator implements NoBatchifyTranslator<EncodedBatch, Scores> {
  private final FeatureSpec spec;
  private final boolean withHidden;

  /**
   * Creates a translator.
   *
   * @param spec the model's features, used to bound-check ids before any engine sees them
   * @param withHidden whether to copy the last hidden layer out as well as the probability
   */
  public PurchaseTranslator(FeatureSpec spec, boolean withHidden) {
    this.spec = spec;
    this.withHidden = withHidden;
  }

  /**
   * Returns the features this translator checks ids against.
   *
   * @return the feature spec it was built with
   */
  public FeatureSpec features() {
    return spec;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EncodedBatch batch) {
    return toTensors(ctx.getNDManager(), batch);
  }

  /**
   * The input side of a call, on its own: bound-checks the ids, then makes one {@code int64} tensor
   * per field, named after it, each from the field's whole {@code [size, length]} block with one
   * call ({@link NDManager#create(long[], Shape)}: PyTorch, ONNX Runtime and TensorFlow copy the
   * heap block into native memory in one bulk copy, MXNet copies that once more into its own
   * array). {@link #processInput} is this on DJL's per-call manager.
   *
   * @param manager where the tensors live; closing it frees them
   * @param batch ids
   * @return the model's inputs, in input order
   * @throws IllegalArgumentException if an id is out of its field's range
   */
  public NDList toTensors(NDManager manager, EncodedBatch batch) {
    spec.checkBounds(batch);
    NDList inputs = new NDList(batch.names().size());
    int[] lengths = batch.lengths();
    for (int f = 0; f < lengths.length; f++) {
      NDArray array = manager.create(batch.ids().get(f), new Shape(batch.size(), lengths[f]));
      array.setName(batch.names().get(f));
      inputs.add(array);
    }
    return inputs;
  }

  @Override
  public Scores processOutput(TranslatorContext ctx, NDList list) {
    NDArray probability = byName(list, "probability", 0);
    float[] p = probability.toFloatArray();
    if (!withHidden) {
      return new Scores(p, null, 0);
    }
    NDArray hidden = byName(list, "hidden", 1);
    long[] shape = hidden.getShape().getShape();
    return new Scores(p, hidden.toFloatArray(), (int) shape[shape.length - 1]);
  }

  private static NDArray byName(NDList list, String name, int position) {
    NDArray named = list.get(name);
    if (named != null) {
      return named;
    }
    if (list.size() != 2) {
      throw new IllegalStateException(
          "expected the model to return probability and hidden, found " + list.size() + " outputs");
    }
    return list.get(position);
  }
}
