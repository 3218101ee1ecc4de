package dev.parity.convert;

import dev.parity.convert.onnx.TensorValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny purchase model written in the Python side's format: two fields ({@code a}, a bag of 3, and
 * {@code b}, one token), embedding dim 2, one hidden layer of 3; values from a fixed formula.
 */
final class SyntheticModel {

  static final int DIM = 2;
  static final int HIDDEN = 3;
  static final int VOCAB_A = 5;
  static final int VOCAB_B = 4;
  static final int LENGTH_A = 3;
  static final int LENGTH_B = 1;

  final Map<String, float[]> arrays = new LinkedHashMap<>();
  final Map<String, long[]> shapes = new LinkedHashMap<>();

  SyntheticModel() {
    put("embedding.a", VOCAB_A, DIM);
    put("embedding.b", VOCAB_B, DIM);
    put("dense0.weight", HIDDEN, 2 * DIM);
    put("dense0.bias", HIDDEN);
    put("output.weight", 1, HIDDEN);
    put("output.bias", 1);
  }

  private void put(String name, long... shape) {
    int size = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) Math.sin(name.length() * 7 + i * 1.3) * 0.8f;
    }
    if (name.startsWith("embedding.")) {
      Arrays.fill(values, 0, DIM, 0f); // the padding row
    }
    arrays.put(name, values);
    shapes.put(name, shape);
  }

  /** Computes the network in plain Java: the expected {hidden..., probability} of one record. */
  float[] forward(long[] a, long[] b) {
    float[] x = new float[2 * DIM];
    pool("embedding.a", a, x, 0);
    pool("embedding.b", b, x, DIM);
    float[] h = new float[HIDDEN + 1];
    float[] w = arrays.get("dense0.weight");
    for (int o = 0; o < HIDDEN; o++) {
      double sum = arrays.get("dense0.bias")[o];
      for (int i = 0; i < x.length; i++) {
        sum += x[i] * w[o * x.length + i];
      }
      h[o] = (float) Math.max(0, sum);
    }
    double logit = arrays.get("output.bias")[0];
    for (int o = 0; o < HIDDEN; o++) {
      logit += h[o] * arrays.get("output.weight")[o];
    }
    h[HIDDEN] = (float) (1 / (1 + Math.exp(-logit)));
    return h;
  }

  private void pool(String table, long[] ids, float[] out, int offset) {
    float[] e = arrays.get(table);
    int count = 0;
    for (long id : ids) {
      if (id > 0) {
        count++;
        for (int d = 0; d < DIM; d++) {
          out[offset + d] += e[(int) id * DIM + d];
        }
      }
    }
    for (int d = 0; d < DIM; d++) {
      out[offset + d] /= Math.max(1, count);
    }
  }

  /** Writes {@code model-card.json} and {@code weights.npz} into a folder. */
  Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model-card.json"), card(), StandardCharsets.UTF_8);
    writeNpz(dir.resolve("weights.npz"));
    return dir;
  }

  String card() {
    return """
        {"schema": "parity.model-card/1",
         "features": {"fields": [
             {"name": "a", "kind": "bag", "length": %d, "vocabSize": %d},
             {"name": "b", "kind": "token", "length": %d, "vocabSize": %d}],
           "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2},
         "architecture": {"embeddingDim": %d, "hidden": [%d], "inputs": ["a", "b"],
           "outputs": ["probability", "hidden"]},
         "files": [{"path": "weights.npz", "role": "weights", "sha256": "", "size": 0}]}
        """
        .formatted(LENGTH_A, VOCAB_A, LENGTH_B, VOCAB_B, DIM, HIDDEN);
  }

  private void writeNpz(Path file) throws IOException {
    Map<String, TensorValue> tensors = new LinkedHashMap<>();
    arrays.forEach(
        (name, values) -> tensors.put(name, TensorValue.ofFloats(values, shapes.get(name))));
    NpzWriter.write(tensors, Files.newOutputStream(file));
  }
}
