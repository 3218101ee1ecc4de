package dev.parity.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {

  @Test
  void folderHolding_pathSeveralLevelsUp_returnsNearestFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("outer/zoo/model"));
    Files.createDirectories(dir.resolve("outer/inner/zoo/model"));
    Path start = Files.createDirectories(dir.resolve("outer/inner/a/b"));

    assertThat(Checkout.folderHolding(start, List.of("zoo/model")))
        .contains(dir.resolve("outer/inner"));
  }

  @Test
  void folderHolding_fileMarker_matchesFilesToo(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("reference-outputs"));
    Files.writeString(dir.resolve("reference-outputs/manifest.json"), "{}");
    Path start = Files.createDirectories(dir.resolve("x"));

    assertThat(Checkout.folderHolding(start, List.of("reference-outputs/manifest.json")))
        .contains(dir);
  }

  @Test
  void folderHolding_onlySomeMarkers_skipsToAFolderWithAll(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("zoo"));
    Files.createDirectories(dir.resolve("scripts/purchase"));
    Path inner = Files.createDirectories(dir.resolve("inner/zoo"));

    assertThat(Checkout.folderHolding(inner, List.of("zoo", "scripts/purchase"))).contains(dir);
  }

  @Test
  void folderHolding_nothingAbove_empty(@TempDir Path dir) {
    assertThat(Checkout.folderHolding(dir, List.of("no-such-folder-" + dir.getFileName())))
        .isEmpty();
  }

  @Test
  void requireRoot_insideThisCheckout_holdsTheRootMarkers() {
    Path root = Checkout.requireRoot();

    assertThat(Checkout.ROOT_MARKERS).allMatch(m -> Files.exists(root.resolve(m)));
    assertThat(Checkout.workingDirectory()).startsWith(root);
  }
}
