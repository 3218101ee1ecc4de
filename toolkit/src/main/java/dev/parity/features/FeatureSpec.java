package dev.parity.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.zoo.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model card's pre-processing contract made executable: normalise each raw token, drop the
 * empty ones, map through the field's vocabulary (out-of-vocabulary otherwise), keep the first
 * {@code length} ids and pad the rest. Thread-safe once built.
 */
public final class FeatureSpec {
  private final List<String> names;
  private final int[] lengths;
  private final long[] vocabSizes;
  private final List<Map<String, Integer>> vocabularies;
  private final TokenNormaliser normaliser;
  private final int oov;
  private final int padding;

  private FeatureSpec(ModelCard.Features features, Map<String, Map<String, Integer>> vocab) {
    this.names = features.fields().stream().map(ModelCard.Field::name).toList();
    this.lengths = features.fields().stream().mapToInt(ModelCard.Field::length).toArray();
    this.vocabSizes = features.fields().stream().mapToLong(ModelCard.Field::vocabSize).toArray();
    this.vocabularies = names.stream().map(vocab::get).toList();
    this.normaliser = new TokenNormaliser(features.normalisation().trimCharacters());
    this.oov = features.oovIndex();
    this.padding = features.paddingIndex();
  }

  /**
   * Reads the card's vocabulary file and checks it against the card.
   *
   * @param card the model card
   * @param cardFolder the folder holding the card and its vocabulary
   * @return the spec
   * @throws IOException if the vocabulary cannot be read or disagrees with the card
   */
  public static FeatureSpec load(ModelCard card, Path cardFolder) throws IOException {
    ModelCard.Features features = card.features();
    Path file = cardFolder.resolve(features.vocabulary());
    Map<String, Map<String, Integer>> vocab = readVocabulary(file, features.firstTokenIndex());
    for (ModelCard.Field f : features.fields()) {
      Map<String, Integer> v = vocab.get(f.name());
      if (v == null) {
        throw new IOException(file + ": no vocabulary for field " + f.name() + " of the card");
      }
      if (v.size() + features.firstTokenIndex() != f.vocabSize()) {
        throw new IOException(
            file
                + ": field "
                + f.name()
                + " has "
                + v.size()
                + " tokens, the card expects "
                + (f.vocabSize() - features.firstTokenIndex()));
      }
    }
    return new FeatureSpec(features, vocab);
  }

  // Streaming keeps the million-token vocabularies of the large preset cheap to read.
  private static Map<String, Map<String, Integer>> readVocabulary(Path file, int first)
      throws IOException {
    Map<String, Map<String, Integer>> out = new HashMap<>();
    try (JsonParser p = JsonMapper.builder().build().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file + ": expected a JSON object of field -> token list");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new IOException(file + ": field " + field + " must map to a list of tokens");
        }
        Map<String, Integer> ids = new HashMap<>();
        int next = first;
        while (p.nextToken() == JsonToken.VALUE_STRING) {
          if (ids.putIfAbsent(p.getText(), next++) != null) {
            throw new IOException(file + ": field " + field + " lists " + p.getText() + " twice");
          }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new IOException(file + ": field " + field + " holds a non-string token");
        }
        out.put(field, ids);
      }
    }
    return out;
  }

  /**
   * Returns the field names in input order.
   *
   * @return the names
   */
  public List<String> names() {
    return names;
  }

  /**
   * Returns each field's fixed length, in input order.
   *
   * @return a copy of the lengths
   */
  public int[] lengths() {
    return lengths.clone();
  }

  /**
   * Returns each field's vocabulary size (ids are in {@code [0, size)}), in input order.
   *
   * @return a copy of the sizes
   */
  public long[] vocabSizes() {
    return vocabSizes.clone();
  }

  /**
   * Encodes records into one batch.
   *
   * @param records the records
   * @return their ids
   */
  public EncodedBatch encode(List<RawRecord> records) {
    int n = records.size();
    List<long[]> ids = new ArrayList<>(names.size());
    for (int f = 0; f < names.size(); f++) {
      long[] block = new long[n * lengths[f]];
      if (padding != 0) {
        java.util.Arrays.fill(block, padding);
      }
      for (int r = 0; r < n; r++) {
        encodeField(f, records.get(r).tokens(names.get(f)), block, r * lengths[f]);
      }
      ids.add(block);
    }
    return new EncodedBatch(n, names, lengths, ids);
  }

  private void encodeField(int f, List<String> raw, long[] out, int offset) {
    Map<String, Integer> vocab = vocabularies.get(f);
    int kept = 0;
    for (int i = 0; i < raw.size() && kept < lengths[f]; i++) {
      String token = normaliser.normalise(raw.get(i));
      if (token.isEmpty()) {
        continue;
      }
      Integer id = vocab.get(token);
      out[offset + kept++] = id == null ? oov : id;
    }
  }

  /**
   * Checks every id against its field's vocabulary size, since some engines do not: MXNet's
   * embedding clips out-of-range ids silently and ONNX Runtime on CUDA reads out of bounds.
   *
   * @param batch ids from any source
   * @throws IllegalArgumentException naming the field, record, position and id out of range
   */
  public void checkBounds(EncodedBatch batch) {
    if (!batch.names().equals(names)) {
      throw new IllegalArgumentException(
          "batch fields " + batch.names() + " do not match the model's " + names);
    }
    for (int f = 0; f < names.size(); f++) {
      long[] block = batch.ids().get(f);
      long size = vocabSizes[f];
      for (int i = 0; i < block.length; i++) {
        if (block[i] < 0 || block[i] >= size) {
          throw new IllegalArgumentException(
              "id "
                  + block[i]
                  + " of field "
                  + names.get(f)
                  + " (record "
                  + i / lengths[f]
                  + " of the batch, position "
                  + i % lengths[f]
                  + ") is outside [0, "
                  + size
                  + ")");
        }
      }
    }
  }
}
