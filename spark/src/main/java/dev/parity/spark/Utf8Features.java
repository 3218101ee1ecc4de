package dev.parity.spark;

import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import dev.parity.features.RecordEncoder;
import dev.parity.features.Utf8Tokens;
import java.util.List;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The model's pre-processing on Spark's UTF-8 strings, with no Java String per token: the card's
 * token fields (their lengths and padding) and the toolkit's {@link Utf8Tokens} (the same
 * normaliser and vocabularies as {@code RecordEncoder.encode}), read from the bytes a {@link
 * UTF8String} points at. Spark scores models whose every field is a bag or token filling its own
 * input.
 *
 * <p>Immutable and thread-safe.
 */
final class Utf8Features {
  /** What {@link #id} returns for a token that is empty after normalisation. */
  static final int DROPPED = Utf8Tokens.DROPPED;

  private final List<String> names;
  private final List<String> inputs;
  private final int[] lengths;
  private final long padding;
  private final Utf8Tokens tokens;

  private Utf8Features(RecordEncoder encoder) {
    Features features = encoder.features();
    this.names = features.names();
    this.inputs = features.fields().stream().map(Features.Field::input).toList();
    this.lengths = features.fields().stream().mapToInt(Features.Field::length).toArray();
    this.padding = features.paddingIndex();
    this.tokens = encoder.utf8Tokens();
  }

  /**
   * Builds the byte lookups of a model's features (once per model and JVM: it builds tables).
   *
   * @param card the model's card
   * @param encoder the model's features, as its predictor loaded them
   * @return the features
   * @throws IllegalArgumentException if a field is numeric or shares its input with another
   */
  static Utf8Features of(ModelCard card, RecordEncoder encoder) {
    for (Features.Field f : encoder.features().fields()) {
      if (f.kind() == Features.Kind.NUMERIC
          || f.column() != 0
          || card.signature().input(f.input()).rowLength() != f.length()) {
        throw new IllegalArgumentException(
            "parity spark scores models whose every field is a bag or token filling its own"
                + " input; field "
                + f.name()
                + " of "
                + card.id()
                + " is not one: predict that model with parity predict");
      }
    }
    return new Utf8Features(encoder);
  }

  /**
   * Returns the input each field fills, in field order.
   *
   * @return input names
   */
  List<String> inputs() {
    return inputs;
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
