package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.CommittedData;
import dev.parity.reference.NpyArray;
import dev.parity.reference.ReferenceManifest;
import dev.parity.zoo.ModelCard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
