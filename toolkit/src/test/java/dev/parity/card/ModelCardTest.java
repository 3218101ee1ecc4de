package dev.parity.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.engine.EngineName;
import dev.parity.file.MalformedFileException;
import dev.parity.tensor.Dtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelCardTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // The issue's example card, plus features over both inputs.
  static final String CHURN =
      """
      {"schema": "parity.model-card/2",
       "model": {"groupId": "acme", "artifactId": "churn", "version": "1.0.0",
                 "name": "Churn", "description": "five bands"},
       "task": {"kind": "multiclass", "output": "logits", "scores": "logits", "classes": 5},
       "signature": {
         "inputs":  [{"name": "dense", "dtype": "float32", "shape": [-1, 2]},
                     {"name": "ids",   "dtype": "int64",   "shape": [-1, 3], "range": [0, 1000]}],
         "outputs": [{"name": "logits",    "dtype": "float32", "shape": [-1, 5]},
                     {"name": "embedding", "dtype": "float32", "shape": [-1, 4]}]},
       "features": {
         "fields": [
           {"name": "tenure", "kind": "numeric", "input": "dense", "column": 0, "default": 1.5,
            "standardise": {"mean": 10, "std": 2}},
           {"name": "spend", "kind": "numeric", "input": "dense", "column": 1},
           {"name": "plan", "kind": "token", "input": "ids", "column": 0},
           {"name": "addons", "kind": "bag", "input": "ids", "column": 1, "length": 2}],
         "vocabulary": "vocab.json", "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
         "normalisation": {"trimCharacters": " ", "lowercase": "ascii", "dropEmptyTokens": true,
                           "missingField": "empty", "rules": ["trim"]}},
       "files": {"pytorch": "model.pt", "onnxruntime": {"path": "model.onnx", "size": 10}},
       "metrics": {"anything": [1, 2]}}
      """;

  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path f = dir.resolve("model-card.json");
    Files.writeString(f, json);
    return f;
  }

  private Path write(Consumer<ObjectNode> change) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(CHURN);
    change.accept(root);
    return write(JSON.writeValueAsString(root));
  }

  @Test
  void read_issueExample_everyPartParsed() throws IOException {
    ModelCard card = ModelCard.read(write(CHURN));
    assertThat(card.id()).isEqualTo(new ModelId("acme", "churn", "1.0.0"));
    assertThat(card.task().kind()).isEqualTo(Task.Kind.MULTICLASS);
    assertThat(card.task().classes()).isEqualTo(5);
    assertThat(card.signature().inputNames()).containsExactly("dense", "ids");
    assertThat(card.signature().input("ids").range()).isEqualTo(new IdRange(0, 1000));
    assertThat(card.signature().output("embedding").dtype()).isEqualTo(Dtype.FLOAT32);
    assertThat(card.features().field("addons").length()).isEqualTo(2);
    assertThat(card.features().field("tenure").defaultValue()).isEqualTo(1.5);
    assertThat(card.features().field("tenure").standardise().std()).isEqualTo(2);
    assertThat(card.features().normalisation().lowercaseAscii()).isTrue();
    assertThat(card.engines()).containsExactly(EngineName.PYTORCH, EngineName.ONNXRUNTIME);
    assertThat(card.file(EngineName.ONNXRUNTIME).size()).isEqualTo(10);
    assertThat(card.metrics().get("anything").size()).isEqualTo(2);
  }

  @Test
  void read_taps_inCardOrderAfterTheOutputs() throws IOException {
    ModelCard card =
        ModelCard.read(
            write(
                r -> {
                  taps(r)
                      .addObject()
                      .put("name", "pooled")
                      .put("label", "embedding mean")
                      .put("dtype", "float32")
                      .set("shape", row(4));
                  taps(r)
                      .addObject()
                      .put("name", "mlp.0")
                      .put("dtype", "float32")
                      .set("shape", row(8));
                }));

    Signature s = card.signature();
    assertThat(s.tapNames()).containsExactly("pooled", "mlp.0");
    assertThat(s.tap("pooled").label()).isEqualTo("embedding mean");
    assertThat(s.tap("mlp.0").label()).isEqualTo("mlp.0");
    assertThat(s.returnedNames()).containsExactly("logits", "embedding", "pooled", "mlp.0");
    assertThat(s.returned("mlp.0").shape()).containsExactly(-1L, 8L);
    assertThat(s.hasOutput("pooled")).isFalse();
    assertThatThrownBy(() -> s.tap("logits"))
        .hasMessage("the signature has no tap named logits; its taps: pooled, mlp.0");
  }

  @Test
  void read_committedCards_listEveryLayerAsATap() throws IOException {
    Path zoo = dev.parity.build.Checkout.requireRoot().resolve("zoo/model/tabular/dev/parity");
    ModelCard purchase = ModelCard.read(zoo.resolve("purchase/1.0.0/model-card.json"));
    ModelCard segment = ModelCard.read(zoo.resolve("segment/1.0.0/model-card.json"));

    assertThat(purchase.signature().tapNames())
        .containsExactly(
            "embedding.app_packages",
            "embedding.campaigns",
            "embedding.carrier",
            "embedding.device_model",
            "mlp.0",
            "mlp.1",
            "logits");
    assertThat(segment.signature().tapNames())
        .containsExactly(
            "embedding.carrier",
            "embedding.device_model",
            "embedding.campaigns",
            "norm",
            "mlp.0",
            "mlp.1",
            "mlp.2");
  }

  @Test
  void file_engineNotListed_namesTheEnginesThere() throws IOException {
    ModelCard card = ModelCard.read(write(CHURN));
    assertThatThrownBy(() -> card.file(EngineName.MXNET))
        .hasMessage("acme:churn:1.0.0 has no file for mxnet; its card lists pytorch, onnxruntime");
  }

  static Stream<Arguments> badCards() {
    return Stream.of(
        bad("unknown top key", r -> r.put("colour", "red"), "key 'colour': unknown key"),
        bad(
            "misspelt dtype key",
            r -> input(r, 0).put("dtyp", "float32"),
            "key 'signature.inputs[0].dtyp': unknown key"),
        bad(
            "unknown dtype",
            r -> input(r, 0).put("dtype", "float16"),
            "key 'signature.inputs[0].dtype': unknown dtype 'float16'"),
        bad(
            "v1 schema",
            r -> r.put("schema", "parity.model-card/1"),
            "key 'schema': this is a version 1 card"),
        bad(
            "missing version",
            r -> ((ObjectNode) r.get("model")).remove("version"),
            "key 'model.version': required but missing"),
        bad(
            "task output not in signature",
            r -> ((ObjectNode) r.get("task")).put("output", "probs"),
            "key 'task.output': 'probs' is not an output of the signature (logits, embedding)"),
        bad(
            "classes disagree with the output shape",
            r -> ((ObjectNode) r.get("task")).put("classes", 4),
            "a multiclass output has shape [-1, 4], but logits is float32 [-1, 5]"),
        bad(
            "unknown task kind",
            r -> ((ObjectNode) r.get("task")).put("kind", "ranking"),
            "key 'task.kind': 'ranking' is not one of binary, multiclass, regression, none"),
        bad(
            "batch dimension missing",
            r -> input(r, 0).set("shape", JSON.createArrayNode().add(7)),
            "must start with the batch dimension -1"),
        bad(
            "range on a float input",
            r -> input(r, 0).set("range", JSON.createArrayNode().add(0).add(3)),
            "a range applies to integer tensors only, not float32"),
        bad(
            "duplicate name across inputs and outputs",
            r -> output(r, 1).put("name", "dense"),
            "'dense' is used twice"),
        bad(
            "field into a missing input",
            r -> field(r, 0).put("input", "numbers"),
            "key 'features.fields[0].input': 'numbers' is not an input of the signature"),
        bad(
            "numeric field into an integer input",
            r -> {
              field(r, 0).put("input", "ids");
              field(r, 2).put("column", 2);
            },
            "a numeric field writes into a float input, but ids is int64"),
        bad(
            "overlapping columns",
            r -> field(r, 1).put("column", 0),
            "column 0 of input dense is already filled by field tenure"),
        bad(
            "a column left empty",
            r -> ((ArrayNode) r.get("features").get("fields")).remove(1),
            "column 1 of input dense is filled by no field"),
        bad(
            "bag overflowing its input",
            r -> field(r, 3).put("length", 3),
            "columns [1, 4) do not fit input ids, which has 3 per record"),
        bad(
            "unknown lowercase rule",
            r -> ((ObjectNode) r.get("features").get("normalisation")).put("lowercase", "unicode"),
            "key 'features.normalisation.lowercase': 'unicode' is not one of ascii"),
        bad(
            "empty tokens kept",
            r ->
                ((ObjectNode) r.get("features").get("normalisation")).put("dropEmptyTokens", false),
            "key 'features.normalisation.dropEmptyTokens': false is not supported"),
        bad(
            "non-ASCII trim character",
            r ->
                ((ObjectNode) r.get("features").get("normalisation"))
                    .put("trimCharacters", " \u00a0"),
            "must be ASCII characters; found U+00A0"),
        bad(
            "unknown engine file",
            r -> ((ObjectNode) r.get("files")).put("tensorrt", "model.plan"),
            "key 'files.tensorrt': unknown engine"),
        bad(
            "file outside the folder",
            r -> ((ObjectNode) r.get("files")).put("pytorch", "../model.pt"),
            "must be a path inside the card's folder"),
        bad(
            "block factory on a non-MXNet file",
            r ->
                ((ObjectNode) r.get("files"))
                    .set(
                        "pytorch",
                        JSON.createObjectNode().put("path", "m.pt").put("blockFactory", "x.Y")),
            "only an mxnet file is built by a block factory"),
        bad(
            "ids without a range",
            r -> input(r, 1).remove("range"),
            "input ids receives ids, so the signature must give its range"),
        bad(
            "tap named like an output",
            r ->
                taps(r)
                    .addObject()
                    .put("name", "logits")
                    .put("dtype", "float32")
                    .set("shape", row(4)),
            "key 'signature.taps[0].name': 'logits' is used twice"),
        bad(
            "two taps with one label",
            r -> {
              taps(r)
                  .addObject()
                  .put("name", "a")
                  .put("label", "mlp.0")
                  .put("dtype", "float32")
                  .set("shape", row(4));
              taps(r)
                  .addObject()
                  .put("name", "b")
                  .put("label", "mlp.0")
                  .put("dtype", "float32")
                  .set("shape", row(4));
            },
            "key 'signature.taps[1].label': 'mlp.0' labels two taps"),
        bad(
            "tap without its batch dimension",
            r ->
                taps(r)
                    .addObject()
                    .put("name", "t")
                    .put("dtype", "float32")
                    .set("shape", JSON.createArrayNode().add(4)),
            "must start with the batch dimension -1"),
        bad(
            "unknown key on a tap",
            r ->
                taps(r)
                    .addObject()
                    .put("name", "t")
                    .put("dtype", "float32")
                    .put("layer", 1)
                    .set("shape", row(4)),
            "key 'signature.taps[0].layer': unknown key"),
        bad(
            "std of zero",
            r -> ((ObjectNode) field(r, 0).get("standardise")).put("std", 0),
            "key 'features.fields[0].standardise.std': must be positive"));
  }

  private static Arguments bad(String what, Consumer<ObjectNode> change, String message) {
    return Arguments.of(what, change, message);
  }

  private static ObjectNode input(ObjectNode r, int i) {
    return (ObjectNode) r.get("signature").get("inputs").get(i);
  }

  private static ObjectNode output(ObjectNode r, int i) {
    return (ObjectNode) r.get("signature").get("outputs").get(i);
  }

  private static ArrayNode taps(ObjectNode r) {
    return ((ObjectNode) r.get("signature")).withArray("taps");
  }

  private static ArrayNode row(int width) {
    return JSON.createArrayNode().add(-1).add(width);
  }

  private static ObjectNode field(ObjectNode r, int i) {
    return (ObjectNode) r.get("features").get("fields").get(i);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCards")
  void read_badCard_oneMessageNamingFileAndKey(
      String what, Consumer<ObjectNode> change, String message) throws IOException {
    Path file = write(change);
    assertThatThrownBy(() -> ModelCard.read(file))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(message)
        .hasMessageEndingWith("see docs/model-card.md");
  }

  @Test
  void read_truncatedJson_namesLineAndColumn() throws IOException {
    Path file = write(CHURN.substring(0, 200));
    assertThatThrownBy(() -> ModelCard.read(file))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageMatching(
            "(?s)"
                + java.util.regex.Pattern.quote(file.toString())
                + ":\\d+:\\d+: not valid JSON: .*");
  }

  @Test
  void read_binaryTaskDefaults_thresholdAndPrecisionHalf() throws IOException {
    Path file =
        write(
            r -> {
              JsonNode out =
                  JSON.createObjectNode()
                      .put("name", "p")
                      .put("dtype", "float32")
                      .set("shape", JSON.createArrayNode().add(-1));
              ((ArrayNode) r.get("signature").get("outputs")).add(out);
              r.set("task", JSON.createObjectNode().put("kind", "binary").put("output", "p"));
            });
    Task task = ModelCard.read(file).task();
    assertThat(task.threshold()).isEqualTo(0.5);
    assertThat(task.precisionTarget()).isEqualTo(0.5);
  }

  @Test
  void compareVersions_numericParts_tenAfterNine() {
    assertThat(Stream.of("1.10.0", "2.0.0", "1.9.1", "1.10.0-rc1").sorted(ModelId::compareVersions))
        .containsExactly("1.9.1", "1.10.0-rc1", "1.10.0", "2.0.0");
  }

  @Test
  void parse_modelName_versionOptional() {
    assertThat(ModelId.parse("acme:churn")).isEqualTo(new ModelId("acme", "churn", null));
    assertThat(ModelId.parse("acme:churn:1.2.0").version()).isEqualTo("1.2.0");
    assertThatThrownBy(() -> ModelId.parse("churn"))
        .hasMessageContaining("groupId:artifactId[:version]");
  }
}
