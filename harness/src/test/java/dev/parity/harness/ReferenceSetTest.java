package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.features.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceSetTest {
  private static ModelVersion model;

  @TempDir Path dir;

  @BeforeAll
  static void locate() throws IOException {
    model = Checkout.model();
  }

  @Test
  void open_committedSet_loadsEveryArrayWithItsShape() throws Exception {
    ReferenceSet set = ReferenceSet.open(Checkout.reference(), model);

    assertThat(set.records()).isEqualTo(100_000);
    assertThat(set.labels().size()).isEqualTo(100_000);
    assertThat(set.outputs()).containsOnlyKeys("probability", "hidden");
    assertThat(set.outputs().get("hidden").shape()).containsExactly(100_000L, 16L);
    assertThat(set.indices())
        .containsOnlyKeys("app_packages", "campaigns", "carrier", "device_model");
    assertThat(set.indices().get("app_packages").shape()).containsExactly(100_000L, 60L);
    assertThat(set.manifestSha256()).hasSize(64);
    assertThat(set.mode()).isEqualTo(ReferenceSet.Mode.PARITY);
    assertThat(set.taps().keySet()).containsExactlyElementsOf(model.card().signature().tapNames());
    assertThat(set.tapRecords()).isEqualTo(2048);
    assertThat(set.taps().get("mlp.0").shape()).containsExactly(2048L, 64L);
    try (ReferenceSet.Records records = set.openRecords(List.of("device_model"), Set.of())) {
      List<RawRecord> first = records.next(3);
      assertThat(first).hasSize(3);
      assertThat(first.get(0).id()).isEqualTo("eval-0000000");
    }
  }

  @Test
  void open_setMadeForAnotherModel_failsNamingBothCards() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Checkout.editManifest(copy, "model", "modelCardSha256", "ab".repeat(32));

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("was made for another model")
        .hasMessageContaining("ab".repeat(32))
        .hasMessageContaining(model.cardSha256())
        .hasMessageContaining("pass --reference DIR");
  }

  @Test
  void open_setAJvmRunSavedForAnotherCard_opensInDriftMode() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Checkout.editManifest(copy, "model", "modelCardSha256", "ab".repeat(32));
    Checkout.editManifest(copy, "producer", "tool", "parity predict");

    assertThat(ReferenceSet.open(copy, model).mode()).isEqualTo(ReferenceSet.Mode.DRIFT);
  }

  @Test
  void open_setOfAnotherVersion_opensInDriftMode() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Checkout.editManifest(copy, "model", "version", "0.9.0");
    Checkout.editManifest(copy, "model", "modelCardSha256", "ab".repeat(32));

    assertThat(ReferenceSet.open(copy, model).mode()).isEqualTo(ReferenceSet.Mode.DRIFT);
  }

  @Test
  void open_setOfAnotherModelName_failsEvenFromAJvmRun() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Checkout.editManifest(copy, "model", "artifactId", "segment");
    Checkout.editManifest(copy, "producer", "tool", "parity predict");

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("was made for another model")
        .hasMessageContaining("dev.parity:segment:1.0.0");
  }

  @Test
  void open_tapTheCardDoesNotList_failsNamingTheCardsTaps() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Path manifest = copy.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace("\"tap:mlp.0\"", "\"tap:mlp.9\""),
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("the model card has no tap 'mlp.9'")
        .hasMessageContaining("mlp.0");
  }

  @Test
  void open_changedFile_failsNamingTheFileAndBothHashes() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Checkout.perturb(copy.resolve("probability.npy"), 1e-3f, 7);

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("probability.npy has changed")
        .hasMessageContaining("expected sha256");
  }

  @Test
  void open_missingFile_failsNamingIt() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Files.delete(copy.resolve("labels.npy"));

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("labels.npy is missing");
  }

  @Test
  void open_truncatedArrayWithMatchingManifest_failsSayingTruncated() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    try (RandomAccessFile f = new RandomAccessFile(copy.resolve("hidden.npy").toFile(), "rw")) {
      f.setLength(f.length() - 1000);
    }
    Checkout.rehash(copy);

    assertThatThrownBy(() -> ReferenceSet.open(copy, model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("hidden.npy is truncated");
  }

  @Test
  void openRecords_truncatedGzipWithMatchingManifest_failsWhenRead() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    Path records = copy.resolve("records.jsonl.gz");
    try (RandomAccessFile f = new RandomAccessFile(records.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    Checkout.rehash(copy);
    ReferenceSet set = ReferenceSet.open(copy, model);

    try (ReferenceSet.Records r = set.openRecords(List.of("carrier"), Set.of())) {
      assertThatThrownBy(
              () -> {
                while (!r.next(4096).isEmpty()) {
                  // read to the end
                }
              })
          .isInstanceOf(ReferenceSetException.class)
          .hasMessageContaining("records.jsonl.gz is truncated or corrupt");
    }
  }

  @Test
  void openRecords_fewerRecordsThanTheManifestSays_failsWithBothCounts() throws Exception {
    Path copy = Checkout.copyReference(dir.resolve("ref"));
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(copy.resolve("records.jsonl.gz")))) {
      out.write(
          "{\"id\":\"x\",\"carrier\":\"a\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Checkout.rehash(copy);
    ReferenceSet set = ReferenceSet.open(copy, model);

    try (ReferenceSet.Records r = set.openRecords(List.of("carrier"), Set.of())) {
      assertThat(r.next(10)).hasSize(1);
      assertThatThrownBy(() -> r.next(10))
          .isInstanceOf(ReferenceSetException.class)
          .hasMessageContaining("holds 1 records but the manifest says 100000");
    }
  }

  @Test
  void open_folderWithoutManifest_failsSayingWhatToPass() {
    assertThatThrownBy(() -> ReferenceSet.open(dir.resolve("nowhere"), model))
        .isInstanceOf(ReferenceSetException.class)
        .hasMessageContaining("has no manifest.json")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("--reference");
  }
}
