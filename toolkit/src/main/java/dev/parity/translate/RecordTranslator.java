package dev.parity.translate;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.parity.features.RecordBatch;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.TensorBatch;

/**
 * Raw records in, named outputs out: encodes the records as the card's features say, then hands the
 * tensors to a {@link TensorTranslator}.
 */
public final class RecordTranslator implements NoBatchifyTranslator<RecordBatch, TensorBatch> {
  private final RecordEncoder encoder;
  private final TensorTranslator tensors;

  /**
   * Creates a translator.
   *
   * @param encoder the card's features
   * @param tensors the named-tensor translator of the same model
   */
  public RecordTranslator(RecordEncoder encoder, TensorTranslator tensors) {
    this.encoder = encoder;
    this.tensors = tensors;
  }

  /**
   * Returns the encoder.
   *
   * @return the card's features, executable
   */
  public RecordEncoder encoder() {
    return encoder;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, RecordBatch batch) {
    return tensors.toEngine(ctx.getNDManager(), encoder.encode(batch.records()));
  }

  @Override
  public TensorBatch processOutput(TranslatorContext ctx, NDList list) {
    return tensors.fromEngine(list);
  }
}
