package dev.parity.features;

import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * One field's vocabulary as an open-addressing table keyed by {@link String#hashCode()}, for the
 * encoder's hot loop: a lookup reads the token's cached hash, one {@code long} slot (hash and id
 * together, no {@code Integer} to unbox) and the key to compare, and allocates nothing.
 *
 * <p>Only tokens that normalisation leaves unchanged are stored (normalisation is idempotent, so no
 * other vocabulary entry can equal a normalised token). That lets the encoder look a raw token up
 * as it is first and normalise only when it is not found: most raw tokens are already trimmed and
 * lower-case and cost one lookup.
 */
final class Vocabulary {
  private final long[] slots;
  private final String[] keys;
  private final int mask;

  private Vocabulary(long[] slots, String[] keys) {
    this.slots = slots;
    this.keys = keys;
    this.mask = keys.length - 1;
  }

  /**
   * Builds the table.
   *
   * @param tokens the field's tokens in vocabulary order, without duplicates
   * @param firstId the id of the first token
   * @param normaliser the card's normalisation; tokens it would change are left out
   * @return the table
   */
  static Vocabulary of(List<String> tokens, int firstId, TokenNormaliser normaliser) {
    // At most half full: linear probing stays short, and a miss usually ends at the first slot.
    int capacity = Integer.highestOneBit(Math.max(4, tokens.size() * 2 - 1)) << 1;
    long[] slots = new long[capacity];
    String[] keys = new String[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.isEmpty() || !normaliser.normalise(token).equals(token)) {
        continue;
      }
      int hash = token.hashCode();
      int slot = spread(hash) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = token;
      slots[slot] = ((long) hash << 32) | ((firstId + i) & 0xFFFFFFFFL);
    }
    return new Vocabulary(slots, keys);
  }

  // String hashes of similar tokens differ mostly in their low bits' carries; mix the high bits in.
  private static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /**
   * Looks a token up exactly as given.
   *
   * @param token a token
   * @return its id, or -1 when the table does not hold it
   */
  int find(String token) {
    int hash = token.hashCode();
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == null) {
        return -1;
      }
      long entry = slots[slot];
      if ((int) (entry >>> 32) == hash && key.equals(token)) {
        return (int) entry;
      }
    }
  }

  /**
   * Hands every stored token and its id to an action, in no particular order; these are the tokens
   * a lookup can find.
   *
   * @param action takes a token and its id
   */
  void forEach(ObjIntConsumer<String> action) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        action.accept(keys[slot], (int) slots[slot]);
      }
    }
  }
}
