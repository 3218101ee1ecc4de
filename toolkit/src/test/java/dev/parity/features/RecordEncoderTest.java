package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.CommittedData;
import dev.parity.card.ModelCard;
import dev.parity.file.MalformedFileException;
import dev.parity.npy.Npy;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
import dev.parity.translate.TensorTranslator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordEncoderTest {
  private static RecordEncoder spec;
  private static ModelCard card;

  @BeforeAll
  static void load() throws Exception {
    Path folder = CommittedData.modelFolder();
    card = ModelCard.read(folder.resolve("model-card.json"));
    spec = RecordEncoder.load(card, folder);
  }

  @Test
  void encode_committedReferenceRecords_equalPythonIndicesForEveryRecordAndField()
      throws Exception {
    Path ref = CommittedData.reference();
    ReferenceManifest manifest = ReferenceManifest.read(ref.resolve("manifest.json"));
    List<RawRecord> records = new ArrayList<>();
    for (JsonlRecords.Line l :
        JsonlRecords.readAll(manifest.entry("records").resolveIn(ref), spec.fieldNames())) {
      assertThat(l.error()).isNull();
      records.add(l.record());
    }
    assertThat((long) records.size()).isEqualTo(manifest.records());

    TensorBatch batch = spec.encode(records);

    for (int f = 0; f < spec.fieldNames().size(); f++) {
      String field = spec.fieldNames().get(f);
      int[] python = Npy.read(manifest.entry("indices:" + field).resolveIn(ref)).ints();
      long[] java = batch.get(field).longs();
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

    TensorBatch b = spec.encode(List.of(r));

    assertThat(b.get("campaigns").longs()).hasSize(20).containsOnly(1L);
    assertThat(b.get("carrier").longs()).containsExactly(0L);
  }

  @Test
  void encode_mutatedVocabularyTokens_sameIdsAsNormalisingThenLookingUp() throws Exception {
    // The encoder looks raw tokens up before normalising; check it against the plain definition
    // (normalise, drop empties, look up, truncate, pad) on tokens built to hit every branch.
    Map<String, List<String>> vocab = committedVocabulary();
    TokenNormaliser normaliser = spec.normaliser();
    List<RawRecord> records = mutatedRecords(vocab);

    TensorBatch batch = spec.encode(records);

    for (int f = 0; f < spec.fieldNames().size(); f++) {
      List<String> known = vocab.get(spec.fieldNames().get(f));
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < known.size(); i++) {
        ids.put(known.get(i), i + 2);
      }
      int length = card.signature().input(spec.fieldNames().get(f)).rowLength();
      long[] expected = new long[records.size() * length];
      for (int r = 0; r < records.size(); r++) {
        int kept = 0;
        for (String raw : records.get(r).tokens(spec.fieldNames().get(f))) {
          String t = normaliser.normalise(raw);
          if (!t.isEmpty() && kept < length) {
            expected[r * length + kept++] = ids.getOrDefault(t, 1);
          }
        }
      }
      assertThat(batch.get(spec.fieldNames().get(f)).longs())
          .as(spec.fieldNames().get(f))
          .isEqualTo(expected);
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
      for (String field : spec.fieldNames()) {
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
    TensorBatch batch = spec.encode(records);
    Utf8Tokens utf8 = spec.utf8Tokens();

    for (int f = 0; f < spec.fieldNames().size(); f++) {
      int length = card.signature().input(spec.fieldNames().get(f)).rowLength();
      long[] fromBytes = new long[records.size() * length];
      for (int r = 0; r < records.size(); r++) {
        int kept = 0;
        for (String raw : records.get(r).tokens(spec.fieldNames().get(f))) {
          byte[] bytes = ("Z" + raw + "Z").getBytes(StandardCharsets.UTF_8);
          int id = utf8.id(f, bytes, 1, bytes.length - 2);
          if (id != Utf8Tokens.DROPPED && kept < length) {
            fromBytes[r * length + kept++] = id;
          }
        }
      }
      assertThat(fromBytes)
          .as(spec.fieldNames().get(f))
          .isEqualTo(batch.get(spec.fieldNames().get(f)).longs());
    }
  }

  @Test
  void encodeColumns_committedReferenceRecords_sameIdsAsRecords() throws Exception {
    List<RawRecord> records = new ArrayList<>();
    for (JsonlRecords.Line l :
        JsonlRecords.readAll(
            CommittedData.reference().resolve("records.jsonl.gz"), spec.fieldNames())) {
      records.add(l.record());
    }

    TensorBatch fromColumns =
        spec.encode(RecordColumns.of(records, spec.fieldNames(), spec.numericFields()));

    assertSameTensors(fromColumns, spec.encode(records));
  }

  @Test
  void encodeColumns_mutatedVocabularyTokens_sameIdsAsRecords() throws Exception {
    List<RawRecord> records = mutatedRecords(committedVocabulary());
    RecordColumns columns = RecordColumns.of(records, spec.fieldNames(), spec.numericFields());

    assertSameTensors(spec.encode(columns), spec.encode(records));
    // A view of some rows encodes like those records.
    assertSameTensors(spec.encode(columns.rows(100, 357)), spec.encode(records.subList(100, 357)));
  }

  @Test
  void encodeColumns_segmentRecordsWithMissingNumbersAndTokens_sameValuesAsRecords()
      throws Exception {
    Path folder = CommittedData.zoo().resolve("model/tabular/dev/parity/segment/1.0.0");
    RecordEncoder segment =
        RecordEncoder.load(ModelCard.read(folder.resolve("model-card.json")), folder);
    List<RawRecord> records = new ArrayList<>();
    try (JsonlRecords lines =
        JsonlRecords.open(
            CommittedData.root().resolve("reference-outputs/dev.parity/segment/records.jsonl.gz"),
            segment.fieldNames(),
            segment.numericFields())) {
      while (lines.hasNext() && records.size() < 5000) {
        JsonlRecords.Line l = lines.next();
        if (l.ok()) {
          records.add(l.record());
        }
      }
    }
    // Every third record loses its numbers and every fifth its tokens: defaults and padding.
    for (int r = 0; r < records.size(); r += 3) {
      RawRecord x = records.get(r);
      records.set(r, new RawRecord(x.id(), r % 5 == 0 ? Map.of() : x.fields(), Map.of()));
    }
    RecordColumns columns =
        RecordColumns.of(records, segment.fieldNames(), segment.numericFields());

    assertSameTensors(segment.encode(columns), segment.encode(records));
    DirectBatch direct = segment.allocate(records.size());
    segment.encode(columns, direct);
    assertSameTensors(direct.toTensorBatch(), segment.encode(records));
  }

  @Test
  void encodeDirect_reusedForASmallerBatch_holdsExactlyTheSecondBatch() throws Exception {
    List<RawRecord> records = mutatedRecords(committedVocabulary());
    DirectBatch direct = spec.allocate(1000);

    spec.encode(records.subList(0, 1000), direct);
    spec.encode(
        RecordColumns.of(records.subList(1000, 1300), spec.fieldNames(), spec.numericFields()),
        direct);

    assertThat(direct.rows()).isEqualTo(300);
    assertSameTensors(direct.toTensorBatch(), spec.encode(records.subList(1000, 1300)));
    spec.encode(records.subList(2000, 2999), direct);
    assertSameTensors(direct.toTensorBatch(), spec.encode(records.subList(2000, 2999)));
  }

  @Test
  void encodeDirect_moreRecordsThanCapacity_failsNamingBoth() throws Exception {
    DirectBatch direct = spec.allocate(2);
    List<RawRecord> three = mutatedRecords(committedVocabulary()).subList(0, 3);

    assertThatThrownBy(() -> spec.encode(three, direct))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 records do not fit a direct batch of capacity 2");
  }

  @Test
  void encodeColumns_otherFields_failsNamingBothLists() {
    RecordColumns columns =
        RecordColumns.of(
            List.of(new RawRecord("x", Map.of())), List.of("carrier", "campaigns"), Set.of());

    assertThatThrownBy(() -> spec.encode(columns))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[carrier, campaigns]")
        .hasMessageContaining(spec.fieldNames().toString());
  }

  private static void assertSameTensors(TensorBatch actual, TensorBatch expected) {
    assertThat(actual.names()).isEqualTo(expected.names());
    for (String name : expected.names()) {
      assertThat(actual.get(name).describe()).as(name).isEqualTo(expected.get(name).describe());
      Object a = actual.get(name).storage();
      Object e = expected.get(name).storage();
      if (e instanceof long[] ids) {
        assertThat((long[]) a).as(name).isEqualTo(ids);
      } else if (e instanceof float[] floats) {
        assertThat((float[]) a).as(name).isEqualTo(floats);
      } else {
        assertThat((double[]) a).as(name).isEqualTo((double[]) e);
      }
    }
  }

  @Test
  void check_idPastVocabulary_failsNamingInputAndId() {
    TensorBatch b = spec.encode(List.of(new RawRecord("x", Map.of())));
    long size = card.signature().input("carrier").range().high();
    b.get("carrier").longs()[0] = size;

    assertThatThrownBy(() -> TensorTranslator.check(card.signature(), b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id " + size + " of input carrier")
        .hasMessageContaining("outside [0, " + size + ")");
  }

  @Test
  void check_negativeId_fails() {
    TensorBatch b = spec.encode(List.of(new RawRecord("x", Map.of())));
    b.get("app_packages").longs()[3] = -1;

    assertThatThrownBy(() -> TensorTranslator.check(card.signature(), b))
        .hasMessageContaining("id -1 of input app_packages");
  }

  @Test
  void readVocabulary_truncatedFile_oneLineNamingFileLineAndColumn(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("vocab.json");
    Files.writeString(file, "{\"carrier\": [\"a\", \"b\"],\n \"campaigns\": [\"c\", \"d");

    assertThatThrownBy(() -> RecordEncoder.readVocabulary(file))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(file + ":2:")
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("cut short")
        .hasMessageEndingWith("restore it from git or register the model again");
  }

  @Test
  void readVocabulary_numberTokenOrDuplicate_namesFieldAndPlace(@TempDir Path dir)
      throws Exception {
    Path numbers = Files.writeString(dir.resolve("n.json"), "{\"carrier\": [\"a\",\n  7]}");
    Path twice = Files.writeString(dir.resolve("t.json"), "{\"carrier\": [\"a\", \"a\"]}");
    Path list = Files.writeString(dir.resolve("l.json"), "[\"carrier\"]");

    assertThatThrownBy(() -> RecordEncoder.readVocabulary(numbers))
        .hasMessageStartingWith(numbers + ":2:3: field carrier must hold only string tokens")
        .hasMessageContaining("found a number");
    assertThatThrownBy(() -> RecordEncoder.readVocabulary(twice))
        .hasMessageStartingWith(twice + ":1:19: field carrier lists 'a' twice");
    assertThatThrownBy(() -> RecordEncoder.readVocabulary(list))
        .hasMessageStartingWith(list + ":1:1: expected a JSON object of field -> token list")
        .hasMessageContaining("found a list");
  }
}
