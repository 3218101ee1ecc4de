package dev.parity.spark;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A field's vocabulary keyed by UTF-8 bytes, so a token read from Spark's {@code UTF8String} is
 * looked up without building a Java String: open addressing over the tokens' bytes.
 */
final class Utf8Vocabulary {
  private final byte[][] keys;
  private final int[] ids;
  private final int mask;

  private Utf8Vocabulary(byte[][] keys, int[] ids, int mask) {
    this.keys = keys;
    this.ids = ids;
    this.mask = mask;
  }

  /**
   * Builds the table.
   *
   * @param tokens the vocabulary's tokens in order
   * @param firstId the id of the first token
   * @return the table
   */
  static Utf8Vocabulary of(List<String> tokens, int firstId) {
    int capacity = Integer.highestOneBit(Math.max(4, tokens.size() * 2 - 1)) << 1;
    byte[][] keys = new byte[capacity][];
    int[] ids = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < tokens.size(); i++) {
      byte[] key = tokens.get(i).getBytes(StandardCharsets.UTF_8);
      int slot = hash(key, key.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      ids[slot] = firstId + i;
    }
    return new Utf8Vocabulary(keys, ids, mask);
  }

  /**
   * Hashes the first {@code length} bytes of {@code bytes}.
   *
   * @param bytes the bytes
   * @param length how many
   * @return the hash
   */
  static int hash(byte[] bytes, int length) {
    int h = 0x811C9DC5;
    for (int i = 0; i < length; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * Looks up a token.
   *
   * @param bytes the token's UTF-8 bytes, from index 0
   * @param length the token's length in bytes
   * @param hash {@link #hash} of the same bytes
   * @return the token's id, or -1 when it is not in the vocabulary
   */
  int id(byte[] bytes, int length, int hash) {
    int slot = hash & mask;
    for (byte[] key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
      if (key.length == length && Arrays.equals(key, 0, length, bytes, 0, length)) {
        return ids[slot];
      }
    }
    return -1;
  }
}
