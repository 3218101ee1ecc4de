package dev.parity.spark;

import dev.parity.features.FeatureSpec;
import dev.parity.features.Utf8Tokens;
import java.util.List;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The model's pre-processing on Spark's UTF-8 strings, with no Java String per token: the toolkit's
 * {@link FeatureSpec} (its fields, lengths and padding) and its {@link Utf8Tokens} (the same
 * normaliser and vocabularies as {@code FeatureSpec.encode}), read from the bytes a {@link
 * UTF8String} points at.
 *
 * <p>Immutable and thread-safe.
 */
final class Utf8Features {
  /** What {@link #id} returns for a token that is empty after normalisation. */
  static final int DROPPED = Utf8Tokens.DROPPED;

  private final List<String> names;
  private final int[] lengths;
  private final long padding;
  private final Utf8Tokens tokens;

  private Utf8Features(FeatureSpec spec) {
    this.names = spec.names();
    this.lengths = spec.lengths();
    this.padding = spec.paddingIndex();
    this.tokens = spec.utf8Tokens();
  }

  /**
   * Builds the byte lookups of a model's features (once per model and JVM: it builds tables).
   *
   * @param spec the model's features, as its predictor loaded them
   * @return the features
   */
  static Utf8Features of(FeatureSpec spec) {
    return new Utf8Features(spec);
  }

  /**
   * Returns the field names in model input order.
   *
   * @return the names
   */
  List<String> names() {
    return names;
  }

  /**
   * Returns each field's fixed length.
   *
   * @return the lengths (do not modify)
   */
  int[] lengths() {
    return lengths;
  }

  /**
   * Returns the id that fills unused positions.
   *
   * @return the padding id
   */
  long padding() {
    return padding;
  }

  /**
   * Normalises one token and looks it up.
   *
   * @param field the field's index
   * @param token the raw token
   * @return the token's id (the out-of-vocabulary id when unknown), or {@link #DROPPED} when it is
   *     empty after normalisation
   */
  int id(int field, UTF8String token) {
    // Spark's on-heap vectors (the default) hand out views into a byte[]; off-heap memory
    // (spark.sql.columnVector.offheap.enabled) is copied out first.
    if (token.getBaseObject() instanceof byte[] bytes) {
      return tokens.id(
          field,
          bytes,
          (int) (token.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET),
          token.numBytes());
    }
    byte[] copy = token.getBytes();
    return tokens.id(field, copy, 0, copy.length);
  }
}
