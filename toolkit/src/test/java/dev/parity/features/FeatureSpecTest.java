package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.CommittedData;
import dev.parity.reference.NpyArray;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ModelCard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {
  private static FeatureSpec spec;

  @BeforeAll
  static void load() throws Exception {
    Path folder = CommittedData.modelFolder();
    spec = FeatureSpec.load(ModelCard.read(folder.resolve("model-card.json")), folder);
  }

  @Test
  void encode_committedReferenceRecords_equalPythonIndicesForEveryRecordAndField()
      throws Exception {
    Path ref = CommittedData.reference();
    ReferenceManifest manifest = ReferenceManifest.read(ref.resolve("manifest.json"));
    List<RawRecord> records = new ArrayList<>();
    for (JsonlRecords.Line l :
        JsonlRecords.readAll(manifest.entry("records").resolveIn(ref), spec.names())) {
      assertThat(l.error()).isNull();
      records.add(l.record());
    }
    assertThat((long) records.size()).isEqualTo(manifest.records());

    EncodedBatch batch = spec.encode(records);

    for (int f = 0; f < spec.names().size(); f++) {
      String field = spec.names().get(f);
      int[] python = NpyArray.read(manifest.entry("indices:" + field).resolveIn(ref)).ints();
      long[] java = batch.ids().get(f);
      assertThat(java).hasSameSizeAs(python);
      int differing = 0;
      int first = -1;
      for (int i = 0; i < python.length; i++) {
        if (java[i] != python[i]) {
          differing++;
          first = first < 0 ? i : first;
        }
      }
      assertThat(differing)
          .as("ids of %s differing from Python (first at flat index %d)", field, first)
          .isZero();
    }
  }

  @Test
  void encode_blankTokensAndOverlongBag_dropsBlanksBeforeTruncating() throws Exception {
    List<String> bag = new ArrayList<>();
    bag.add("  ");
    bag.addAll(Collections.nCopies(70, "never-seen-token"));
    RawRecord r = RawRecord.of("x", Map.of("campaigns", bag, "carrier", "\t"));

    EncodedBatch b = spec.encode(List.of(r));

    int campaigns = spec.names().indexOf("campaigns");
    int carrier = spec.names().indexOf("carrier");
    assertThat(b.ids().get(campaigns)).hasSize(20).containsOnly(1L);
    assertThat(b.ids().get(carrier)).containsExactly(0L);
  }

  @Test
  void encode_mutatedVocabularyTokens_sameIdsAsNormalisingThenLookingUp() throws Exception {
    // The encoder looks raw tokens up before normalising; check it against the plain definition
    // (normalise, drop empties, look up, truncate, pad) on tokens built to hit every branch.
    Map<String, List<String>> vocab = committedVocabulary();
    TokenNormaliser normaliser = spec.normaliser();
    List<RawRecord> records = mutatedRecords(vocab);

    EncodedBatch batch = spec.encode(records);

    for (int f = 0; f < spec.names().size(); f++) {
      List<String> known = vocab.get(spec.names().get(f));
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < known.size(); i++) {
        ids.put(known.get(i), i + 2);
      }
      int length = spec.lengths()[f];
      long[] expected = new long[records.size() * length];
      for (int r = 0; r < records.size(); r++) {
        int kept = 0;
        for (String raw : records.get(r).tokens(spec.names().get(f))) {
          String t = normaliser.normalise(raw);
          if (!t.isEmpty() && kept < length) {
            expected[r * length + kept++] = ids.getOrDefault(t, 1);
          }
        }
      }
      assertThat(batch.ids().get(f)).as(spec.names().get(f)).isEqualTo(expected);
    }
  }

  private static Map<String, List<String>> committedVocabulary() throws Exception {
    return new ObjectMapper()
        .readValue(
            CommittedData.modelFolder().resolve("vocab.json").toFile(),
            new TypeReference<Map<String, List<String>>>() {});
  }

  // Vocabulary tokens mutated to hit every branch of both encoders: capitals, trim characters and
  // non-ASCII spaces at either end, blanks, unseen tokens, copies that are not the same String.
  private static List<RawRecord> mutatedRecords(Map<String, List<String>> vocab)
      throws BadRecordException {
    Random random = new Random(42);
    String[] noise = {" ", "\t", "\n", "\r", "\u000b", "\u000c", "\u00a0", "\u2003"};
    List<RawRecord> records = new ArrayList<>();
    for (int r = 0; r < 3000; r++) {
      Map<String, Object> values = new HashMap<>();
      for (String field : spec.names()) {
        List<String> known = vocab.get(field);
        int n = random.nextInt(field.equals("app_packages") ? 90 : 30);
        List<String> bag = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String t = known.get(random.nextInt(known.size()));
          switch (random.nextInt(8)) {
            case 0 -> t = t.toUpperCase(Locale.ROOT);
            case 1 -> t = noise[random.nextInt(noise.length)] + t;
            case 2 -> t = t + noise[random.nextInt(noise.length)] + noise[random.nextInt(6)];
            case 3 -> t = noise[random.nextInt(6)];
            case 4 -> t = t + "-unseen";
            case 5 -> t = "";
            default -> t = new String(t.toCharArray());
          }
          bag.add(t);
        }
        values.put(field, random.nextInt(10) == 0 ? null : bag);
      }
      records.add(RawRecord.of("m" + r, values));
    }
    return records;
  }

  @Test
  void utf8Tokens_mutatedVocabularyTokens_sameIdsAsEncode() throws Exception {
    List<RawRecord> records = mutatedRecords(committedVocabulary());
    EncodedBatch batch = spec.encode(records);
    Utf8Tokens utf8 = spec.utf8Tokens();

    for (int f = 0; f < spec.names().size(); f++) {
      int length = spec.lengths()[f];
      long[] fromBytes = new long[records.size() * length];
      for (int r = 0; r < records.size(); r++) {
        int kept = 0;
        for (String raw : records.get(r).tokens(spec.names().get(f))) {
          byte[] bytes = ("Z" + raw + "Z").getBytes(StandardCharsets.UTF_8);
          int id = utf8.id(f, bytes, 1, bytes.length - 2);
          if (id != Utf8Tokens.DROPPED && kept < length) {
            fromBytes[r * length + kept++] = id;
          }
        }
      }
      assertThat(fromBytes).as(spec.names().get(f)).isEqualTo(batch.ids().get(f));
    }
  }

  @Test
  void load_cardWithUnicodeLowercasing_ioExceptionNamingTheCardAndTheRule() throws Exception {
    Path folder = CommittedData.modelFolder();
    ModelCard card = ModelCard.read(folder.resolve("model-card.json"));
    ModelCard.Normalisation n = card.features().normalisation();
    ModelCard.Features f = card.features();
    ModelCard unicode =
        new ModelCard(
            card.schema(),
            card.model(),
            new ModelCard.Features(
                f.fields(),
                f.paddingIndex(),
                f.oovIndex(),
                f.firstTokenIndex(),
                new ModelCard.Normalisation(
                    n.trimCharacters(),
                    "unicode",
                    n.dropEmptyTokens(),
                    n.missingField(),
                    n.rules()),
                f.vocabulary(),
                f.indexDtype()),
            card.architecture(),
            card.metrics(),
            card.files());

    assertThatThrownBy(() -> FeatureSpec.load(unicode, folder))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("model-card.json")
        .hasMessageContaining("lowercase is 'unicode'");
  }

  @Test
  void checkBounds_idPastVocabulary_failsNamingFieldAndId() {
    EncodedBatch b = spec.encode(List.of(new RawRecord("x", Map.of())));
    int carrier = spec.names().indexOf("carrier");
    long size = spec.vocabSizes()[carrier];
    b.ids().get(carrier)[0] = size;

    assertThatThrownBy(() -> spec.checkBounds(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id " + size + " of field carrier")
        .hasMessageContaining("outside [0, " + size + ")");
  }

  @Test
  void checkBounds_negativeId_fails() {
    EncodedBatch b = spec.encode(List.of(new RawRecord("x", Map.of())));
    b.ids().get(0)[3] = -1;

    assertThatThrownBy(() -> spec.checkBounds(b)).hasMessageContaining("id -1 of field");
  }
}
