package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A card that disagrees with its model files is refused when registered, with one message naming
 * the file, the tensor and both values, and the zoo is left without the model. Run on the committed
 * segment model (a float32 and an int64 input, three outputs), under the engine named per case.
 */
class ZooRegistrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SEGMENT =
      CommittedData.zoo().resolve("model/tabular/dev/parity/segment/1.0.0");

  @TempDir Path temp;

  static Stream<Arguments> cardsThatDisagree() {
    return Stream.of(
        Arguments.of(
            "input renamed (ONNX binds by name)",
            EngineName.ONNXRUNTIME,
            (Consumer<ObjectNode>)
                c -> {
                  c.remove("features");
                  input(c, 0).put("name", "numbers");
                },
            new String[] {"segment.onnx", "'numbers' is not an input of the model file", "dense"}),
        Arguments.of(
            "output the file does not have",
            EngineName.ONNXRUNTIME,
            (Consumer<ObjectNode>) c -> output(c, 2).put("name", "pooled"),
            new String[] {"segment.onnx", "'pooled' is not an output of the model", "embedding"}),
        Arguments.of(
            "output shape (ONNX reports it)",
            EngineName.ONNXRUNTIME,
            (Consumer<ObjectNode>) c -> output(c, 2).set("shape", shape(-1, 6)),
            new String[] {"segment.onnx", "embedding", "[-1, 6]", "8]"}),
        Arguments.of(
            "output shape (TorchScript: found by the probe prediction)",
            EngineName.PYTORCH,
            (Consumer<ObjectNode>) c -> output(c, 2).set("shape", shape(-1, 6)),
            new String[] {"segment.pt", "embedding", "[-1, 6]", "8]"}),
        Arguments.of(
            "input dtype",
            EngineName.ONNXRUNTIME,
            (Consumer<ObjectNode>) c -> input(c, 0).put("dtype", "float64"),
            new String[] {"segment.onnx", "a probe prediction with the card's inputs failed"}),
        Arguments.of(
            "input width",
            EngineName.PYTORCH,
            (Consumer<ObjectNode>)
                c -> {
                  c.remove("features");
                  input(c, 0).set("shape", shape(-1, 6));
                },
            new String[] {"segment.pt", "a probe prediction with the card's inputs failed"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cardsThatDisagree")
  void register_cardDisagreesWithTheModelFile_refusedNamingFileAndTensor(
      String name, EngineName engine, Consumer<ObjectNode> edit, String[] said) throws Exception {
    Path card = copyWithOnly(engine, edit);
    Path zoo = temp.resolve("zoo");

    assertThatThrownBy(() -> ZooRegistration.builder().setCard(card).optZoo(zoo).build().register())
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContainingAll(said)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(zoo).doesNotExist();
  }

  @Test
  void register_cardThatAgrees_loadsOnTheEngineItLists() throws Exception {
    Path card = copyWithOnly(EngineName.ONNXRUNTIME, c -> {});

    ZooRegistration.Result r =
        ZooRegistration.builder().setCard(card).optZoo(temp.resolve("zoo")).build().register();

    assertThat(r.engines()).containsExactly(EngineName.ONNXRUNTIME);
    assertThat(r.versionFolder().resolve("segment.onnx")).isRegularFile();
  }

  // A copy of the segment card and files listing one engine only, with the card edited.
  private Path copyWithOnly(EngineName engine, Consumer<ObjectNode> edit) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("src"));
    ObjectNode card = (ObjectNode) JSON.readTree(SEGMENT.resolve("model-card.json").toFile());
    ObjectNode files = (ObjectNode) card.get("files");
    String file = files.get(engine.cliName()).get("path").asText();
    files.removeAll();
    files.put(engine.cliName(), file);
    edit.accept(card);
    Files.copy(SEGMENT.resolve(file), dir.resolve(file));
    Files.copy(SEGMENT.resolve("vocab.json"), dir.resolve("vocab.json"));
    Path out = dir.resolve("model-card.json");
    JSON.writeValue(out.toFile(), card);
    return out;
  }

  private static ObjectNode input(ObjectNode card, int i) {
    return (ObjectNode) card.get("signature").get("inputs").get(i);
  }

  private static ObjectNode output(ObjectNode card, int i) {
    return (ObjectNode) card.get("signature").get("outputs").get(i);
  }

  private static ArrayNode shape(int... dims) {
    ArrayNode a = JSON.createArrayNode();
    for (int d : dims) {
      a.add(d);
    }
    return a;
  }
}
