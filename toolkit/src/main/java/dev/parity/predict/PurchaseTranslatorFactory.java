package dev.parity.predict;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.ParityZoo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link PurchaseTranslator}s for models loaded from {@link ParityZoo}. The argument {@code
 * withHidden=true} also copies out the last hidden layer.
 */
public final class PurchaseTranslatorFactory implements TranslatorFactory {

  /** Creates the factory. */
  public PurchaseTranslatorFactory() {}

  @Override
  public Set<Pair<Type, Type>> getSupportedTypes() {
    return Set.of(new Pair<>(EncodedBatch.class, Scores.class));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <I, O> Translator<I, O> newInstance(
      Class<I> input, Class<O> output, Model model, Map<String, ?> arguments)
      throws TranslateException {
    if (!isSupported(input, output)) {
      throw new IllegalArgumentException(
          "unsupported types " + input.getName() + " -> " + output.getName());
    }
    String folder = model.getProperty(ParityZoo.CARD_FOLDER_PROPERTY);
    if (folder == null) {
      throw new TranslateException(
          "model " + model.getName() + " has no " + ParityZoo.CARD_FOLDER_PROPERTY + " property");
    }
    Object hidden = arguments.get("withHidden");
    try {
      Path cardFolder = Path.of(folder);
      FeatureSpec spec =
          FeatureSpec.load(ModelCard.read(cardFolder.resolve("model-card.json")), cardFolder);
      return (Translator<I, O>)
          new PurchaseTranslator(spec, hidden != null && Boolean.parseBoolean(hidden.toString()));
    } catch (IOException e) {
      throw new TranslateException("cannot read the model card in " + folder, e);
    }
  }
}
