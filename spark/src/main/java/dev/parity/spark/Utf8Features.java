package dev.parity.spark;

import dev.parity.features.FeatureSpec;
import dev.parity.zoo.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The model card's pre-processing on UTF-8 bytes, as Spark holds strings: the same rules as the
 * toolkit's {@code FeatureSpec} (trim the card's ASCII characters at both ends, lower-case A-Z
 * only, drop empty tokens, look up else out-of-vocabulary, keep the first {@code length}, pad),
 * with no Java String per token. ASCII bytes never occur inside a multi-byte UTF-8 sequence, so
 * trimming and lower-casing bytes equals doing it on characters. Tested equal to {@code
 * FeatureSpec.encode} on the reference and synthetic records.
 *
 * <p>Immutable and thread-safe.
 */
final class Utf8Features {
  private final List<String> names;
  private final int[] lengths;
  private final Utf8Vocabulary[] vocabularies;
  private final boolean[] trim = new boolean[128];

  /** What {@link #id} returns for a token that is empty after normalisation. */
  static final int DROPPED = -1;

  private final int oov;
  private final long padding;

  private Utf8Features(ModelCard.Features features, Map<String, List<String>> vocab) {
    this.names = features.fields().stream().map(ModelCard.Field::name).toList();
    this.lengths = features.fields().stream().mapToInt(ModelCard.Field::length).toArray();
    this.vocabularies = new Utf8Vocabulary[names.size()];
    for (int f = 0; f < names.size(); f++) {
      vocabularies[f] = Utf8Vocabulary.of(vocab.get(names.get(f)), features.firstTokenIndex());
    }
    for (char c : features.normalisation().trimCharacters().toCharArray()) {
      trim[c] = true;
    }
    this.oov = features.oovIndex();
    this.padding = features.paddingIndex();
  }

  /**
   * Reads the card's vocabulary.
   *
   * @param card the model card
   * @param cardFolder the folder holding the card and its vocabulary
   * @return the features
   * @throws IOException if the vocabulary cannot be read or lacks a field
   */
  static Utf8Features load(ModelCard card, Path cardFolder) throws IOException {
    Path file = cardFolder.resolve(card.features().vocabulary());
    Map<String, List<String>> vocab = FeatureSpec.readVocabulary(file);
    for (ModelCard.Field f : card.features().fields()) {
      if (!vocab.containsKey(f.name())) {
        throw new IOException(file + ": no vocabulary for field " + f.name());
      }
    }
    return new Utf8Features(card.features(), vocab);
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
    Object base = token.getBaseObject();
    long offset = token.getBaseOffset();
    int start = 0;
    int end = token.numBytes();
    while (start < end && isTrimmed(Platform.getByte(base, offset + start))) {
      start++;
    }
    while (end > start && isTrimmed(Platform.getByte(base, offset + end - 1))) {
      end--;
    }
    if (start == end) {
      return DROPPED;
    }
    int id = vocabularies[field].id(base, offset + start, end - start);
    return id < 0 ? oov : id;
  }

  private boolean isTrimmed(byte b) {
    return b >= 0 && trim[b];
  }
}
