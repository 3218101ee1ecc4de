package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.CommittedData;
import dev.parity.card.Features;
import dev.parity.card.IdRange;
import dev.parity.card.ModelCard;
import dev.parity.card.Signature;
import dev.parity.card.Task;
import dev.parity.card.TensorSpec;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.TensorBatch;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared normalisation vectors ({@code normalisation-vectors.json}, also read by {@code
 * scripts/tests/test_normalisation.py}) on both Java paths, under the committed model card's
 * normalisation: the String path ({@link TokenNormaliser#normalise}, {@link RecordEncoder#encode})
 * and the UTF-8 path ({@link Utf8Tokens#id}). Each vector's expected token is in a vocabulary built
 * for the test, so a path that normalises a raw token differently finds another id or none.
 */
class NormalisationVectorsTest {
  private static final String VECTORS = "normalisation-vectors.json";
  private static final String FIELD = "token";

  @TempDir static Path folder;

  private static RecordEncoder spec;
  private static Utf8Tokens utf8;
  private static List<String> vocabulary;

  static Stream<Arguments> vectors() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : read().get("vectors")) {
      out.add(
          Arguments.of(v.get("why").asText(), v.get("raw").asText(), v.get("normalised").asText()));
    }
    return out.stream();
  }

  private static JsonNode read() throws Exception {
    try (InputStream in = NormalisationVectorsTest.class.getResourceAsStream(VECTORS)) {
      assertThat(in).as(VECTORS + " on the test classpath").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  // A one-field model whose vocabulary holds every expected token and every raw one; raw tokens
  // that normalisation changes must never be found as they are.
  @BeforeAll
  static void buildModel() throws Exception {
    Set<String> tokens = new LinkedHashSet<>();
    for (JsonNode v : read().get("vectors")) {
      String expected = v.get("normalised").asText();
      if (!expected.isEmpty()) {
        tokens.add(expected);
      }
    }
    for (JsonNode v : read().get("vectors")) {
      tokens.add(v.get("raw").asText());
    }
    vocabulary = List.copyOf(tokens);
    ModelCard committed = ModelCard.read(CommittedData.modelFolder().resolve("model-card.json"));
    Features features =
        new Features(
            List.of(new Features.Field(FIELD, Features.Kind.BAG, FIELD, 0, 1, 0, null)),
            "vocab.json",
            0,
            1,
            2,
            committed.features().normalisation());
    Signature signature =
        new Signature(
            List.of(
                new TensorSpec(
                    FIELD, Dtype.INT64, List.of(-1L, 1L), new IdRange(0, vocabulary.size() + 2))),
            List.of(new TensorSpec("p", Dtype.FLOAT32, List.of(-1L), null)));
    Files.writeString(
        folder.resolve("vocab.json"),
        new ObjectMapper().writeValueAsString(Map.of(FIELD, vocabulary)),
        StandardCharsets.UTF_8);
    ModelCard card =
        new ModelCard(
            committed.id(),
            null,
            null,
            null,
            new Task(Task.Kind.NONE, null, 0, 0, null, 0, List.of()),
            signature,
            features,
            committed.files(),
            null,
            null,
            null,
            null);
    spec = RecordEncoder.load(card, folder);
    utf8 = spec.utf8Tokens();
  }

  @Test
  void vectors_readFromTheSharedFile_coverEveryRuleAndMultiByteUtf8() throws Exception {
    List<String> raws = new ArrayList<>();
    read().get("vectors").forEach(v -> raws.add(v.get("raw").asText()));

    assertThat(raws).contains("", "\u00a0abc\u00a0", "\u3000abc\u3000", "\u00c9");
    assertThat(raws).anyMatch(r -> r.codePoints().anyMatch(c -> c > 0xFFFF));
    for (char trim : " \t\n\r\u000b\u000c".toCharArray()) {
      assertThat(raws).anyMatch(r -> r.equals(trim + "x"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void stringAndUtf8Paths_sharedVector_giveTheExpectedTokenAndItsId(
      String why, String raw, String expected) {
    // String path: the normaliser, then the encoder (which looks raw tokens up first).
    assertThat(spec.normaliser().normalise(raw)).isEqualTo(expected);
    assertThat(spec.normaliser().normalise(expected)).isEqualTo(expected);
    long expectedId = expected.isEmpty() ? 0 : vocabulary.indexOf(expected) + 2;
    TensorBatch batch = spec.encode(List.of(new RawRecord("v", Map.of(FIELD, List.of(raw)))));
    assertThat(batch.get(FIELD).longs()[0]).isEqualTo(expectedId);

    // UTF-8 path: the raw token's bytes inside a larger array, between bytes that would change the
    // answer if they were read (capitals, a trim character).
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[bytes.length + 6];
    padded[0] = 'Q';
    padded[1] = ' ';
    padded[2] = 'Q';
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    padded[bytes.length + 3] = 'Q';
    padded[bytes.length + 4] = ' ';
    padded[bytes.length + 5] = 'Q';
    int id = utf8.id(0, padded, 3, bytes.length);
    assertThat(id).isEqualTo(expected.isEmpty() ? Utf8Tokens.DROPPED : (int) expectedId);
  }
}
