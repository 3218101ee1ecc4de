package dev.parity.file;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A folder and everything under it, or a single file. */
public final class FileTree {
  private FileTree() {}

  /**
   * Copies a folder and everything under it into another folder, or a file to another path, making
   * the folders it needs.
   *
   * @param from the folder (or file) to copy
   * @param to the folder its content goes into, or the file's new path (folders made when absent)
   * @param options how each file is copied, e.g. {@code REPLACE_EXISTING}
   * @throws IOException if a file cannot be read or written, or exists without {@code
   *     REPLACE_EXISTING}
   */
  public static void copy(Path from, Path to, CopyOption... options) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      // Sorted: a folder comes before what it holds.
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Path parent = target.getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          Files.copy(p, target, options);
        }
      }
    }
  }
}
