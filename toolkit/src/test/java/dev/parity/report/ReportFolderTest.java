package dev.parity.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {

  /** Renders a number in a fixed format into a named file. */
  private record Format(String fileName, String pattern) implements Rendering<Double> {
    @Override
    public void render(Double value, Writer out) throws IOException {
      out.write(String.format(java.util.Locale.ROOT, pattern, value));
    }
  }

  @Test
  void write_twoRenderings_oneFileEachInOrder(@TempDir Path dir) throws Exception {
    List<Path> files =
        ReportFolder.write(
            dir.resolve("new"),
            0.5,
            List.of(new Format("a.txt", "%.2f"), new Format("b.json", "{\"v\": %s}")));

    assertThat(files).containsExactly(dir.resolve("new/a.txt"), dir.resolve("new/b.json"));
    assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).isEqualTo("0.50");
    assertThat(Files.readString(files.get(1), StandardCharsets.UTF_8)).isEqualTo("{\"v\": 0.5}");
  }

  @Test
  void write_sameFileNameTwice_rejectedBeforeWritingAnything(@TempDir Path dir) {
    Path folder = dir.resolve("out");

    assertThatThrownBy(
            () ->
                ReportFolder.write(
                    folder, 1.0, List.of(new Format("a.txt", "%f"), new Format("a.txt", "%e"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.txt");
    assertThat(folder).doesNotExist();
  }

  @Test
  void write_fileNameWithFolder_rejected(@TempDir Path dir) {
    assertThatThrownBy(
            () -> ReportFolder.write(dir, 1.0, List.of(new Format("../escape.txt", "%f"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain file name");
  }

  /** Renders a list as lines. */
  private static final class Lines extends TextRendering<List<String>> {
    Lines() {
      super("lines.txt");
    }

    @Override
    public String render(List<String> value) {
      return String.join("\n", value) + "\n";
    }
  }

  @Test
  void write_textRendering_writesItsTextUnderItsName(@TempDir Path dir) throws Exception {
    List<Path> files = ReportFolder.write(dir, List.of("a", "ü"), List.of(new Lines()));

    assertThat(files).containsExactly(dir.resolve("lines.txt"));
    assertThat(Files.readString(files.get(0), StandardCharsets.UTF_8)).isEqualTo("a\nü\n");
  }

  @Test
  void render_toString_sameTextAsTheWriter() {
    assertThat(new Format("x", "<%.1f>").render(2.0)).isEqualTo("<2.0>");
  }
}
