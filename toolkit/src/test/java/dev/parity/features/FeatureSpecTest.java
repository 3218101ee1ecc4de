package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.CommittedData;
import dev.parity.file.MalformedFileException;
import dev.parity.reference.NpyArray;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ModelCard;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

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
    Path folder = CommittedData.modelFolder();
    Map<String, List<String>> vocab =
        new ObjectMapper()
            .readValue(
                folder.resolve("vocab.json").toFile(),
                new TypeReference<Map<String, List<String>>>() {});
    TokenNormaliser normaliser = new TokenNormaliser(" \t\n\r\u000b\u000c");
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

  @Test
  void readVocabulary_truncatedFile_oneLineNamingFileLineAndColumn(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("vocab.json");
    Files.writeString(file, "{\"carrier\": [\"a\", \"b\"],\n \"campaigns\": [\"c\", \"d");

    assertThatThrownBy(() -> FeatureSpec.readVocabulary(file))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(file + ":2:")
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("cut short")
        .hasMessageEndingWith(ModelCard.REMEDY);
  }

  @Test
  void readVocabulary_numberTokenOrDuplicate_namesFieldAndPlace(@TempDir Path dir)
      throws Exception {
    Path numbers = Files.writeString(dir.resolve("n.json"), "{\"carrier\": [\"a\",\n  7]}");
    Path twice = Files.writeString(dir.resolve("t.json"), "{\"carrier\": [\"a\", \"a\"]}");
    Path list = Files.writeString(dir.resolve("l.json"), "[\"carrier\"]");

    assertThatThrownBy(() -> FeatureSpec.readVocabulary(numbers))
        .hasMessageStartingWith(numbers + ":2:3: field carrier must hold only string tokens")
        .hasMessageContaining("found a number");
    assertThatThrownBy(() -> FeatureSpec.readVocabulary(twice))
        .hasMessageStartingWith(twice + ":1:19: field carrier lists 'a' twice");
    assertThatThrownBy(() -> FeatureSpec.readVocabulary(list))
        .hasMessageStartingWith(list + ":1:1: expected a JSON object of field -> token list")
        .hasMessageContaining("found a list");
  }
}
