package dev.parity.convert;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's committed files from a test. */
final class TestFiles {

  private TestFiles() {}

  /** Returns the repository root: the first folder above the working directory holding zoo/. */
  static Path repositoryRoot() {
    // Maven runs tests with user.dir set to the module, an IDE often to the repository root.
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("zoo"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no folder above " + System.getProperty("user.dir") + " holds zoo/");
  }
}
