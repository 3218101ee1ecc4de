package dev.parity.translate;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import dev.parity.card.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The arguments Parity's translator factories read: the model card (as an object, or the folder
 * holding it) and the outputs to copy back.
 */
public final class TranslatorArguments {

  /** Argument holding the parsed {@link ModelCard}. */
  public static final String CARD = "parity.card";

  /** Model property naming the folder that holds the card (and its vocabulary). */
  public static final String CARD_FOLDER = "parity.cardFolder";

  /**
   * Argument naming the outputs to copy back: a comma-separated string or a collection; absent or
   * empty for every output.
   */
  public static final String OUTPUTS = "outputs";

  private TranslatorArguments() {}

  /**
   * Returns the model's card: the {@value #CARD} argument, else the card in the folder the model
   * property {@value #CARD_FOLDER} names.
   *
   * @param model the loaded model
   * @param arguments the factory's arguments
   * @return the card
   * @throws TranslateException if there is neither, or the card cannot be read
   */
  public static ModelCard card(Model model, Map<String, ?> arguments) throws TranslateException {
    if (arguments.get(CARD) instanceof ModelCard card) {
      return card;
    }
    String folder = model.getProperty(CARD_FOLDER);
    if (folder == null) {
      throw new TranslateException(
          "model "
              + model.getName()
              + " was loaded without a model card (argument "
              + CARD
              + " or property "
              + CARD_FOLDER
              + "); load it through Parity's zoo");
    }
    try {
      return ModelCard.read(cardFolder(model).resolve(ModelCard.FILE_NAME));
    } catch (IOException e) {
      throw new TranslateException(e.getMessage(), e);
    }
  }

  /**
   * Returns the folder holding the card.
   *
   * @param model the loaded model
   * @return the folder, or null when the model has none
   */
  public static Path cardFolder(Model model) {
    String folder = model.getProperty(CARD_FOLDER);
    return folder == null ? null : Path.of(folder);
  }

  /**
   * Returns the outputs asked for.
   *
   * @param arguments the factory's arguments
   * @return the names, empty for all
   */
  public static List<String> outputs(Map<String, ?> arguments) {
    Object v = arguments.get(OUTPUTS);
    if (v == null) {
      return List.of();
    }
    if (v instanceof Collection<?> c) {
      return c.stream().map(Object::toString).toList();
    }
    String s = v.toString().trim();
    return s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
  }

  /**
   * Whether the model's engine binds inputs by name.
   *
   * @param model the loaded model
   * @return true for ONNX Runtime, TensorFlow and MXNet
   */
  public static boolean bindsByName(Model model) {
    return bindsByName(model.getNDManager().getEngine().getEngineName());
  }

  /**
   * Whether an engine binds inputs by name.
   *
   * @param djlEngineName DJL's name of the engine, e.g. {@code OnnxRuntime}
   * @return true for ONNX Runtime, TensorFlow and MXNet
   */
  public static boolean bindsByName(String djlEngineName) {
    // MXNet runs Parity's graph block (dev.parity.graph), which takes its inputs by name.
    return "OnnxRuntime".equals(djlEngineName)
        || "TensorFlow".equals(djlEngineName)
        || "MXNet".equals(djlEngineName);
  }
}
