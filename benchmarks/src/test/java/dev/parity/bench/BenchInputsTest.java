package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.features.RawRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchInputsTest {

  private static List<RawRecord> records(int n) {
    List<RawRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new RawRecord("r" + i, Map.of()));
    }
    return out;
  }

  @Test
  void batches_fewerRecordsThanOneBatch_repeatsRecordsInOrder() {
    List<List<RawRecord>> b = BenchInputs.batches(records(3), 7);

    assertThat(b).hasSize(1);
    assertThat(b.get(0))
        .extracting(RawRecord::id)
        .containsExactly("r0", "r1", "r2", "r0", "r1", "r2", "r0");
  }

  @Test
  void batches_tailDoesNotFill_isDropped() {
    assertThat(BenchInputs.batches(records(10), 4)).hasSize(2);
  }

  @Test
  void batches_zero_fails() {
    assertThatThrownBy(() -> BenchInputs.batches(records(3), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void presetResolve_largeAbsent_saysHowToMakeIt(@TempDir Path root) {
    assertThatThrownBy(() -> BenchPreset.resolve("large", root))
        .hasMessageContaining("scripts/parity model large");
  }

  @Test
  void ompWrapper_setsThreadsAndExecsThisJava(@TempDir Path dir) throws Exception {
    Path script = Sweep.ompWrapper(dir, 2);

    assertThat(script).isExecutable();
    assertThat(java.nio.file.Files.readString(script))
        .contains("OMP_NUM_THREADS=2")
        .contains(System.getProperty("java.home"));
  }
}
