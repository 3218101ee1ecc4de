package dev.parity.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import dev.parity.zoo.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model card's pre-processing contract made executable: normalise each raw token, drop the
 * empty ones, map through the field's vocabulary (out-of-vocabulary otherwise), keep the first
 * {@code length} ids and pad the rest. Thread-safe once built.
 *
 * <p>Encoding is the JVM-side cost of every prediction, so it is written for speed with the same
 * results: each record is visited once for all its fields, and a raw token is first looked up as it
 * is (most are already trimmed and lower-case, and the lookup uses the String's cached hash); only
 * when that misses is it normalised, allocating a String only if normalisation changes it.
 */
public final class FeatureSpec {
  private final List<String> names;
  private final int[] lengths;
  private final long[] vocabSizes;
  private final Vocabulary[] vocabularies;
  private final TokenNormaliser normaliser;
  private final int oov;
  private final int padding;

  private static final DocumentReader VOCABULARY = DocumentReader.of(JsonMapper.builder().build());

  private FeatureSpec(ModelCard.Features features, Map<String, List<String>> vocab) {
    this.names = features.fields().stream().map(ModelCard.Field::name).toList();
    this.lengths = features.fields().stream().mapToInt(ModelCard.Field::length).toArray();
    this.vocabSizes = features.fields().stream().mapToLong(ModelCard.Field::vocabSize).toArray();
    this.normaliser = new TokenNormaliser(features.normalisation().trimCharacters());
    this.vocabularies =
        names.stream()
            .map(n -> Vocabulary.of(vocab.get(n), features.firstTokenIndex(), normaliser))
            .toArray(Vocabulary[]::new);
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
    Map<String, List<String>> vocab = readVocabulary(file);
    for (ModelCard.Field f : features.fields()) {
      List<String> v = vocab.get(f.name());
      if (v == null) {
        throw new MalformedFileException(
            file.toString(),
            0,
            0,
            "no vocabulary for field " + f.name() + " of the card",
            ModelCard.REMEDY,
            null);
      }
      if (v.size() + features.firstTokenIndex() != f.vocabSize()) {
        throw new MalformedFileException(
            file.toString(),
            0,
            0,
            "field "
                + f.name()
                + " has "
                + v.size()
                + " tokens, the card expects "
                + (f.vocabSize() - features.firstTokenIndex()),
            ModelCard.REMEDY,
            null);
      }
    }
    return new FeatureSpec(features, vocab);
  }

  /**
   * Reads a vocabulary file: a JSON object mapping each field to its tokens in id order, without
   * duplicates.
   *
   * @param file the vocabulary file
   * @return tokens by field
   * @throws MalformedFileException naming the place when the file is not valid JSON, is cut short,
   *     or holds something other than lists of distinct strings
   * @throws IOException if the file cannot be read
   */
  public static Map<String, List<String>> readVocabulary(Path file) throws IOException {
    // Streaming keeps the million-token vocabularies of the large preset cheap to read.
    return VOCABULARY.stream(
        file,
        ModelCard.REMEDY,
        p -> {
          Map<String, List<String>> out = new HashMap<>();
          if (p.nextToken() != JsonToken.START_OBJECT) {
            throw malformedVocabulary(
                file, p, "expected a JSON object of field -> token list, found " + found(p));
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() != JsonToken.START_ARRAY) {
              throw malformedVocabulary(
                  file, p, "field " + field + " must map to a list of tokens, found " + found(p));
            }
            List<String> tokens = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              String token = p.getText();
              if (!seen.add(token)) {
                throw malformedVocabulary(
                    file, p, "field " + field + " lists '" + token + "' twice");
              }
              tokens.add(token);
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
              throw malformedVocabulary(
                  file, p, "field " + field + " must hold only string tokens, found " + found(p));
            }
            out.put(field, tokens);
          }
          return out;
        });
  }

  private static MalformedFileException malformedVocabulary(
      Path file, JsonParser p, String problem) {
    return MalformedFileException.at(
        file.toString(), p.currentTokenLocation(), problem, ModelCard.REMEDY);
  }

  private static String found(JsonParser p) {
    return DocumentReader.describe(p.currentToken());
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
    int fields = lengths.length;
    long[][] blocks = new long[fields][];
    for (int f = 0; f < fields; f++) {
      blocks[f] = new long[n * lengths[f]];
      if (padding != 0) {
        Arrays.fill(blocks[f], padding);
      }
    }
    // Record by record, so each record's objects are read once, while still in cache.
    for (int r = 0; r < n; r++) {
      RawRecord record = records.get(r);
      for (int f = 0; f < fields; f++) {
        encodeField(f, record.tokens(names.get(f)), blocks[f], r * lengths[f]);
      }
    }
    return new EncodedBatch(n, names, lengths, Arrays.asList(blocks));
  }

  private void encodeField(int f, List<String> raw, long[] out, int offset) {
    Vocabulary vocab = vocabularies[f];
    int length = lengths[f];
    int kept = 0;
    for (int i = 0, size = raw.size(); i < size && kept < length; i++) {
      String token = raw.get(i);
      int id = vocab.find(token);
      if (id < 0) {
        String normalised = normaliser.normalise(token);
        if (normalised.isEmpty()) {
          continue;
        }
        // normalise returns its argument when nothing changes: then the lookup above was the one.
        id = normalised == token ? -1 : vocab.find(normalised);
        if (id < 0) {
          id = oov;
        }
      }
      out[offset + kept++] = id;
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
