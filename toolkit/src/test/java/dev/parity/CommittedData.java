package dev.parity;

import dev.parity.build.Checkout;
import java.nio.file.Path;

/** Locates the committed zoo and reference outputs for tests. */
public final class CommittedData {
  private CommittedData() {}

  /**
   * Returns the repository root, as {@link Checkout#requireRoot()} finds it.
   *
   * @return the root
   */
  public static Path root() {
    return Checkout.requireRoot();
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
