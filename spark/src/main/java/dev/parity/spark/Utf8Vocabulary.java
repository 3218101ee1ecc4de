package dev.parity.spark;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.unsafe.Platform;

/**
 * A field's vocabulary keyed by UTF-8 bytes, so a token read from Spark's column vectors is looked
 * up without building a Java String, and lower-cased (ASCII A-Z, the model card's rule) while it is
 * hashed and compared rather than copied first.
 *
 * <p>Open addressing over one {@code long[]} whose slots hold a key's hash and index, with the
 * keys' bytes packed in one array: a lookup touches two arrays, not an object per key, which is
 * what keeps it cheap for a vocabulary of tens of thousands of tokens.
 */
final class Utf8Vocabulary {
  private final long[] slots;
  private final byte[] bytes;
  private final int[] starts;
  private final int mask;
  private final int firstId;

  private Utf8Vocabulary(long[] slots, byte[] bytes, int[] starts, int firstId) {
    this.slots = slots;
    this.bytes = bytes;
    this.starts = starts;
    this.mask = slots.length - 1;
    this.firstId = firstId;
  }

  /**
   * Builds the table.
   *
   * @param tokens the vocabulary's tokens in order (already normalised, as the card stores them)
   * @param firstId the id of the first token
   * @return the table
   */
  static Utf8Vocabulary of(List<String> tokens, int firstId) {
    byte[][] keys = new byte[tokens.size()][];
    int total = 0;
    for (int i = 0; i < keys.length; i++) {
      keys[i] = tokens.get(i).getBytes(StandardCharsets.UTF_8);
      total += keys[i].length;
    }
    byte[] bytes = new byte[total];
    int[] starts = new int[keys.length + 1];
    for (int i = 0; i < keys.length; i++) {
      System.arraycopy(keys[i], 0, bytes, starts[i], keys[i].length);
      starts[i + 1] = starts[i] + keys[i].length;
    }
    // At most half full, so that a miss (an out-of-vocabulary token) ends after a probe or two.
    long[] slots = new long[Integer.highestOneBit(Math.max(4, keys.length * 2 - 1)) << 1];
    int mask = slots.length - 1;
    for (int i = 0; i < keys.length; i++) {
      int hash = hash(keys[i], Platform.BYTE_ARRAY_OFFSET, keys[i].length);
      int slot = hash & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = ((long) hash << 32) | (i + 1L);
    }
    return new Utf8Vocabulary(slots, bytes, starts, firstId);
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  // FNV-1a over the lower-cased bytes, with the high half folded in: the table indexes low bits.
  private static int hash(Object base, long offset, int length) {
    int h = 0x811C9DC5;
    for (int i = 0; i < length; i++) {
      h = (h ^ lower(Platform.getByte(base, offset + i))) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * Looks up a token, lower-casing ASCII A-Z as it goes.
   *
   * @param base the token bytes' base object (a {@code byte[]}, or null for off-heap memory)
   * @param offset the first byte's offset from {@code base}, as {@link Platform} takes it
   * @param length the token's length in bytes
   * @return the token's id, or -1 when it is not in the vocabulary
   */
  int id(Object base, long offset, int length) {
    int hash = hash(base, offset, length);
    for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      long s = slots[slot];
      if ((int) (s >>> 32) == hash) {
        int key = (int) s - 1;
        if (matches(key, base, offset, length)) {
          return firstId + key;
        }
      }
    }
    return -1;
  }

  private boolean matches(int key, Object base, long offset, int length) {
    int start = starts[key];
    if (starts[key + 1] - start != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[start + i] != lower(Platform.getByte(base, offset + i))) {
        return false;
      }
    }
    return true;
  }
}
