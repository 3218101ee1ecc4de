package dev.parity.features;

import java.nio.charset.StandardCharsets;

/**
 * A field's vocabulary keyed by UTF-8 bytes, so a token held as bytes (Spark's column vectors, a
 * message payload) is looked up without building a Java String, and lower-cased by the card's rule
 * ({@link TokenNormaliser#lower}) while it is hashed and compared rather than copied first.
 *
 * <p>Open addressing over one {@code long[]} whose slots hold a key's hash and id, with the keys'
 * bytes packed in one array indexed by id: a lookup touches two arrays, not an object per key,
 * which is what keeps it cheap for a vocabulary of tens of thousands of tokens. It holds exactly
 * the tokens of the field's {@link Vocabulary} (those normalisation leaves unchanged), so both
 * lookups find the same ids.
 */
final class Utf8Vocabulary {
  private final long[] slots;
  private final byte[] bytes;
  private final int[] starts;
  private final int mask;

  private Utf8Vocabulary(long[] slots, byte[] bytes, int[] starts) {
    this.slots = slots;
    this.bytes = bytes;
    this.starts = starts;
    this.mask = slots.length - 1;
  }

  /**
   * Builds the table from a field's String table.
   *
   * @param vocabulary the field's tokens and ids
   * @return the table
   */
  static Utf8Vocabulary of(Vocabulary vocabulary) {
    int[] count = new int[1];
    int[] maxId = {-1};
    vocabulary.forEach(
        (token, id) -> {
          count[0]++;
          maxId[0] = Math.max(maxId[0], id);
        });
    // Keys by id: ids below the first token's (padding, out-of-vocabulary) stay empty.
    byte[][] keys = new byte[maxId[0] + 1][];
    vocabulary.forEach((token, id) -> keys[id] = token.getBytes(StandardCharsets.UTF_8));
    int total = 0;
    for (byte[] key : keys) {
      total += key == null ? 0 : key.length;
    }
    byte[] bytes = new byte[total];
    int[] starts = new int[keys.length + 1];
    for (int id = 0; id < keys.length; id++) {
      int length = keys[id] == null ? 0 : keys[id].length;
      if (length > 0) {
        System.arraycopy(keys[id], 0, bytes, starts[id], length);
      }
      starts[id + 1] = starts[id] + length;
    }
    // At most half full, so that a miss (an out-of-vocabulary token) ends after a probe or two.
    long[] slots = new long[Integer.highestOneBit(Math.max(4, count[0] * 2 - 1)) << 1];
    int mask = slots.length - 1;
    for (int id = 0; id < keys.length; id++) {
      if (keys[id] == null) {
        continue;
      }
      int hash = hash(keys[id], 0, keys[id].length);
      int slot = hash & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = ((long) hash << 32) | (id + 1L);
    }
    return new Utf8Vocabulary(slots, bytes, starts);
  }

  // FNV-1a over the lower-cased bytes, with the high half folded in: the table indexes low bits.
  private static int hash(byte[] utf8, int start, int end) {
    int h = 0x811C9DC5;
    for (int i = start; i < end; i++) {
      h = (h ^ TokenNormaliser.lower(utf8[i])) * 0x01000193;
    }
    return h ^ (h >>> 16);
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
    for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      long s = slots[slot];
      if ((int) (s >>> 32) == hash) {
        int id = (int) s - 1;
        if (matches(id, utf8, start, end)) {
          return id;
        }
      }
    }
    return -1;
  }

  private boolean matches(int id, byte[] utf8, int start, int end) {
    int at = starts[id];
    if (starts[id + 1] - at != end - start) {
      return false;
    }
    for (int i = start; i < end; i++, at++) {
      if (bytes[at] != TokenNormaliser.lower(utf8[i])) {
        return false;
      }
    }
    return true;
  }
}
