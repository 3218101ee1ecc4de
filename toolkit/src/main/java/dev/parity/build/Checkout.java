package dev.parity.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Parity checkout a command runs in, found by walking up from the working directory: the one
 * place that knows how {@code zoo/}, {@code reference-outputs/} and the repository root are found
 * when the user names none. Maven runs tests with the module as working directory, a user runs
 * {@code scripts/parity} from anywhere inside the checkout, so the nearest match upwards wins.
 */
public final class Checkout {

  /** What a folder holds to be a Parity checkout's root. */
  static final List<String> ROOT_MARKERS = List.of("zoo", "reference-outputs", "scripts/purchase");

  private Checkout() {}

  /**
   * Finds the nearest folder, at or above the working directory, that holds every given path.
   *
   * @param relatives paths relative to that folder, e.g. {@code zoo/model}; each may be a file or a
   *     folder
   * @return the folder, absolute, or empty when no folder up to the file system's root holds them
   */
  public static Optional<Path> folderHolding(String... relatives) {
    return folderHolding(workingDirectory(), List.of(relatives));
  }

  /**
   * Finds the checkout's root: the nearest folder at or above the working directory holding {@code
   * zoo/}, {@code reference-outputs/} and {@code scripts/purchase/}.
   *
   * @return the root, or empty outside a checkout
   */
  public static Optional<Path> root() {
    return folderHolding(workingDirectory(), ROOT_MARKERS);
  }

  /**
   * Returns the checkout's root, for code that cannot run outside one (tests on committed data).
   *
   * @return the root
   * @throws IllegalStateException outside a checkout, naming where the search started
   */
  public static Path requireRoot() {
    return root()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Parity checkout (a folder holding "
                        + String.join(", ", ROOT_MARKERS)
                        + ") at or above "
                        + workingDirectory()));
  }

  /**
   * Returns where the search starts.
   *
   * @return the working directory, absolute
   */
  public static Path workingDirectory() {
    return Path.of("").toAbsolutePath();
  }

  static Optional<Path> folderHolding(Path start, List<String> relatives) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path here = dir;
      if (relatives.stream().allMatch(r -> Files.exists(here.resolve(r)))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
