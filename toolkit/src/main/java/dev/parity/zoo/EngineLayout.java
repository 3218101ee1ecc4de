package dev.parity.zoo;

import dev.parity.engine.EngineName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each engine's model file sits in a version folder and how DJL must load it.
 *
 * @param modelFile the model file, relative to the version folder
 * @param arguments DJL model arguments
 * @param options engine load options
 */
record EngineLayout(String modelFile, Map<String, String> arguments, Map<String, String> options) {

  static EngineLayout of(EngineName engine) {
    Map<String, String> arguments = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>();
    String file;
    switch (engine) {
      case PYTORCH -> {
        file = "purchase.pt";
        options.put("modelName", "purchase");
      }
      case ONNXRUNTIME -> {
        file = "purchase.onnx";
        options.put("modelName", "purchase");
      }
      case TENSORFLOW -> {
        file = "tensorflow/saved_model.pb";
        options.put("Tags", "serve");
        options.put("SignatureDefKey", "serving_default");
      }
      case MXNET -> {
        // No MXNet-format file: Parity's block reads the engine-neutral weights.
        file = "weights.npz";
        arguments.put("blockFactory", PurchaseBlockFactory.class.getName());
        options.put("hasParameter", "false");
      }
      default -> throw new AssertionError(engine);
    }
    return new EngineLayout(file, arguments, options);
  }
}
