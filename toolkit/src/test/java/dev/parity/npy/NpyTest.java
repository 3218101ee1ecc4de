package dev.parity.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {

  @TempDir Path temp;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(NpyTest.class.getResource("/npy/" + name)).toURI());
  }

  @Test
  void read_float32Matrix_returnsShapeAndExactValues() throws Exception {
    Tensor array = Npy.read(fixture("float32-2x3.npy"));

    assertThat(array.dtype()).isEqualTo(Dtype.FLOAT32);
    assertThat(array.shape()).containsExactly(2, 3);
    assertThat(array.size()).isEqualTo(6);
    assertThat(array.floats()).containsExactly(0.0f, 1.5f, -2.25f, 3.0e-8f, 1e30f, -0.0f);
    assertThat(Float.floatToRawIntBits(array.floats()[5])).isEqualTo(0x80000000);
  }

  @Test
  void read_float64Vector_returnsExactValues() throws Exception {
    Tensor array = Npy.read(fixture("float64-4.npy"));

    assertThat(array.shape()).containsExactly(4);
    assertThat(array.doubles()).containsExactly(0.1, -1.0 / 3, 1e300, Double.MIN_VALUE);
  }

  @Test
  void read_int32Matrix_returnsExactValuesInCOrder() throws Exception {
    Tensor array = Npy.read(fixture("int32-3x4.npy"));

    assertThat(array.shape()).containsExactly(3, 4);
    assertThat(array.ints())
        .containsExactly(0, 1, 2, 3, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 7, 10, 20, 30, 40);
  }

  @Test
  void read_int64Vector_returnsExtremes() throws Exception {
    assertThat(Npy.read(fixture("int64-3.npy")).longs())
        .containsExactly(0L, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Test
  void read_uint8Vector_returnsBytesThatReadUnsigned() throws Exception {
    Tensor array = Npy.read(fixture("uint8-5.npy"));

    assertThat(array.dtype()).isEqualTo(Dtype.UINT8);
    int[] unsigned = new int[array.size()];
    for (int i = 0; i < unsigned.length; i++) {
      unsigned[i] = Byte.toUnsignedInt(array.bytes()[i]);
    }
    assertThat(unsigned).containsExactly(0, 1, 127, 128, 255);
  }

  @Test
  void read_int8Vector_returnsSignedBytes() throws Exception {
    assertThat(Npy.read(fixture("int8-4.npy")).bytes())
        .containsExactly((byte) -128, (byte) -1, (byte) 0, (byte) 127);
  }

  @Test
  void read_formatVersion2_returnsValues() throws Exception {
    Tensor array = Npy.read(fixture("int32-v2.npy"));

    assertThat(array.shape()).containsExactly(2, 3);
    assertThat(array.ints()).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void read_npzWithOneDeflatedArray_returnsThatArray() throws Exception {
    Tensor array = Npy.read(fixture("deflated-int32.npz"));

    assertThat(array.shape()).containsExactly(2, 3);
    assertThat(array.ints()).containsExactly(5, 0, 0, 1, 2, 3);
  }

  @Test
  void read_npzWithOneStoredArray_returnsThatArray() throws Exception {
    assertThat(Npy.read(fixture("stored-float32.npz")).floats()).containsExactly(0.5f, 0.25f);
  }

  @Test
  void read_npzWithTwoArrays_failsNamingBoth() {
    assertThatThrownBy(() -> Npy.read(fixture("two-arrays.npz")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("expected exactly one array")
        .hasMessageContaining("found 2: a.npy, b.npy");
  }

  @Test
  void read_truncatedNpy_failsWithExpectedAndFoundByteCounts() {
    assertThatThrownBy(() -> Npy.read(fixture("float32-2x3-truncated.npy")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("float32-2x3-truncated.npy is truncated")
        .hasMessageContaining("expected 24 bytes of <f4 data for shape (2, 3) but found 19");
  }

  @Test
  void read_truncatedNpz_failsAsUnreadableArchive() {
    assertThatThrownBy(() -> Npy.read(fixture("deflated-truncated.npz")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("expected a readable .npz (zip) archive");
  }

  @Test
  void read_fortranOrder_failsAskingForCOrder() {
    assertThatThrownBy(() -> Npy.read(fixture("fortran-order.npy")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("expected a C-order array but found fortran_order True");
  }

  @Test
  void read_bigEndianFloats_failsListingSupportedDtypes() {
    assertThatThrownBy(() -> Npy.read(fixture("big-endian.npy")))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining(
            "expected one of the dtypes <f4 <f8 <i4 <i8 |u1 |i1 |b1 but found >f4");
  }

  @Test
  void read_notNumpy_failsNamingTheMagicFound() throws Exception {
    Path file = Files.writeString(temp.resolve("text.npy"), "hello, world");

    assertThatThrownBy(() -> Npy.read(file))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("expected the .npy magic string \\x93NUMPY but found hello,");
  }

  @Test
  void read_emptyFile_failsAsTruncated() throws Exception {
    Path file = Files.write(temp.resolve("empty.npy"), new byte[0]);

    assertThatThrownBy(() -> Npy.read(file))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("is truncated: expected 8 bytes of the magic string and version");
  }

  @Test
  void read_trailingBytes_failsSayingTheFileShouldEnd() throws Exception {
    byte[] valid = Files.readAllBytes(fixture("uint8-5.npy"));
    byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
    Path file = Files.write(temp.resolve("longer.npy"), longer);

    assertThatThrownBy(() -> Npy.read(file))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("expected the file to end after 5 bytes of data");
  }

  @Test
  void floats_onInt32Array_failsNamingBothDtypes() throws Exception {
    Tensor array = Npy.read(fixture("int32-3x4.npy"));

    assertThatThrownBy(array::floats)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tensor holds int32, not float32");
  }

  @Test
  void read_referenceSizedInt32Matrix_returnsEveryValue() throws Exception {
    int rows = 100_000;
    int cols = 60;
    Path file = temp.resolve("indices.npy");
    writeInt32Npy(file, rows, cols);

    Tensor array = Npy.read(file);

    assertThat(array.shape()).containsExactly(rows, cols);
    int[] ids = array.ints();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != i * 31) {
        throw new AssertionError("element " + i + " is " + ids[i] + ", expected " + i * 31);
      }
    }
  }

  private static void writeInt32Npy(Path file, int rows, int cols) throws IOException {
    String dict =
        "{'descr': '<i4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer data = ByteBuffer.allocate(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows * cols; i++) {
      data.putInt(i * 31);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(header.length() & 0xff);
      out.write(header.length() >> 8);
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      out.write(data.array());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "float32-2x3.npy",
        "float64-4.npy",
        "int32-3x4.npy",
        "int64-3.npy",
        "uint8-5.npy",
        "int8-4.npy"
      })
  void write_arrayReadFromNumpysFile_sameBytesAsNumpy(String name, @TempDir Path dir)
      throws Exception {
    Tensor read = Npy.read(fixture(name));
    Path written = dir.resolve(name);

    Npy.write(written, read);

    assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(fixture(name)));
  }

  @Test
  void write_boolAndScalarShapes_readBackEqual(@TempDir Path dir) throws Exception {
    Tensor flags = Tensor.ofBytes(Dtype.BOOL, new byte[] {1, 0, 1}, 3);
    Path file = dir.resolve("flags.npy");

    Npy.write(file, flags);
    Tensor back = Npy.read(file);

    assertThat(back.dtype()).isEqualTo(Dtype.BOOL);
    assertThat(back.shape()).containsExactly(3);
    assertThat(back.bytes()).containsExactly(1, 0, 1);
  }
}
