package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.card.ModelCard;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Utf8FeaturesTest {
  // The toolkit's shared normalisation vectors (also read by scripts/tests/test_normalisation.py).
  private static final Path VECTORS =
      Path.of("../toolkit/src/test/resources/dev/parity/features/normalisation-vectors.json");

  private static RecordEncoder spec;
  private static Utf8Features features;

  @BeforeAll
  static void load() throws Exception {
    ModelCard card = ModelCard.read(ReferenceData.CARD_FOLDER.resolve("model-card.json"));
    spec = RecordEncoder.load(card, ReferenceData.CARD_FOLDER);
    features = Utf8Features.of(card, spec);
  }

  // Every vector's raw token, and committed vocabulary tokens made messy, in every field.
  private static List<String> tokens(String field) throws Exception {
    List<String> out = new ArrayList<>();
    JsonMapper.builder()
        .build()
        .readTree(VECTORS.toFile())
        .get("vectors")
        .forEach(v -> out.add(v.get("raw").asText()));
    JsonNode vocab =
        JsonMapper.builder()
            .build()
            .readTree(ReferenceData.CARD_FOLDER.resolve("vocab.json").toFile())
            .get(field);
    for (int i = 0; i < Math.min(300, vocab.size()); i++) {
      String t = vocab.get(i).asText();
      out.add(i % 3 == 0 ? t : i % 3 == 1 ? " \t" + t.toUpperCase(Locale.ROOT) : t + "\u00a0");
    }
    return out;
  }

  // What RecordEncoder.encode makes of the token alone in its field: padding when it is dropped.
  private static long encoded(int field, String token) throws Exception {
    RawRecord record = RawRecord.of("t", Map.of(spec.fieldNames().get(field), List.of(token)));
    return spec.encode(List.of(record)).get(spec.fieldNames().get(field)).longs()[0];
  }

  private static long asEncoded(int id) {
    return id == Utf8Features.DROPPED ? spec.features().paddingIndex() : id;
  }

  @Test
  void id_onHeapStringsAtAnOffset_sameIdsAsTheToolkitsEncode() throws Exception {
    for (int f = 0; f < spec.fieldNames().size(); f++) {
      for (String token : tokens(spec.fieldNames().get(f))) {
        byte[] bytes = ("AB" + token + "CD").getBytes(StandardCharsets.UTF_8);
        UTF8String view = UTF8String.fromBytes(bytes, 2, bytes.length - 4);

        assertThat(asEncoded(features.id(f, view)))
            .as("%s: %s", spec.fieldNames().get(f), token)
            .isEqualTo(encoded(f, token));
      }
    }
  }

  @Test
  void id_offHeapStrings_sameIdsAsTheToolkitsEncode() throws Exception {
    for (int f = 0; f < spec.fieldNames().size(); f++) {
      for (String token : tokens(spec.fieldNames().get(f))) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        long address = Platform.allocateMemory(Math.max(1, bytes.length));
        try {
          Platform.copyMemory(bytes, Platform.BYTE_ARRAY_OFFSET, null, address, bytes.length);
          UTF8String offHeap = UTF8String.fromAddress(null, address, bytes.length);

          assertThat(asEncoded(features.id(f, offHeap)))
              .as("%s: %s", spec.fieldNames().get(f), token)
              .isEqualTo(encoded(f, token));
        } finally {
          Platform.freeMemory(address);
        }
      }
    }
  }
}
