package dev.parity.features;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A field's vocabulary keyed by UTF-8 bytes, so a token held as bytes (Spark's column vectors,
 * {@link RecordColumns}, a message payload) is looked up without building a Java String, and
 * lower-cased by the card's rule ({@link TokenNormaliser#lower}) while it is hashed and compared
 * rather than copied first.
 *
 * <p>Open addressing over one {@code long[]} of slot pairs (the key's hash and id; where its bytes
 * start in one packed array, and their length), with the keys' bytes packed in one array: a lookup
 * touches one slot pair and the key's bytes, not an object per key, and hashes and compares eight
 * bytes a step. It holds exactly the tokens of the field's {@link Vocabulary} (those normalisation
 * leaves unchanged), so both lookups find the same ids.
 */
final class Utf8Vocabulary {
  private final long[] slots;
  private final byte[] bytes;
  private final int mask;

  private Utf8Vocabulary(long[] slots, byte[] bytes) {
    this.slots = slots;
    this.bytes = bytes;
    this.mask = slots.length / 2 - 1;
  }

  /**
   * Builds the table from a field's String table.
   *
   * @param vocabulary the field's tokens and ids
   * @return the table
   */
  static Utf8Vocabulary of(Vocabulary vocabulary) {
    List<byte[]> keys = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    int[] total = new int[1];
    vocabulary.forEach(
        (token, id) -> {
          byte[] key = new byte[3 * token.length()];
          key = Arrays.copyOf(key, writeUtf8(token, key, 0));
          keys.add(key);
          ids.add(id);
          total[0] += key.length;
        });
    byte[] bytes = new byte[total[0]];
    // At most half full, so that a miss (an out-of-vocabulary token) ends after a probe or two.
    int capacity = Integer.highestOneBit(Math.max(4, keys.size() * 2 - 1)) << 1;
    long[] slots = new long[2 * capacity];
    int mask = capacity - 1;
    int start = 0;
    for (int k = 0; k < keys.size(); k++) {
      byte[] key = keys.get(k);
      System.arraycopy(key, 0, bytes, start, key.length);
      int hash = hash(key, 0, key.length);
      int slot = hash & mask;
      while (slots[2 * slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[2 * slot] = ((long) hash << 32) | (ids.get(k) + 1L);
      slots[2 * slot + 1] = ((long) start << 32) | key.length;
      start += key.length;
    }
    return new Utf8Vocabulary(slots, bytes);
  }

  /**
   * Writes a string's UTF-8 bytes. A lone surrogate (which a JSON string may hold) is written as
   * the three bytes of its code point rather than replaced by {@code ?}, so that two strings have
   * the same bytes only when they are equal: a token's bytes find exactly what the token finds in
   * {@link Vocabulary}.
   *
   * @param s the string
   * @param out where to write; at least {@code 3 * s.length()} bytes from {@code at}
   * @param at where the first byte goes
   * @return the index after the last byte written
   */
  static int writeUtf8(String s, byte[] out, int at) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[at++] = (byte) (0xF0 | cp >> 18);
        out[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | cp & 0x3F);
      } else {
        out[at++] = (byte) (0xE0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
        out[at++] = (byte) (0x80 | c & 0x3F);
      }
    }
    return at;
  }

  // Eight bytes a step: a 15-byte token costs two multiplies rather than fifteen. The length goes
  // in first; the top half of the last product, which every byte reaches, indexes the table.
  private static int hash(byte[] utf8, int start, int end) {
    long h = end - start;
    for (int at = start; at < end; at += Long.BYTES) {
      h = (h ^ word(utf8, at, end)) * MIX;
      h ^= h >>> 32;
    }
    return (int) ((h * MIX) >>> 32);
  }

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // The eight bytes from `at`, or the bytes up to `end` with zeros above them, lower-cased.
  private static long word(byte[] utf8, int at, int end) {
    return TokenNormaliser.lower(raw(utf8, at, end));
  }

  private static long raw(byte[] utf8, int at, int end) {
    int left = end - at;
    if (left >= Long.BYTES) {
      return (long) LONGS.get(utf8, at);
    }
    if (end >= Long.BYTES) {
      // The last eight bytes of the array up to `end`, shifted so that only the token's remain.
      return (long) LONGS.get(utf8, end - Long.BYTES) >>> (Long.SIZE - Byte.SIZE * left);
    }
    long w = 0;
    for (int i = end - 1; i >= at; i--) {
      w = (w << 8) | (utf8[i] & 0xFF);
    }
    return w;
  }

  /**
   * Looks up a trimmed token, lower-casing ASCII A-Z as it goes.
   *
   * @param utf8 the bytes holding the token
   * @param start the token's first byte
   * @param end the index after its last byte
   * @return the token's id, or -1 when it is not in the vocabulary
   */
  int id(byte[] utf8, int start, int end) {
    int hash = hash(utf8, start, end);
    for (int slot = hash & mask; slots[2 * slot] != 0; slot = (slot + 1) & mask) {
      long s = slots[2 * slot];
      if ((int) (s >>> 32) == hash && matches(slots[2 * slot + 1], utf8, start, end)) {
        return (int) s - 1;
      }
    }
    return -1;
  }

  // Keys are stored normalised, so only the token's side is lower-cased.
  private boolean matches(long key, byte[] utf8, int start, int end) {
    int at = (int) (key >>> 32);
    int length = end - start;
    if ((int) key != length) {
      return false;
    }
    for (int i = 0; i < length; i += Long.BYTES) {
      if (raw(bytes, at + i, at + length) != word(utf8, start + i, end)) {
        return false;
      }
    }
    return true;
  }
}
