package dev.parity.zoo;

import dev.parity.card.CardFile;
import dev.parity.engine.EngineName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How DJL must load an engine's file: the folder it reads, the model name it looks for there, and
 * the engine's load options and model arguments.
 *
 * @param modelFile the file the card lists, relative to the card's folder
 * @param modelFolder the folder DJL loads from, relative to the card's folder ({@code ""} for the
 *     card's own folder)
 * @param modelName the name DJL looks for in that folder ({@code <name>.pt}, {@code <name>.onnx})
 * @param arguments DJL model arguments, e.g. {@code blockFactory}
 * @param options engine load options
 */
public record EngineLayout(
    String modelFile,
    String modelFolder,
    String modelName,
    Map<String, String> arguments,
    Map<String, String> options) {

  /** Copies the maps so the layout stays immutable; the order is kept. */
  public EngineLayout {
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Derives the layout of an engine's file.
   *
   * @param engine the engine
   * @param file the card's entry for it
   * @return the layout
   */
  public static EngineLayout of(EngineName engine, CardFile file) {
    String path = file.path().replace('\\', '/');
    int slash = path.lastIndexOf('/');
    String folder = slash < 0 ? "" : path.substring(0, slash);
    String fileName = path.substring(slash + 1);
    int dot = fileName.lastIndexOf('.');
    String stem = dot < 0 ? fileName : fileName.substring(0, dot);
    Map<String, String> arguments = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>();
    switch (engine) {
      case PYTORCH, ONNXRUNTIME -> options.put("modelName", stem);
      case TENSORFLOW -> {
        options.put("Tags", "serve");
        options.put("SignatureDefKey", "serving_default");
      }
      case MXNET -> {
        if (file.blockFactory() != null) {
          // The block is built and filled by its factory; no MXNet parameter file to look for.
          arguments.put("blockFactory", file.blockFactory());
          options.put("hasParameter", "false");
        }
      }
      default -> throw new AssertionError(engine);
    }
    return new EngineLayout(path, folder, stem, arguments, options);
  }

  /**
   * Whether the engine reads the whole folder holding its file, so that every file there belongs to
   * the artifact: a TensorFlow SavedModel ({@code saved_model.pb} with its variables and assets),
   * and an MXNet artifact in a folder of its own (a converted graph's {@code graph.json} with
   * {@code constants.npz}). Such a folder is copied, listed and checksummed whole.
   *
   * @param engine the engine this layout is for
   * @return true when the artifact is its folder
   */
  public boolean ownsFolder(EngineName engine) {
    return engine == EngineName.TENSORFLOW
        || (engine == EngineName.MXNET && !modelFolder.isEmpty());
  }
}
