package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.card.ModelCard;
import dev.parity.engine.EngineName;
import dev.parity.file.FileTree;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ZooRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that are wrong on purpose, each localised to the stage that is wrong and no earlier one: a
 * copy of the purchase model whose ONNX file has one weight of the second hidden layer changed (the
 * copy is made here with Debian's python3-onnx), and a copy whose vocabulary has two tokens
 * swapped.
 */
class LocalisationTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TempDir Path dir;

  @Test
  void run_onnxWithOneHiddenWeightChanged_localisedToThatLayerAndNoEarlier() throws Exception {
    assumeTrue(pythonHas("onnx"), "needs /usr/bin/python3 with python3-onnx and numpy");
    Path card = Checkout.model().cardFile();
    Path wrong = dir.resolve("purchase-wrong.onnx");
    Path script = dir.resolve("change_onnx_weight.py");
    try (InputStream in = getClass().getResourceAsStream("change_onnx_weight.py")) {
      Files.copy(in, script);
    }
    // dense.1.weight[0][0]: the first unit of the second hidden layer (mlp.1) reads the first
    // unit of mlp.0 with a weight 0.5 larger.
    python(
        script.toString(),
        card.getParent().resolve("purchase.onnx").toString(),
        wrong.toString(),
        "dense.1.weight",
        "0",
        "0.5");
    Path zoo = Files.createDirectories(dir.resolve("zoo"));
    ZooRegistration.Result r =
        ZooRegistration.builder()
            .setCard(card)
            .optZoo(zoo)
            .addFile(EngineName.ONNXRUNTIME, wrong)
            .optCheck(false)
            .build()
            .register();
    // The copy's card lists the changed file, so the reference must name that card.
    Path reference = Checkout.copyReference(dir.resolve("reference"));
    Checkout.editManifest(
        reference,
        "model",
        "modelCardSha256",
        dev.parity.zoo.Sha256.of(r.versionFolder().resolve(ModelCard.FILE_NAME)));

    ValidationReport report =
        validate(zoo, reference, List.of(EngineName.PYTORCH, EngineName.ONNXRUNTIME));

    EngineEvaluation onnx = report.engines().get(1);
    Stage lead = onnx.localisation().lead().orElseThrow();
    assertThat(lead.kind()).isEqualTo(Stage.Kind.TAP);
    assertThat(lead.label()).isEqualTo("mlp.1");
    assertThat(lead.firstDiverging()).isPositive();
    for (Stage s : onnx.localisation().stages()) {
      if (s == lead) {
        break;
      }
      assertThat(s.diverging()).as(s.label()).isZero();
    }
    assertThat(StageText.lead(onnx.localisation()))
        .startsWith("first divergence: layer `mlp.1` in ")
        .endsWith("every earlier stage within tolerance");
    assertThat(report.passed()).isFalse();
    // The TorchScript file is the committed one: PyTorch stays within tolerance everywhere.
    assertThat(report.engines().get(0).localisation().lead()).isEmpty();
  }

  @Test
  void run_vocabularyWithTwoTokensSwapped_localisedToPreprocessing() throws Exception {
    Path committed = Checkout.model().cardFile().getParent();
    Path source = dir.resolve("source");
    FileTree.copy(committed, source);
    JsonMapper json = JsonMapper.builder().build();
    Path vocabulary = source.resolve("vocab.json");
    ObjectNode root = (ObjectNode) json.readTree(vocabulary.toFile());
    ArrayNode carriers = (ArrayNode) root.get("carrier");
    String first = carriers.get(0).asText();
    carriers.set(0, carriers.get(1));
    carriers.set(1, json.getNodeFactory().textNode(first));
    json.writeValue(vocabulary.toFile(), root);
    Path zoo = Files.createDirectories(dir.resolve("zoo"));
    ZooRegistration.builder()
        .setCard(source.resolve(ModelCard.FILE_NAME))
        .optZoo(zoo)
        .optCheck(false)
        .build()
        .register();

    ValidationReport report = validate(zoo, Checkout.reference(), List.of(EngineName.PYTORCH));

    Stage lead = report.engines().get(0).localisation().lead().orElseThrow();
    assertThat(lead.kind()).isEqualTo(Stage.Kind.PREPROCESSING);
    assertThat(lead.firstDiverging()).isEqualTo(report.preprocessing().mismatchedRecords());
    assertThat(report.preprocessing().mismatchedByField())
        .containsEntry("app_packages", 0L)
        .containsEntry("campaigns", 0L)
        .containsEntry("device_model", 0L);
    assertThat(report.preprocessing().mismatchedByField().get("carrier")).isPositive();
    assertThat(StageText.lead(report.engines().get(0).localisation()))
        .startsWith("first divergence: pre-processing in ");
  }

  private static ValidationReport validate(Path zoo, Path reference, List<EngineName> engines)
      throws Exception {
    return Validation.run(
        ValidationRequest.builder()
            .setArtifact(ArtifactSpec.builder().optZoo(zoo).build())
            .setReferenceFolder(reference)
            .setSettings(Checkout.settings())
            .optEngines(engines)
            .build(),
        ValidationProgress.NONE);
  }

  private static boolean pythonHas(String module) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import " + module + ", numpy")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void python(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }
}
