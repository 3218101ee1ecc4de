package dev.parity.npy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArchiveWriteTest {

  @TempDir Path temp;

  private static Map<String, Tensor> arrays() {
    Map<String, Tensor> arrays = new LinkedHashMap<>();
    arrays.put("w", Tensor.of(new float[] {1.5f, -2f, 3f, 0f, 5f, 6f}, 2, 3));
    arrays.put("ids", Tensor.of(new long[] {7, -8}, 2));
    arrays.put("scalar", Tensor.of(new int[] {42}));
    arrays.put("mask", Tensor.ofBytes(Dtype.BOOL, new byte[] {1, 0, 1}, 3));
    return arrays;
  }

  @Test
  void write_mixedTypes_readsBackWithTheToolkitsReader() throws Exception {
    Path file = temp.resolve("a.npz");
    NpzArchive.write(arrays(), Files.newOutputStream(file));

    try (NpzArchive archive = NpzArchive.open(file)) {
      assertThat(archive.names()).containsExactly("w", "ids", "scalar", "mask");
      Tensor w = archive.read("w");
      assertThat(w.shape()).containsExactly(2, 3);
      assertThat(w.floats()).containsExactly(1.5f, -2f, 3f, 0f, 5f, 6f);
      assertThat(archive.read("ids").longs()).containsExactly(7, -8);
      Tensor scalar = archive.read("scalar");
      assertThat(scalar.shape()).isEmpty();
      assertThat(scalar.ints()).containsExactly(42);
      Tensor mask = archive.read("mask");
      assertThat(mask.dtype()).isEqualTo(Dtype.BOOL);
      assertThat(mask.bytes()).containsExactly(1, 0, 1);
    }
  }

  @Test
  void write_anyTime_givesEntriesAFixedTimeSoBytesRepeat() throws Exception {
    Path file = temp.resolve("a.npz");
    NpzArchive.write(arrays(), Files.newOutputStream(file));

    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(Collections.list(zip.entries()))
          .hasSize(4)
          .allSatisfy(e -> assertThat(e.getTimeLocal().getYear()).isEqualTo(1980));
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    NpzArchive.write(arrays(), again);
    assertThat(again.toByteArray()).isEqualTo(Files.readAllBytes(file));
  }
}
