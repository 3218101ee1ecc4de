package dev.parity.spark;

import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.features.RecordEncoder;
import dev.parity.features.Utf8Tokens;
import dev.parity.tensor.Dtype;
import java.util.List;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The model's pre-processing on Spark's columns, with no Java String per token: where each field
 * writes in which input (the card's {@code features}), the toolkit's {@link Utf8Tokens} for token
 * fields (the same normaliser and vocabularies as {@code RecordEncoder.encode}, read from the bytes
 * a {@link UTF8String} points at) and the encoder's own rule for numeric fields ({@link
 * RecordEncoder#numericInput}).
 *
 * <p>Immutable and thread-safe.
 */
final class Utf8Features {
  /** What {@link #id} returns for a token that is empty after normalisation. */
  static final int DROPPED = Utf8Tokens.DROPPED;

  private final RecordEncoder encoder;
  private final List<String> names;
  private final boolean[] numeric;
  private final int[] inputOf;
  private final int[] columns;
  private final int[] lengths;
  private final List<TensorSpec> inputs;
  private final long padding;
  private final Utf8Tokens tokens;
  private final boolean columnar;

  private Utf8Features(ModelCard card, RecordEncoder encoder) {
    Features features = encoder.features();
    List<Features.Field> fields = features.fields();
    this.encoder = encoder;
    this.names = features.names();
    this.inputs = card.signature().inputs();
    List<String> inputNames = card.signature().inputNames();
    this.numeric = new boolean[fields.size()];
    this.inputOf = new int[fields.size()];
    this.columns = new int[fields.size()];
    this.lengths = new int[fields.size()];
    for (int f = 0; f < fields.size(); f++) {
      Features.Field field = fields.get(f);
      numeric[f] = field.kind() == Features.Kind.NUMERIC;
      inputOf[f] = inputNames.indexOf(field.input());
      columns[f] = field.column();
      lengths[f] = numeric[f] ? 1 : field.length();
    }
    this.padding = features.paddingIndex();
    this.tokens = features.hasTokens() ? encoder.utf8Tokens() : null;
    boolean direct = true;
    for (TensorSpec input : inputs) {
      direct &=
          input.dtype() == Dtype.INT64
              || input.dtype() == Dtype.FLOAT32
              || input.dtype() == Dtype.FLOAT64;
    }
    this.columnar = direct;
  }

  /**
   * Builds the byte lookups of a model's features (once per model and JVM: it builds tables).
   *
   * @param card the model's card
   * @param encoder the model's features, as its predictor loaded them
   * @return the features
   */
  static Utf8Features of(ModelCard card, RecordEncoder encoder) {
    return new Utf8Features(card, encoder);
  }

  /**
   * Whether Parquet's column batches can be encoded straight into the inputs: every input is int64
   * (token ids), float32 or float64 (numbers). Other models take the row path, through the
   * toolkit's {@code RecordEncoder.encode}.
   *
   * @return true for the columnar path
   */
  boolean columnar() {
    return columnar;
  }

  /**
   * Returns the field names in card order.
   *
   * @return the names
   */
  List<String> names() {
    return names;
  }

  /**
   * Whether a field holds a number (else tokens).
   *
   * @param field the field's index
   * @return true for a numeric field
   */
  boolean numeric(int field) {
    return numeric[field];
  }

  /**
   * Returns the input a field writes into.
   *
   * @param field the field's index
   * @return the input's index in the signature
   */
  int input(int field) {
    return inputOf[field];
  }

  /**
   * Returns the first column of its input a field fills.
   *
   * @param field the field's index
   * @return the column
   */
  int column(int field) {
    return columns[field];
  }

  /**
   * Returns each field's fixed length: a bag's length, 1 for a token or a number.
   *
   * @return the lengths (do not modify)
   */
  int[] lengths() {
    return lengths;
  }

  /**
   * Returns the model's inputs, in signature order.
   *
   * @return the inputs
   */
  List<TensorSpec> inputs() {
    return inputs;
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
   * Returns what a numeric field writes into its input for a raw number (before the cast to the
   * input's dtype).
   *
   * @param field the field's index
   * @param raw the raw number, finite
   * @return the value
   */
  double number(int field, double raw) {
    return encoder.numericInput(field, raw);
  }

  /**
   * Returns what a numeric field writes into its input when the record lacks it or holds null.
   *
   * @param field the field's index
   * @return the value
   */
  double missingNumber(int field) {
    return encoder.numericInputWhenMissing(field);
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
