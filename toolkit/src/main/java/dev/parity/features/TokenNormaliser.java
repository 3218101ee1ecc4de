package dev.parity.features;

import dev.parity.card.Features;

/**
 * The model card's token normalisation, the one implementation of its rules for Java strings and
 * for UTF-8 bytes alike: trim the card's ASCII trim characters at both ends, lower A-Z to a-z and
 * leave every other character or byte as it is; a token that is empty afterwards is dropped.
 * Python's {@code str.strip(chars)} and a translate table over A-Z do the same, so both sides agree
 * on every string, non-ASCII included. ASCII bytes never occur inside a multi-byte UTF-8 sequence,
 * so the rules applied to a token's UTF-8 bytes give the UTF-8 bytes of the normalised token.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenNormaliser {
  // The trim characters as a 128-bit set: bit c of low (c < 64) or of high (c - 64).
  private final long low;
  private final long high;

  private TokenNormaliser(boolean[] trim) {
    long l = 0;
    long h = 0;
    for (int c = 0; c < trim.length; c++) {
      if (trim[c]) {
        if (c < 64) {
          l |= 1L << c;
        } else {
          h |= 1L << (c - 64);
        }
      }
    }
    this.low = l;
    this.high = h;
  }

  /**
   * Creates the normaliser a model card describes; the card's reader has checked its values.
   *
   * @param normalisation the card's {@code features.normalisation} section
   * @return the normaliser
   * @throws IllegalArgumentException if a trim character is not ASCII
   */
  public static TokenNormaliser of(Features.Normalisation normalisation) {
    String characters = normalisation.trimCharacters();
    boolean[] trim = new boolean[128];
    for (int i = 0; i < characters.length(); i++) {
      char c = characters.charAt(i);
      if (c >= 128) {
        throw new IllegalArgumentException(
            "normalisation.trimCharacters must be ASCII; found U+"
                + String.format("%04X", (int) c)
                + " at position "
                + i);
      }
      trim[c] = true;
    }
    return new TokenNormaliser(trim);
  }

  /**
   * Normalises one token.
   *
   * @param token a raw token
   * @return the normalised token; the argument itself when nothing changes, empty when the token is
   *     dropped
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
    while (upper < end && !isUpper(token.charAt(upper))) {
      upper++;
    }
    if (upper == end) {
      return start == 0 && end == token.length() ? token : token.substring(start, end);
    }
    char[] out = new char[end - start];
    token.getChars(start, end, out, 0);
    for (int i = upper - start; i < out.length; i++) {
      out[i] = (char) lower(out[i]);
    }
    return new String(out);
  }

  /**
   * Returns where a UTF-8 token starts once trimmed at its start.
   *
   * @param utf8 the bytes holding the token
   * @param offset the token's first byte
   * @param end the index after the token's last byte
   * @return the index of the first byte kept; {@code end} when every byte is trimmed (the token is
   *     dropped)
   */
  public int trimmedStart(byte[] utf8, int offset, int end) {
    int start = offset;
    while (start < end && isTrimmed(utf8[start])) {
      start++;
    }
    return start;
  }

  /**
   * Returns where a UTF-8 token ends once trimmed at its end.
   *
   * @param utf8 the bytes holding the token
   * @param start the token's first byte, as {@link #trimmedStart} returned it
   * @param end the index after the token's last byte
   * @return the index after the last byte kept; {@code start} when the token is dropped
   */
  public int trimmedEnd(byte[] utf8, int start, int end) {
    int last = end;
    while (last > start && isTrimmed(utf8[last - 1])) {
      last--;
    }
    return last;
  }

  /**
   * Applies the card's case rule to one character or one UTF-8 byte: A-Z become a-z, everything
   * else (non-ASCII letters, and the bytes of multi-byte sequences, which are all negative as a
   * {@code byte}) is returned unchanged.
   *
   * @param c a {@code char}, or a {@code byte} of UTF-8 as Java widens it
   * @return the lower-cased value
   */
  public static int lower(int c) {
    return isUpper(c) ? c + ('a' - 'A') : c;
  }

  /**
   * Applies the card's case rule to eight UTF-8 bytes at once, as {@link #lower(int)} does to each:
   * bytes A-Z become a-z, every other byte (non-ASCII ones included) is left as it is.
   *
   * @param bytes eight bytes, in any order
   * @return the lower-cased bytes, in the same order
   */
  public static long lower(long bytes) {
    long low7 = bytes & 0x7F7F7F7F7F7F7F7FL;
    // Per byte, bit 7 of each sum says low7 >= 'A' and low7 > 'Z'; no sum carries into the next
    // byte. A byte with its own bit 7 set is not ASCII and is never changed.
    long upper =
        (low7 + 0x3F3F3F3F3F3F3F3FL) & ~(low7 + 0x2525252525252525L) & ~bytes & 0x8080808080808080L;
    return bytes | (upper >>> 2);
  }

  private static boolean isUpper(int c) {
    return c >= 'A' && c <= 'Z';
  }

  // Negative bytes (multi-byte UTF-8) and chars from 128 up are never trimmed.
  private boolean isTrimmed(int c) {
    // A shift uses the low six bits of its count, so c picks its own bit in either word.
    return c >= 0 && c < 128 && ((c < 64 ? low : high) >>> c & 1) != 0;
  }
}
