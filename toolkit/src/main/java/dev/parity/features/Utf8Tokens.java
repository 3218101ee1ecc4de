package dev.parity.features;

/**
 * A model's token ids read straight from UTF-8 bytes, for callers that hold tokens as bytes
 * (Spark's column vectors) and must not build a Java String per token: the same normalisation
 * ({@link TokenNormaliser}) and the same vocabularies as {@link
 * RecordEncoder#encode(java.util.List)}, so a token's bytes get exactly the id its String gets
 * there. Made by {@link RecordEncoder#utf8Tokens()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Utf8Tokens {
  /** What {@link #id} returns for a token that is empty after normalisation (it is dropped). */
  public static final int DROPPED = -1;

  private final TokenNormaliser normaliser;
  private final Utf8Vocabulary[] vocabularies;
  private final int oov;

  Utf8Tokens(TokenNormaliser normaliser, Utf8Vocabulary[] vocabularies, int oov) {
    this.normaliser = normaliser;
    this.vocabularies = vocabularies.clone();
    this.oov = oov;
  }

  /**
   * Normalises one token and looks it up in a field's vocabulary.
   *
   * @param field the field's input position, as in {@link RecordEncoder#fieldNames()}
   * @param utf8 the bytes holding the raw token
   * @param offset the token's first byte
   * @param length the token's length in bytes
   * @return the token's id (the out-of-vocabulary id when unknown), or {@link #DROPPED} when it is
   *     empty after normalisation
   */
  public int id(int field, byte[] utf8, int offset, int length) {
    int start = normaliser.trimmedStart(utf8, offset, offset + length);
    int end = normaliser.trimmedEnd(utf8, start, offset + length);
    if (start == end) {
      return DROPPED;
    }
    int id = vocabularies[field].id(utf8, start, end);
    return id < 0 ? oov : id;
  }
}
