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
 * <p>Open addressing over {@code long[]} slot pairs (the key's hash and id; where its bytes start
 * in one packed array, and their length), hashing and comparing eight bytes a step: a lookup
 * touches one slot pair and the key's bytes, not an object per key. What it costs is the cache miss
 * on the slot, so the tokens with the lowest ids get a small table of their own, probed first, and
 * their bytes come first in the packed array: vocabularies are written most frequent first, and the
 * few thousand most frequent tokens of a field then stay in the core's cache. It holds exactly the
 * tokens of the field's {@link Vocabulary} (those normalisation leaves unchanged), so both lookups
 * find the same ids.
 */
final class Utf8Vocabulary {
  /** How many of the lowest ids go in the small table. */
  static final int HOT = 4096;

  private final long[] hot;
  private final long[] cold;
  private final byte[] bytes;
  private final int hotMask;
  private final int coldMask;

  private Utf8Vocabulary(long[] hot, long[] cold, byte[] bytes) {
    this.hot = hot;
    this.cold = cold;
    this.bytes = bytes;
    this.hotMask = hot.length / 2 - 1;
    this.coldMask = cold.length / 2 - 1;
  }

  /**
   * Builds the tables from a field's String table.
   *
   * @param vocabulary the field's tokens and ids
   * @return the tables
   */
  static Utf8Vocabulary of(Vocabulary vocabulary) {
    List<int[]> order = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    int[] total = new int[1];
    vocabulary.forEach(
        (token, id) -> {
          byte[] key = new byte[3 * token.length()];
          key = Arrays.copyOf(key, writeUtf8(token, key, 0));
          order.add(new int[] {id, keys.size()});
          keys.add(key);
          total[0] += key.length;
        });
    order.sort((x, y) -> Integer.compare(x[0], y[0]));
    int hotCount = Math.min(HOT, order.size());
    long[] hot = table(hotCount);
    long[] cold = table(order.size() - hotCount);
    byte[] bytes = new byte[total[0]];
    int start = 0;
    for (int k = 0; k < order.size(); k++) {
      byte[] key = keys.get(order.get(k)[1]);
      System.arraycopy(key, 0, bytes, start, key.length);
      put(k < hotCount ? hot : cold, hash(key, 0, key.length), order.get(k)[0], start, key.length);
      start += key.length;
    }
    return new Utf8Vocabulary(hot, cold, bytes);
  }

  // At most half full, so that a miss (an out-of-vocabulary token) ends after a probe or two.
  private static long[] table(int keys) {
    return new long[2 * (Integer.highestOneBit(Math.max(2, keys * 2 - 1)) << 1)];
  }

  private static void put(long[] table, int hash, int id, int start, int length) {
    int mask = table.length / 2 - 1;
    int slot = hash & mask;
    while (table[2 * slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = ((long) hash << 32) | (id + 1L);
    table[2 * slot + 1] = ((long) start << 32) | length;
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
    int id = find(hot, hotMask, hash, utf8, start, end);
    return id >= 0 ? id : find(cold, coldMask, hash, utf8, start, end);
  }

  private int find(long[] table, int mask, int hash, byte[] utf8, int start, int end) {
    for (int slot = hash & mask; table[2 * slot] != 0; slot = (slot + 1) & mask) {
      long s = table[2 * slot];
      if ((int) (s >>> 32) == hash && matches(table[2 * slot + 1], utf8, start, end)) {
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
