package dev.parity.translate;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.parity.card.ModelCard;
import dev.parity.tensor.TensorBatch;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Makes {@link TensorTranslator}s ({@link TensorBatch} in, {@link TensorBatch} out) for any model
 * with a card. A zoo artifact names it in its metadata's {@code translatorFactory} argument.
 */
public final class TensorTranslatorFactory implements TranslatorFactory {

  /** Creates the factory; DJL and the zoo instantiate it by class name. */
  public TensorTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(new Pair<>(TensorBatch.class, TensorBatch.class));
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
              + "; this factory takes TensorBatch to TensorBatch");
    }
    ModelCard card = TranslatorArguments.card(model, arguments);
    try {
      return (Translator<I, O>)
          new TensorTranslator(
              card.signature(),
              TranslatorArguments.outputs(arguments),
              TranslatorArguments.bindsByName(model));
    } catch (NoSuchElementException e) {
      throw new TranslateException(e.getMessage(), e);
    }
  }
}
