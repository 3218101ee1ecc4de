package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.npy.Npy;
import dev.parity.tensor.Tensor;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's promise, end to end: a model Parity has never seen (made by a Python script the way a
 * team would, with a float and an id input and two outputs) is registered with {@code zoo add}
 * only, gets a reference set from the standalone {@code scripts/reference_set.py}, and validates
 * under PyTorch and ONNX Runtime; a reference perturbed by 1e-3 on every 100th row, or holding a
 * NaN, fails the output's gate.
 */
class UnseenModelTest {

  @TempDir static Path dir;
  private static Path source;
  private static Path zoo;
  private static Path reference;

  @BeforeAll
  static void registerAndWriteReference() throws Exception {
    source = dir.resolve("team");
    Path script = dir.resolve("unseen_model.py");
    try (InputStream in =
        UnseenModelTest.class.getResourceAsStream("/dev/parity/cli/unseen_model.py")) {
      Files.copy(in, script);
    }
    CliTestSupport.python(script.toString(), source.toString());
    zoo = dir.resolve("zoo");
    CliTestSupport.Run add =
        CliTestSupport.run(
            "zoo",
            "add",
            "--card",
            source.resolve("model-card.json").toString(),
            "--zoo",
            zoo.toString());
    assertThat(add.exitCode()).as(add.err()).isZero();
    assertThat(add.out()).contains("registered acme:churn:1.0.0").contains("pytorch, onnxruntime");
    reference = dir.resolve("reference");
    CliTestSupport.python(
        CliTestSupport.root().resolve("scripts/reference_set.py").toString(),
        "--model",
        source.resolve("churn.pt").toString(),
        "--card",
        zoo.resolve("model/tabular/acme/churn/1.0.0/model-card.json").toString(),
        "--input",
        "dense=" + source.resolve("dense.npy"),
        "--input",
        "ids=" + source.resolve("ids.npy"),
        "--labels",
        source.resolve("labels.npy").toString(),
        "--out",
        reference.toString());
  }

  private static CliTestSupport.Run validate(Path referenceSet) {
    return CliTestSupport.run(
        "validate",
        "--model",
        "acme:churn",
        "--zoo",
        zoo.toString(),
        "--reference",
        referenceSet.toString(),
        "--report-dir",
        dir.resolve("report-" + referenceSet.getFileName()).toString());
  }

  @Test
  void validate_registeredWithZooAddAndAStandaloneReference_passesOnBothEngines() {
    CliTestSupport.Run run = validate(reference);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("pytorch")
        .contains("onnxruntime")
        .contains("top class differs in 0 records")
        .contains("PASS: all");
  }

  @Test
  void validate_outputPerturbedOnEveryHundredthRow_failsThatOutputsGate() throws Exception {
    Path copy = copy(reference, dir.resolve("perturbed"));
    Path logits = copy.resolve(entryPath(copy, "output:logits"));
    Tensor t = Npy.read(logits);
    float[] values = t.floats();
    for (int r = 0; r < t.rows(); r += 100) {
      values[r * 5] += 1e-3f;
    }
    Npy.write(logits, t);
    rehash(copy);

    CliTestSupport.Run run = validate(copy);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  pytorch.logits.overTolerance")
        .contains("FAIL  onnxruntime.logits.overTolerance")
        .doesNotContain("FAIL  pytorch.embedding");
  }

  @Test
  void validate_nanInAReferenceOutput_failsItsNonFiniteGate() throws Exception {
    Path copy = copy(reference, dir.resolve("nan"));
    Path embedding = copy.resolve(entryPath(copy, "output:embedding"));
    Tensor t = Npy.read(embedding);
    t.floats()[7] = Float.NaN;
    Npy.write(embedding, t);
    rehash(copy);

    CliTestSupport.Run run = validate(copy);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL  pytorch.embedding.nonFinite").contains("NaN or infinite");
  }

  @Test
  void zooAdd_cardOutputShapeDisagreesWithTheFile_exitTwoNamingFileOutputAndBothShapes()
      throws Exception {
    Path bad = copy(source, dir.resolve("bad-shape"));
    ObjectNode card =
        (ObjectNode) new ObjectMapper().readTree(bad.resolve("model-card.json").toFile());
    ((ObjectNode) card.get("signature").get("outputs").get(1))
        .set("shape", new ObjectMapper().createArrayNode().add(-1).add(7));
    new ObjectMapper().writeValue(bad.resolve("model-card.json").toFile(), card);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "zoo",
            "add",
            "--card",
            bad.resolve("model-card.json").toString(),
            "--zoo",
            dir.resolve("zoo-bad").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("churn.")
        .contains("embedding")
        .contains("[-1, 7]")
        .contains("6]");
    assertThat(run.err().lines().count()).isEqualTo(1);
    assertThat(dir.resolve("zoo-bad/model/tabular/acme/churn/1.0.0")).doesNotExist();
  }

  @Test
  void zooAdd_versionAlreadyThere_refusedWithoutForce() {
    CliTestSupport.Run run =
        CliTestSupport.run(
            "zoo",
            "add",
            "--card",
            source.resolve("model-card.json").toString(),
            "--zoo",
            zoo.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("acme:churn:1.0.0 is already in the zoo").contains("--force");
  }

  @Test
  void validate_engineTheCardDoesNotList_exitTwoNamingWhatIsThere() {
    CliTestSupport.Run run =
        CliTestSupport.run(
            "validate",
            "--model",
            "acme:churn",
            "--zoo",
            zoo.toString(),
            "--reference",
            reference.toString(),
            "--engines",
            "tensorflow");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("has no file for tensorflow").contains("pytorch, onnxruntime");
  }

  private static String entryPath(Path set, String role) throws IOException {
    for (var f : new ObjectMapper().readTree(set.resolve("manifest.json").toFile()).get("files")) {
      if (f.get("role").asText().equals(role)) {
        return f.get("path").asText();
      }
    }
    throw new IllegalStateException(set + " has no " + role);
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  private static void rehash(Path set) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(set.resolve("manifest.json").toFile());
    for (var f : root.withArray("files")) {
      Path file = set.resolve(f.get("path").asText());
      ((ObjectNode) f).put("sha256", Sha256.of(file));
      ((ObjectNode) f).put("size", Files.size(file));
    }
    json.writerWithDefaultPrettyPrinter().writeValue(set.resolve("manifest.json").toFile(), root);
  }
}
