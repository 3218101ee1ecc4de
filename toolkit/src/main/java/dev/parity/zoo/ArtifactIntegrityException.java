package dev.parity.zoo;

import java.nio.file.Path;

/**
 * A file listed in a model card or reference manifest is missing or differs from the recorded size
 * or SHA-256, so its contents cannot be trusted.
 */
public final class ArtifactIntegrityException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String expectedSha256;
  private final String foundSha256;

  /**
   * Creates the exception.
   *
   * @param file the file as it was looked for on disk
   * @param expectedSha256 the SHA-256 recorded in the listing
   * @param foundSha256 the SHA-256 of the file on disk, or {@code null} if the file is missing
   * @param message the full message, naming the file, both hashes and the remedy
   */
  public ArtifactIntegrityException(
      Path file, String expectedSha256, String foundSha256, String message) {
    super(message);
    this.file = file;
    this.expectedSha256 = expectedSha256;
    this.foundSha256 = foundSha256;
  }

  /**
   * Returns the file that failed verification.
   *
   * @return the path as it was looked for on disk
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the SHA-256 the listing records.
   *
   * @return lower-case hex
   */
  public String expectedSha256() {
    return expectedSha256;
  }

  /**
   * Returns the SHA-256 found on disk.
   *
   * @return lower-case hex, or {@code null} if the file is missing
   */
  public String foundSha256() {
    return foundSha256;
  }
}
