package dev.parity.card;

import java.util.regex.Pattern;

/**
 * A model's coordinates: group, artifact and version, written {@code groupId:artifactId:version}.
 *
 * @param groupId e.g. {@code dev.parity}
 * @param artifactId e.g. {@code purchase}
 * @param version e.g. {@code 1.0.0}, or null for "the newest" where a query allows it
 */
public record ModelId(String groupId, String artifactId, String version) {

  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]*");

  /** Checks every part. */
  public ModelId {
    if (groupId == null || !GROUP.matcher(groupId).matches()) {
      throw new IllegalArgumentException(
          "group id must be letters, digits, '.', '_' or '-', found '" + groupId + "'");
    }
    if (artifactId == null || !ARTIFACT.matcher(artifactId).matches()) {
      throw new IllegalArgumentException(
          "artifact id must be letters, digits, '_' or '-', found '" + artifactId + "'");
    }
    if (version != null && !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("version must look like 1.0.0, found '" + version + "'");
    }
  }

  /**
   * Parses {@code groupId:artifactId[:version]}.
   *
   * @param text e.g. {@code dev.parity:purchase} or {@code acme:churn:1.2.0}
   * @return the coordinates; the version is null when not given
   * @throws IllegalArgumentException when the text has another form
   */
  public static ModelId parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "a model is named groupId:artifactId[:version], e.g. dev.parity:purchase, found '"
              + text
              + "'");
    }
    return new ModelId(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }

  /**
   * Returns the same model at another version.
   *
   * @param v the version, or null for the newest
   * @return the coordinates
   */
  public ModelId withVersion(String v) {
    return new ModelId(groupId, artifactId, v);
  }

  /**
   * Returns {@code groupId:artifactId}, without the version.
   *
   * @return e.g. {@code dev.parity:purchase}
   */
  public String name() {
    return groupId + ":" + artifactId;
  }

  /**
   * Compares two versions part by part, numerically where both parts are numbers, so that {@code
   * 1.10.0} comes after {@code 1.9.0}.
   *
   * @param a a version
   * @param b another version
   * @return negative, zero or positive as {@code a} is older, the same or newer
   */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("[.+-]");
    String[] y = b.split("[.+-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "0";
      String q = i < y.length ? y[i] : "0";
      boolean pn = p.matches("\\d+");
      boolean qn = q.matches("\\d+");
      int c;
      if (pn && qn) {
        c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
      } else if (pn != qn) {
        // 1.0.0 is newer than 1.0.0-rc1: a release part outranks a text part.
        c = pn ? 1 : -1;
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * Returns {@code groupId:artifactId:version}, or {@code groupId:artifactId} without a version.
   *
   * @return the coordinates as users write them
   */
  @Override
  public String toString() {
    return version == null ? name() : name() + ":" + version;
  }
}
