package dev.parity.convert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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

  /** Writes {@code model-card.json}, {@code vocab.json} and {@code weights.npz} into a folder. */
  Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model-card.json"), card(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("vocab.json"), vocabulary(), StandardCharsets.UTF_8);
    writeNpz(dir.resolve("weights.npz"));
    return dir;
  }

  String card() {
    return """
        {"schema": "parity.model-card/2",
         "model": {"groupId": "test", "artifactId": "synthetic", "version": "1.0.0"},
         "task": {"kind": "binary", "output": "probability"},
         "signature": {
           "inputs": [{"name": "a", "dtype": "int64", "shape": [-1, %d], "range": [0, %d]},
                      {"name": "b", "dtype": "int64", "shape": [-1, %d], "range": [0, %d]}],
           "outputs": [{"name": "probability", "dtype": "float32", "shape": [-1]},
                       {"name": "hidden", "dtype": "float32", "shape": [-1, %d]}]},
         "features": {"fields": [
             {"name": "a", "kind": "bag", "input": "a", "length": %d},
             {"name": "b", "kind": "token", "input": "b"}],
           "vocabulary": "vocab.json", "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
           "normalisation": {"trimCharacters": " ", "lowercase": "ascii", "dropEmptyTokens": true,
             "missingField": "empty", "rules": []}},
         "architecture": {"embeddingDim": %d, "hidden": [%d], "pooling": "masked-mean",
           "activation": "relu", "output": "sigmoid", "weights": "weights.npz",
           "inputs": ["a", "b"], "outputs": ["probability", "hidden"]},
         "files": {"mxnet": {"path": "weights.npz",
           "blockFactory": "dev.parity.zoo.PurchaseBlockFactory"}}}
        """
        .formatted(LENGTH_A, VOCAB_A, LENGTH_B, VOCAB_B, HIDDEN, LENGTH_A, DIM, HIDDEN);
  }

  // Ids 2.. are tokens; the tables hold VOCAB rows, two of them padding and out-of-vocabulary.
  private static String vocabulary() {
    return """
        {"a": ["a0", "a1", "a2"], "b": ["b0", "b1"]}
        """;
  }

  private void writeNpz(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, float[]> array : arrays.entrySet()) {
        byte[] npy = npy(array.getValue(), shapes.get(array.getKey()));
        ZipEntry entry = new ZipEntry(array.getKey() + ".npy");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(npy.length);
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(npy);
        zip.closeEntry();
      }
    }
  }

  static byte[] npy(float[] values, long[] shape) throws IOException {
    String dims =
        shape.length == 1
            ? shape[0] + ","
            : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
    StringBuilder header =
        new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values);
    out.write(data.array());
    return out.toByteArray();
  }
}
