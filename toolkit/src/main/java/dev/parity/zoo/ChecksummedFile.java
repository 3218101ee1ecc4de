package dev.parity.zoo;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file listed, with its size and SHA-256, in a model card or reference manifest. The path is
 * relative to the folder that holds the listing.
 */
public interface ChecksummedFile {

  /**
   * Returns the path relative to the folder that holds the listing.
   *
   * @return a relative path with {@code /} separators
   */
  String path();

  /**
   * Returns what the file is for, e.g. {@code torchscript} or {@code output:probability}.
   *
   * @return the role as written in the listing
   */
  String role();

  /**
   * Returns the recorded SHA-256 of the file's contents.
   *
   * @return hex, as written in the listing
   */
  String sha256();

  /**
   * Returns the recorded size.
   *
   * @return the size in bytes
   */
  long size();

  /**
   * Resolves this file against the folder that holds the listing, refusing paths that leave it.
   *
   * @param folder the folder that holds the listing
   * @return the file's location on disk
   * @throws IllegalArgumentException if the path is absolute or climbs out of {@code folder}
   */
  default Path resolveIn(Path folder) {
    Path relative = Path.of(path());
    Path resolved = folder.resolve(relative).normalize();
    // A listing may come from anywhere; it must not point a reader outside its own folder.
    if (relative.isAbsolute() || !resolved.startsWith(folder.normalize())) {
      throw new IllegalArgumentException(
          "listed path " + path() + " is not inside " + folder + "; listings hold relative paths");
    }
    return resolved;
  }

  /**
   * Checks that the file exists in {@code folder} with the recorded size and SHA-256.
   *
   * @param folder the folder that holds the listing
   * @param remedy what the user should do on a mismatch, appended to the message
   * @return the verified file's location on disk
   * @throws ArtifactIntegrityException if the file is missing or its size or hash differ
   * @throws IOException if the file exists but cannot be read
   */
  default Path verifyIn(Path folder, String remedy) throws ArtifactIntegrityException, IOException {
    Path file = resolveIn(folder);
    String expected = sha256().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new ArtifactIntegrityException(
          file,
          expected,
          null,
          String.format(
              "%s is missing: expected sha256 %s (%d bytes) but found no file; %s",
              file, expected, size(), remedy));
    }
    long foundSize = Files.size(file);
    String found = Sha256.of(file);
    if (!found.equals(expected) || foundSize != size()) {
      String changed =
          String.format(
              "expected sha256 %s (%d bytes) but found sha256 %s (%d bytes); %s",
              expected, size(), found, foundSize, remedy);
      String malformed = malformedJson(file);
      throw new ArtifactIntegrityException(
          file,
          expected,
          found,
          malformed == null
              ? file + " has changed: " + changed
              : malformed + "; it has changed: " + changed);
    }
    return file;
  }

  // A changed JSON file that no longer parses (a card or vocabulary cut short) is named by the
  // place where it breaks, which says more than two hashes.
  private static String malformedJson(Path file) throws IOException {
    if (!file.toString().endsWith(".json")) {
      return null;
    }
    try {
      DocumentReader.of(JsonMapper.builder().build()).checkWellFormed(file, null);
      return null;
    } catch (MalformedFileException e) {
      return e.getMessage();
    }
  }
}
