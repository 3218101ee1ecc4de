package dev.parity.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes an artifact's files into a fresh folder next to the destination and moves it into place
 * only when every file is complete, so that a reader sees the old artifact or the new one, never
 * part of one. A destination may be replaced only when it holds nothing but the files of the same
 * kind of artifact.
 */
final class ArtifactFolder {

  /** Writes one file's content. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private ArtifactFolder() {}

  /**
   * Writes the files and moves them into place.
   *
   * @param destination the artifact folder
   * @param files file name to content, written in this order
   * @return the files at the destination
   * @throws IOException if writing or moving fails, or the destination holds other files
   */
  static List<Path> write(Path destination, Map<String, Content> files) throws IOException {
    Path target = destination.toAbsolutePath().normalize();
    Path parent = Objects.requireNonNull(target.getParent(), "a destination lies in a folder");
    checkReplaceable(target, files);
    Files.createDirectories(parent);
    String base = "." + target.getFileName() + "." + UUID.randomUUID();
    Path fresh = parent.resolve(base + ".part");
    Path old = parent.resolve(base + ".old");
    try {
      Files.createDirectory(fresh);
      for (Map.Entry<String, Content> file : new LinkedHashMap<>(files).entrySet()) {
        try (OutputStream out = Files.newOutputStream(fresh.resolve(file.getKey()))) {
          file.getValue().writeTo(out);
        }
      }
      if (Files.exists(target)) {
        move(target, old);
      }
      move(fresh, target);
    } finally {
      deleteTree(fresh);
      deleteTree(old);
    }
    List<Path> written = new ArrayList<>();
    files.keySet().forEach(name -> written.add(destination.resolve(name)));
    return written;
  }

  private static void checkReplaceable(Path target, Map<String, Content> files) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new IOException(
          target + " exists and is not a folder; choose a new folder for the artifact");
    }
    try (Stream<Path> entries = Files.list(target)) {
      List<String> others =
          entries
              .map(p -> String.valueOf(p.getFileName()))
              .filter(name -> !files.containsKey(name))
              .sorted()
              .toList();
      if (!others.isEmpty()) {
        throw new IOException(
            target
                + " holds files the converter does not write ("
                + String.join(", ", others)
                + "); choose an empty or new folder, the artifact replaces the folder's content");
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /**
   * Deletes a folder and everything in it.
   *
   * @param root the folder; nothing happens when it does not exist
   * @throws IOException if something cannot be deleted
   */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(root)) {
      tree.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
