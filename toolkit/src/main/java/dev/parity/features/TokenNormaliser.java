package dev.parity.features;

/**
 * The model card's token normalisation: trim the listed ASCII whitespace at both ends, then lower
 * A-Z to a-z and leave every other character as it is. Python's {@code str.strip(chars)} and a
 * translate table over A-Z do the same, so both sides agree on every string, non-ASCII included.
 */
public final class TokenNormaliser {
  private final boolean[] trim = new boolean[128];
  private final boolean lowercase;

  /**
   * Creates a normaliser.
   *
   * @param trimCharacters the characters to trim, all ASCII (from the model card)
   * @throws IllegalArgumentException if a character is not ASCII
   */
  public TokenNormaliser(String trimCharacters) {
    this(trimCharacters, true);
  }

  /**
   * Creates a normaliser.
   *
   * @param trimCharacters the characters to trim, all ASCII (from the model card)
   * @param lowercaseAscii whether A-Z become a-z
   * @throws IllegalArgumentException if a character is not ASCII
   */
  public TokenNormaliser(String trimCharacters, boolean lowercaseAscii) {
    this.lowercase = lowercaseAscii;
    for (char c : trimCharacters.toCharArray()) {
      if (c >= 128) {
        throw new IllegalArgumentException(
            "trim characters must be ASCII; found U+" + Integer.toHexString(c));
      }
      trim[c] = true;
    }
  }

  /**
   * Normalises one token.
   *
   * @param token a raw token
   * @return the normalised token, possibly empty
   */
  public String normalise(String token) {
    int start = 0;
    int end = token.length();
    while (start < end && isTrimmed(token.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(token.charAt(end - 1))) {
      end--;
    }
    // Check before allocating: most tokens are already lower-case.
    int upper = start;
    while (lowercase && upper < end && !isUpper(token.charAt(upper))) {
      upper++;
    }
    if (!lowercase) {
      upper = end;
    }
    if (upper == end) {
      return start == 0 && end == token.length() ? token : token.substring(start, end);
    }
    char[] out = new char[end - start];
    token.getChars(start, end, out, 0);
    for (int i = upper - start; i < out.length; i++) {
      if (isUpper(out[i])) {
        out[i] = (char) (out[i] + ('a' - 'A'));
      }
    }
    return new String(out);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private boolean isTrimmed(char c) {
    return c < 128 && trim[c];
  }
}
