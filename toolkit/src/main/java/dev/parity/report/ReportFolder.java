package dev.parity.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes renderings of one result into a folder, one file each, replacing earlier ones. */
public final class ReportFolder {

  private ReportFolder() {}

  /**
   * Writes each rendering into {@code folder} under its {@link Rendering#fileName()}, UTF-8.
   *
   * @param <T> what is rendered
   * @param folder the folder; created when missing
   * @param value what to render
   * @param renderings the renderings, in the order to write them
   * @return the files written, in that order
   * @throws IOException if the folder or a file cannot be written
   * @throws IllegalArgumentException if two renderings share a file name, or one names a path
   *     rather than a plain file name
   */
  public static <T> List<Path> write(
      Path folder, T value, List<? extends Rendering<? super T>> renderings) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Rendering<? super T> r : renderings) {
      Path name = Path.of(r.fileName());
      if (r.fileName().isBlank()
          || name.isAbsolute()
          || name.getNameCount() != 1
          || name.toString().equals("..")) {
        throw new IllegalArgumentException(
            "a rendering's file name must be a plain file name, found '" + r.fileName() + "'");
      }
      Path file = folder.resolve(name);
      if (files.contains(file)) {
        throw new IllegalArgumentException(
            "two renderings write " + r.fileName() + "; give each its own file name");
      }
      files.add(file);
    }
    Files.createDirectories(folder);
    for (int i = 0; i < files.size(); i++) {
      try (Writer out = Files.newBufferedWriter(files.get(i), StandardCharsets.UTF_8)) {
        renderings.get(i).render(value, out);
      }
    }
    return files;
  }
}
