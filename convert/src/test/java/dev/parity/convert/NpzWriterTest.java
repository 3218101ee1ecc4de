package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.convert.onnx.TensorValue;
import dev.parity.npy.NpzArchive;
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

class NpzWriterTest {

  @TempDir Path temp;

  private static Map<String, TensorValue> arrays() {
    Map<String, TensorValue> arrays = new LinkedHashMap<>();
    arrays.put("w", TensorValue.ofFloats(new float[] {1.5f, -2f, 3f, 0f, 5f, 6f}, 2, 3));
    arrays.put("ids", TensorValue.ofLongs(new long[] {7, -8}, 2));
    arrays.put("scalar", TensorValue.ofInts(new int[] {42}));
    arrays.put("mask", TensorValue.ofBooleans(new boolean[] {true, false, true}, 3));
    return arrays;
  }

  @Test
  void write_mixedTypes_readsBackWithTheToolkitsReader() throws Exception {
    Path file = temp.resolve("a.npz");
    NpzWriter.write(arrays(), Files.newOutputStream(file));

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
      assertThat(mask.dtype()).isEqualTo(Dtype.UINT8);
      assertThat(mask.bytes()).containsExactly(1, 0, 1);
    }
  }

  @Test
  void write_anyTime_givesEntriesAFixedTimeSoBytesRepeat() throws Exception {
    Path file = temp.resolve("a.npz");
    NpzWriter.write(arrays(), Files.newOutputStream(file));

    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(Collections.list(zip.entries()))
          .hasSize(4)
          .allSatisfy(e -> assertThat(e.getTimeLocal().getYear()).isEqualTo(1980));
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    NpzWriter.write(arrays(), again);
    assertThat(again.toByteArray()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void npy_anyShape_dataStartsOn64ByteBoundaryLikeNumpy() {
    byte[] npy = NpzWriter.npy(TensorValue.ofFloats(new float[] {1f, 2f}, 2));

    int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    assertThat((10 + headerLength) % 64).isZero();
    assertThat(npy.length).isEqualTo(10 + headerLength + 8);
  }
}
