package dev.parity.harness;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed zoo and reference set, and copies of the set that tests may break. */
final class Checkout {
  private Checkout() {}

  static Path root() {
    return dev.parity.build.Checkout.requireRoot();
  }

  static Path reference() {
    return root().resolve("reference-outputs/dev.parity/purchase");
  }

  static ArtifactSpec artifact() {
    return ArtifactSpec.builder().optZoo(root().resolve("zoo")).build();
  }

  static ModelVersion model() throws IOException {
    return ModelVersion.locate(artifact());
  }

  static EngineSettings settings() {
    return EngineSettings.builder().setEngine(EngineName.PYTORCH).optBatchSize(4096).build();
  }

  /** Copies the committed reference set into {@code target}. */
  static Path copyReference(Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(reference())) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }

  /** Adds {@code delta} to the float32 values at the given positions of an .npy file. */
  static void perturb(Path npy, float delta, int... positions) throws IOException {
    byte[] bytes = Files.readAllBytes(npy);
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    ByteBuffer data =
        ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    for (int p : positions) {
      data.putFloat(p * 4, data.getFloat(p * 4) + delta);
    }
    Files.write(npy, bytes);
  }

  /** Rewrites the manifest's size and sha256 of every file so that it matches the folder. */
  static void rehash(Path folder) throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    Path manifest = folder.resolve("manifest.json");
    ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());
    for (var f : root.withArray("files")) {
      Path file = folder.resolve(f.get("path").asText());
      ((ObjectNode) f).put("sha256", Sha256.of(file));
      ((ObjectNode) f).put("size", Files.size(file));
    }
    json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
  }

  /** Sets one manifest property at a dotted path, e.g. {@code model.modelCardSha256}. */
  static void editManifest(Path folder, String parent, String key, String value)
      throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    Path manifest = folder.resolve("manifest.json");
    ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());
    ((ObjectNode) root.get(parent)).put(key, value);
    json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
  }
}
