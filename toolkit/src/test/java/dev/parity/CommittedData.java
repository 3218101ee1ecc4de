package dev.parity;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed zoo and reference outputs for tests. */
public final class CommittedData {
  private CommittedData() {}

  /**
   * Returns the repository root: the nearest folder above the working directory holding {@code
   * zoo/} and {@code reference-outputs/}.
   *
   * @return the root
   */
  public static Path root() {
    // Maven runs tests with user.dir set to the module, an IDE often to the repository root.
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("zoo"))
          && Files.isDirectory(dir.resolve("reference-outputs"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no folder above " + System.getProperty("user.dir") + " holds zoo/ and reference-outputs/");
  }

  /**
   * Returns the committed zoo.
   *
   * @return {@code zoo/}
   */
  public static Path zoo() {
    return root().resolve("zoo");
  }

  /**
   * Returns the committed purchase model's version folder.
   *
   * @return the folder holding {@code model-card.json}
   */
  public static Path modelFolder() {
    return zoo().resolve("model/tabular/dev/parity/purchase/1.0.0");
  }

  /**
   * Returns the committed purchase reference set.
   *
   * @return {@code reference-outputs/dev.parity/purchase/}
   */
  public static Path reference() {
    return root().resolve("reference-outputs/dev.parity/purchase");
  }
}
