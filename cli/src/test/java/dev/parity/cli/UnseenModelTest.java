package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.file.FileTree;
import dev.parity.npy.Npy;
import dev.parity.tensor.Tensor;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 13 and 14's promise, end to end: a model Parity has never seen (made by a Python script
 * the way a team would, with a float and an id input and two outputs) is registered with {@code zoo
 * add} from a TorchScript and an ONNX file only, gets a reference set from the standalone {@code
 * scripts/reference_set.py}, and validates under PyTorch and ONNX Runtime; after {@code zoo
 * convert} it validates under TensorFlow and MXNet too. A reference perturbed by 1e-3 on every
 * 100th row, or holding a NaN, fails the output's gate; an ONNX file with an op outside the
 * converter's set exits 2 naming the op, and nothing is added to the zoo.
 */
class UnseenModelTest {
  private static final String CHURN = "model/tabular/acme/churn/1.0.0";

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
    writeReference(zoo.resolve(CHURN + "/model-card.json"), reference);
  }

  private static void writeReference(Path cardFile, Path out) throws Exception {
    CliTestSupport.python(
        CliTestSupport.root().resolve("scripts/reference_set.py").toString(),
        "--model",
        source.resolve("churn.pt").toString(),
        "--card",
        cardFile.toString(),
        "--input",
        "dense=" + source.resolve("dense.npy"),
        "--input",
        "ids=" + source.resolve("ids.npy"),
        "--labels",
        source.resolve("labels.npy").toString(),
        "--out",
        out.toString());
  }

  private static CliTestSupport.Run validate(Path referenceSet) {
    return validate(zoo, referenceSet);
  }

  private static CliTestSupport.Run validate(Path zooFolder, Path referenceSet) {
    return CliTestSupport.run(
        "validate",
        "--model",
        "acme:churn",
        "--zoo",
        zooFolder.toString(),
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
    Path copy = CliTestSupport.copyFolder(reference, dir.resolve("perturbed"));
    Path logits = copy.resolve(entryPath(copy, "output:logits"));
    Tensor t = Npy.read(logits);
    float[] values = t.floats();
    for (int r = 0; r < t.rows(); r += 100) {
      values[r * 5] += 1e-3f;
    }
    Npy.write(logits, t);
    CliTestSupport.rehash(copy);

    CliTestSupport.Run run = validate(copy);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  pytorch.logits.overTolerance")
        .contains("FAIL  onnxruntime.logits.overTolerance")
        .doesNotContain("FAIL  pytorch.embedding");
  }

  @Test
  void validate_nanInAReferenceOutput_failsItsNonFiniteGate() throws Exception {
    Path copy = CliTestSupport.copyFolder(reference, dir.resolve("nan"));
    Path embedding = copy.resolve(entryPath(copy, "output:embedding"));
    Tensor t = Npy.read(embedding);
    t.floats()[7] = Float.NaN;
    Npy.write(embedding, t);
    CliTestSupport.rehash(copy);

    CliTestSupport.Run run = validate(copy);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL  pytorch.embedding.nonFinite").contains("NaN or infinite");
  }

  @Test
  void zooAdd_cardOutputShapeDisagreesWithTheFile_exitTwoNamingFileOutputAndBothShapes()
      throws Exception {
    Path bad = CliTestSupport.copyFolder(source, dir.resolve("bad-shape"));
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

  @Test
  void zooConvertThenValidate_registeredFromTorchScriptAndOnnxOnly_passesOnAllFourEngines()
      throws Exception {
    Path converted = dir.resolve("zoo-converted");
    FileTree.copy(zoo, converted);

    CliTestSupport.Run convert =
        CliTestSupport.run(
            "zoo",
            "convert",
            "--model",
            "acme:churn",
            "--zoo",
            converted.toString(),
            "--reference",
            reference.toString());

    assertThat(convert.exitCode()).as(convert.out() + convert.err()).isZero();
    assertThat(convert.out())
        .contains("checked against ONNX Runtime on 300 records")
        .containsPattern("tensorflow +tensorflow/saved_model.pb .*logits .*embedding .* ok")
        .containsPattern("mxnet +mxnet/graph.json, mxnet/constants.npz .* ok")
        .contains("loaded and checked under pytorch, onnxruntime, tensorflow, mxnet");
    // The card now lists four files, so the reference set is made again for it.
    Path convertedReference = dir.resolve("reference-converted");
    writeReference(converted.resolve(CHURN + "/model-card.json"), convertedReference);

    CliTestSupport.Run run = validate(converted, convertedReference);

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("tensorflow 2.16.1 on cpu: tensorflow/saved_model.pb")
        .contains("mxnet/graph.json")
        .contains("PASS: all");
    assertThat(run.out()).doesNotContain("FAIL");
  }

  @Test
  void zooConvert_onnxOpOutsideTheSet_exitTwoNamingOpNodeFileAndListWithNothingAdded()
      throws Exception {
    // The team's ONNX file with its Tanh swapped for Softsign: ONNX Runtime runs it, the
    // converter does not support it.
    Path team = CliTestSupport.copyFolder(source, dir.resolve("softsign"));
    Path onnx = team.resolve("churn.onnx");
    OnnxMl.ModelProto.Builder model =
        OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx)).toBuilder();
    String node = null;
    for (OnnxMl.NodeProto.Builder n : model.getGraphBuilder().getNodeBuilderList()) {
      if (n.getOpType().equals("Tanh")) {
        n.setOpType("Softsign");
        node = n.getName();
      }
    }
    assertThat(node).isNotNull();
    Files.write(onnx, model.build().toByteArray());
    Path softsignZoo = dir.resolve("zoo-softsign");
    CliTestSupport.Run add =
        CliTestSupport.run(
            "zoo",
            "add",
            "--card",
            team.resolve("model-card.json").toString(),
            "--zoo",
            softsignZoo.toString());
    assertThat(add.exitCode()).as(add.err()).isZero();
    Map<String, String> before = hashes(softsignZoo);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "zoo",
            "convert",
            "--model",
            "acme:churn",
            "--zoo",
            softsignZoo.toString(),
            "--reference",
            reference.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains("op Softsign")
        .contains("node '" + node + "'")
        .contains("churn.onnx")
        .contains("docs/onnx-op-set.md")
        .doesNotContain("\tat ");
    assertThat(hashes(softsignZoo)).isEqualTo(before);
    assertThat(softsignZoo.resolve(CHURN + "/tensorflow")).doesNotExist();
    assertThat(softsignZoo.resolve(CHURN + "/mxnet")).doesNotExist();
  }

  @Test
  void zooConvert_noReferenceSetAndNoInputs_exitTwoAskingForEither() throws Exception {
    Map<String, String> before = hashes(zoo);

    CliTestSupport.Run run =
        CliTestSupport.run("zoo", "convert", "--model", "acme:churn", "--zoo", zoo.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("no reference set of acme:churn")
        .contains("--reference DIR")
        .contains("--inputs DIR");
    assertThat(hashes(zoo)).isEqualTo(before);
  }

  private static String entryPath(Path set, String role) throws IOException {
    for (var f : new ObjectMapper().readTree(set.resolve("manifest.json").toFile()).get("files")) {
      if (f.get("role").asText().equals(role)) {
        return f.get("path").asText();
      }
    }
    throw new IllegalStateException(set + " has no " + role);
  }

  private static Map<String, String> hashes(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Sha256.of(f));
      }
    }
    return out;
  }
}
