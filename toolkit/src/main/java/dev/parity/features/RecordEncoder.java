package dev.parity.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.card.Features;
import dev.parity.card.IdRange;
import dev.parity.card.ModelCard;
import dev.parity.card.Signature;
import dev.parity.card.TensorSpec;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model card's {@code features} made executable: turns raw records into the model's input
 * tensors. Token fields are normalised, looked up in the field's vocabulary (out-of-vocabulary
 * otherwise), truncated and padded; numeric fields take their default when missing and are
 * standardised in float64 before the cast to the input's dtype. Thread-safe once built.
 *
 * <p>Encoding is the JVM-side cost of every prediction, so it is written for speed with the same
 * results: each record is visited once for all its fields, and a raw token is first looked up as it
 * is (most are already clean, and the lookup uses the String's cached hash); only when that misses
 * is it normalised, allocating a String only if normalisation changes it.
 */
public final class RecordEncoder {
  private final Features features;
  private final List<TensorSpec> inputs;
  private final Field[] fields;
  private final Set<String> numeric;

  /** One field, resolved against the signature and its vocabulary. */
  private record Field(
      String name,
      Features.Kind kind,
      int input,
      int column,
      int length,
      Vocabulary vocabulary,
      TokenNormaliser normaliser,
      double defaultValue,
      double mean,
      double std) {}

  private RecordEncoder(Features features, List<TensorSpec> inputs, Field[] fields) {
    this.features = features;
    this.inputs = List.copyOf(inputs);
    this.fields = fields;
    this.numeric = features.numericNames();
  }

  /**
   * Builds the encoder of a card, reading its vocabulary.
   *
   * @param card the model card; it must have features
   * @param cardFolder the folder holding the card and its vocabulary
   * @return the encoder
   * @throws IllegalArgumentException if the card has no features
   * @throws MalformedFileException if the vocabulary is malformed or disagrees with the card (a
   *     field without tokens, ids outside its input's range), or the features leave an input
   *     unfilled
   * @throws IOException if the vocabulary cannot be read
   */
  public static RecordEncoder load(ModelCard card, Path cardFolder) throws IOException {
    Features features = card.features();
    if (features == null) {
      throw new IllegalArgumentException(
          card.id() + " has no features in its card, so it takes tensors, not raw records");
    }
    Signature signature = card.signature();
    Path cardFile = cardFolder.resolve(ModelCard.FILE_NAME);
    Set<String> written = new HashSet<>();
    for (Features.Field f : features.fields()) {
      written.add(f.input());
    }
    for (TensorSpec input : signature.inputs()) {
      if (!written.contains(input.name())) {
        throw new MalformedFileException(
            cardFile.toString(),
            0,
            0,
            "key 'features': input "
                + input.name()
                + " is filled by no field of the features, so raw records cannot feed the model",
            "add fields for it, or predict from tensors (--inputs DIR); see docs/model-card.md",
            null);
      }
    }
    Map<String, List<String>> vocab = Map.of();
    Path vocabFile = null;
    TokenNormaliser normaliser = null;
    if (features.hasTokens()) {
      vocabFile = cardFolder.resolve(features.vocabulary());
      vocab = readVocabulary(vocabFile);
      normaliser = TokenNormaliser.of(features.normalisation());
    }
    Field[] resolved = new Field[features.fields().size()];
    for (int i = 0; i < resolved.length; i++) {
      Features.Field f = features.fields().get(i);
      int input = signature.inputNames().indexOf(f.input());
      TensorSpec spec = signature.inputs().get(input);
      if (f.kind() == Features.Kind.NUMERIC) {
        Features.Standardise s = f.standardise();
        resolved[i] =
            new Field(
                f.name(),
                f.kind(),
                input,
                f.column(),
                1,
                null,
                null,
                f.defaultValue(),
                s == null ? 0 : s.mean(),
                s == null ? 1 : s.std());
        continue;
      }
      List<String> tokens = vocab.get(f.name());
      if (tokens == null) {
        throw disagrees(vocabFile, "no vocabulary for field " + f.name() + " of the card");
      }
      long smallest = Math.min(features.paddingIndex(), features.oovIndex());
      long largest = features.firstTokenIndex() + (long) tokens.size() - 1;
      IdRange range = spec.range();
      if (smallest < range.low() || largest >= range.high()) {
        throw disagrees(
            vocabFile,
            "field "
                + f.name()
                + " has "
                + tokens.size()
                + " tokens, so its ids run from "
                + smallest
                + " to "
                + largest
                + ", but input "
                + spec.name()
                + " accepts "
                + range
                + " ("
                + cardFile
                + ")");
      }
      resolved[i] =
          new Field(
              f.name(),
              f.kind(),
              input,
              f.column(),
              f.length(),
              Vocabulary.of(tokens, features.firstTokenIndex(), normaliser),
              normaliser,
              0,
              0,
              1);
    }
    return new RecordEncoder(features, signature.inputs(), resolved);
  }

  private static final DocumentReader VOCABULARY = DocumentReader.of(JsonMapper.builder().build());

  private static final String REMEDY = "restore it from git or register the model again";

  /**
   * Reads a vocabulary file: a JSON object of field name to token list.
   *
   * @param file the file
   * @return tokens by field
   * @throws MalformedFileException naming the file, line and column when it is not such an object,
   *     lists a token twice or holds a token that is not a string
   * @throws IOException if it cannot be read
   */
  public static Map<String, List<String>> readVocabulary(Path file) throws IOException {
    // Streaming keeps the million-token vocabularies of the large preset cheap to read.
    return VOCABULARY.stream(
        file,
        REMEDY,
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
    return MalformedFileException.at(file.toString(), p.currentTokenLocation(), problem, REMEDY);
  }

  private static String found(JsonParser p) {
    return DocumentReader.describe(p.currentToken());
  }

  private static MalformedFileException disagrees(Path file, String problem) {
    return new MalformedFileException(
        file.toString(),
        0,
        0,
        problem,
        "the card and its files come from different exports (docs/model-card.md)",
        null);
  }

  /**
   * Returns the card's features.
   *
   * @return the features
   */
  public Features features() {
    return features;
  }

  /**
   * Returns the raw field names in card order, the fields to read from each record.
   *
   * @return the names
   */
  public List<String> fieldNames() {
    return features.names();
  }

  /**
   * Returns the names of the numeric fields, whose raw values are numbers.
   *
   * @return the names
   */
  public Set<String> numericFields() {
    return numeric;
  }

  /**
   * Encodes records into one batch of the model's inputs.
   *
   * @param records the records
   * @return one tensor per input, in signature order
   */
  public TensorBatch encode(List<RawRecord> records) {
    int n = records.size();
    Object[] blocks = new Object[inputs.size()];
    int[] widths = new int[inputs.size()];
    for (int i = 0; i < blocks.length; i++) {
      TensorSpec spec = inputs.get(i);
      widths[i] = spec.rowLength();
      int size = Math.multiplyExact(n, widths[i]);
      blocks[i] =
          switch (spec.dtype()) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            default -> new long[size];
          };
    }
    int padding = features.paddingIndex();
    if (padding != 0) {
      for (Field f : fields) {
        if (f.kind() != Features.Kind.NUMERIC) {
          long[] block = (long[]) blocks[f.input()];
          for (int r = 0; r < n; r++) {
            int at = r * widths[f.input()] + f.column();
            Arrays.fill(block, at, at + f.length(), padding);
          }
        }
      }
    }
    // Record by record, so each record's objects are read once, while still in cache.
    for (int r = 0; r < n; r++) {
      RawRecord record = records.get(r);
      for (Field f : fields) {
        int offset = r * widths[f.input()] + f.column();
        Object block = blocks[f.input()];
        if (f.kind() == Features.Kind.NUMERIC) {
          Double raw = record.number(f.name());
          double x = standardised(f, raw == null ? f.defaultValue() : raw);
          if (block instanceof float[] floats) {
            floats[offset] = (float) x;
          } else {
            ((double[]) block)[offset] = x;
          }
        } else {
          encodeTokens(f, record.tokens(f.name()), (long[]) block, offset);
        }
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < blocks.length; i++) {
      TensorSpec spec = inputs.get(i);
      long[] shape = spec.shapeFor(n);
      Tensor t =
          switch (spec.dtype()) {
            case FLOAT32 -> Tensor.of((float[]) blocks[i], shape);
            case FLOAT64 -> Tensor.of((double[]) blocks[i], shape);
            case INT64 -> Tensor.of((long[]) blocks[i], shape);
            default -> narrow((long[]) blocks[i], spec.dtype(), shape);
          };
      out.put(spec.name(), t);
    }
    return TensorBatch.of(out);
  }

  /**
   * Returns what a numeric field writes into its input for a raw number, as {@link #encode} writes
   * it before the cast to the input's dtype: standardised in float64 when the card says so, else
   * the number itself. For readers that hold numbers outside {@link RawRecord}s (Spark's columns).
   *
   * @param field the field's index in card order ({@link #fieldNames()})
   * @param raw the raw number, finite
   * @return the value in float64
   * @throws IllegalArgumentException if the field is not numeric
   */
  public double numericInput(int field, double raw) {
    return standardised(numeric(field), raw);
  }

  /**
   * Returns what a numeric field writes into its input when the record lacks it or holds null: its
   * default, standardised as {@link #numericInput} does.
   *
   * @param field the field's index in card order ({@link #fieldNames()})
   * @return the value in float64
   * @throws IllegalArgumentException if the field is not numeric
   */
  public double numericInputWhenMissing(int field) {
    Field f = numeric(field);
    return standardised(f, f.defaultValue());
  }

  private Field numeric(int field) {
    Field f = fields[field];
    if (f.kind() != Features.Kind.NUMERIC) {
      throw new IllegalArgumentException(
          "field "
              + f.name()
              + " is a "
              + f.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " field, not numeric");
    }
    return f;
  }

  // The one place a numeric field's value is computed: in float64, then cast by the writer.
  private static double standardised(Field f, double raw) {
    return (raw - f.mean()) / f.std();
  }

  private void encodeTokens(Field f, List<String> raw, long[] out, int offset) {
    Vocabulary vocab = f.vocabulary();
    TokenNormaliser normaliser = f.normaliser();
    int oov = features.oovIndex();
    int length = f.length();
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
   * Returns the token lookup on UTF-8 bytes (Spark's columns), with the same vocabularies and
   * normalisation as {@link #encode}.
   *
   * @return the lookup, one vocabulary per field in card order (null for numeric fields)
   */
  public Utf8Tokens utf8Tokens() {
    Utf8Vocabulary[] utf8 = new Utf8Vocabulary[fields.length];
    TokenNormaliser normaliser = null;
    for (int f = 0; f < fields.length; f++) {
      if (fields[f].vocabulary() != null) {
        utf8[f] = Utf8Vocabulary.of(fields[f].vocabulary());
        normaliser = fields[f].normaliser();
      }
    }
    return new Utf8Tokens(normaliser, utf8, features.oovIndex());
  }

  /**
   * Returns the normaliser of the token fields.
   *
   * @return the card's normalisation, or null when no field holds tokens
   */
  public TokenNormaliser normaliser() {
    for (Field f : fields) {
      if (f.normaliser() != null) {
        return f.normaliser();
      }
    }
    return null;
  }

  private static Tensor narrow(long[] ids, Dtype dtype, long[] shape) {
    switch (dtype) {
      case INT32 -> {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
          out[i] = (int) ids[i];
        }
        return Tensor.of(out, shape);
      }
      case UINT8, INT8 -> {
        byte[] out = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
          out[i] = (byte) ids[i];
        }
        return Tensor.ofBytes(dtype, out, shape);
      }
      default -> throw new IllegalStateException("ids cannot be written as " + dtype.numpyName());
    }
  }
}
