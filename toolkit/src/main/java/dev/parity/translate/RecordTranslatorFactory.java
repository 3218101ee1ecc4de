package dev.parity.translate;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.parity.card.ModelCard;
import dev.parity.features.RecordBatch;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.TensorBatch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Makes translators for a model whose card has features: {@link RecordBatch} to {@link TensorBatch}
 * (records encoded on the way in), and {@link TensorBatch} to {@link TensorBatch}. A zoo artifact
 * names it in its metadata's {@code translatorFactory} argument.
 */
public final class RecordTranslatorFactory implements TranslatorFactory {

  /** Argument holding an already built {@link RecordEncoder}, so the vocabulary is read once. */
  public static final String ENCODER = "parity.encoder";

  /** Creates the factory; DJL and the zoo instantiate it by class name. */
  public RecordTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(
        new Pair<>(RecordBatch.class, TensorBatch.class),
        new Pair<>(TensorBatch.class, TensorBatch.class));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> Translator<I, O> newInstance(
      Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException(
          "unsupported types "
              + input.getName()
              + " -> "
              + output.getName()
              + "; this factory takes RecordBatch or TensorBatch to TensorBatch");
    }
    ModelCard card = TranslatorArguments.card(model, arguments);
    TensorTranslator tensors;
    try {
      tensors =
          new TensorTranslator(
              card.signature(),
              TranslatorArguments.outputs(arguments),
              TranslatorArguments.bindsByName(model));
    } catch (NoSuchElementException e) {
      throw new TranslateException(e.getMessage(), e);
    }
    if (input == TensorBatch.class) {
      return (Translator<I, O>) tensors;
    }
    RecordEncoder encoder;
    if (arguments.get(ENCODER) instanceof RecordEncoder given) {
      encoder = given;
    } else {
      Path folder = TranslatorArguments.cardFolder(model);
      if (folder == null) {
        throw new TranslateException(
            "model " + model.getName() + " has no card folder to read its vocabulary from");
      }
      try {
        encoder = RecordEncoder.load(card, folder);
      } catch (IOException e) {
        throw new TranslateException(e.getMessage(), e);
      }
    }
    return (Translator<I, O>) new RecordTranslator(encoder, tensors);
  }
}
