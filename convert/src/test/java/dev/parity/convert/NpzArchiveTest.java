package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.npy.NpyFormatException;
import dev.parity.npy.NpzArchive;
import dev.parity.tensor.Tensor;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzArchiveTest {

  @TempDir Path temp;

  @Test
  void names_severalArrays_listsThemInArchiveOrderWithoutSuffix() throws Exception {
    Path model = new SyntheticModel().writeTo(temp);

    try (NpzArchive archive = NpzArchive.open(model.resolve("weights.npz"))) {
      assertThat(archive.names())
          .containsExactly(
              "embedding.a",
              "embedding.b",
              "dense0.weight",
              "dense0.bias",
              "output.weight",
              "output.bias");
    }
  }

  @Test
  void read_oneOfSeveralArrays_returnsItsShapeAndValues() throws Exception {
    SyntheticModel synthetic = new SyntheticModel();
    Path model = synthetic.writeTo(temp);

    try (NpzArchive archive = NpzArchive.open(model.resolve("weights.npz"))) {
      Tensor weight = archive.read("dense0.weight");

      assertThat(weight.shape()).containsExactly(3, 4);
      assertThat(weight.floats()).containsExactly(synthetic.arrays.get("dense0.weight"));
    }
  }

  @Test
  void read_unknownName_throwsListingArraysPresent() throws Exception {
    Path model = new SyntheticModel().writeTo(temp);

    try (NpzArchive archive = NpzArchive.open(model.resolve("weights.npz"))) {
      assertThatThrownBy(() -> archive.read("dense9.weight"))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("dense9.weight")
          .hasMessageContaining("output.bias");
    }
  }

  @Test
  void open_entryThatIsNotNpy_throwsNamingIt() throws Exception {
    Path file = temp.resolve("odd.npz");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("notes.txt"));
      zip.write('x');
      zip.closeEntry();
    }

    assertThatThrownBy(() -> NpzArchive.open(file))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageContaining("notes.txt");
  }

  @Test
  void open_fileThatIsNotZip_throwsNpyFormatException() throws Exception {
    Path file = Files.writeString(temp.resolve("plain.npz"), "not a zip");

    assertThatThrownBy(() -> NpzArchive.open(file)).isInstanceOf(NpyFormatException.class);
  }
}
