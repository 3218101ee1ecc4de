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
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
  private final int[] widths;
  // The padding id, as long as the longest bag: what is left of a row after its ids, in one copy.
  private final long[] paddingRow;
  // The UTF-8 lookup, built on first use: it doubles the vocabularies' memory.
  private volatile Utf8Tokens utf8;

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
    this.numeric = Collections.unmodifiableSet(features.numericNames());
    this.widths = inputs.stream().mapToInt(TensorSpec::rowLength).toArray();
    int longest = 1;
    for (Field f : fields) {
      longest = Math.max(longest, f.length());
    }
    this.paddingRow = new long[longest];
    Arrays.fill(paddingRow, features.paddingIndex());
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
    Buffer[] blocks = arrays(records.size());
    write(records, blocks);
    return tensors(blocks, records.size());
  }

  /**
   * Encodes records laid out by field into one batch of the model's inputs: the same ids and values
   * as {@link #encode(List)} gives for the same records, with tokens looked up on their UTF-8 bytes
   * ({@link #utf8Tokens()}) and no Java String per token.
   *
   * @param columns the records, with {@link #fieldNames()} as their fields
   * @return one tensor per input, in signature order
   * @throws IllegalArgumentException if the columns hold other fields
   */
  public TensorBatch encode(RecordColumns columns) {
    Buffer[] blocks = arrays(columns.rows());
    write(columns, blocks);
    return tensors(blocks, columns.rows());
  }

  /**
   * Whether this model's inputs can be encoded into a {@link DirectBatch}: every input is int64
   * (ids), float32 or float64 (numbers).
   *
   * @return true when {@link #allocate} works
   */
  public boolean encodesDirect() {
    for (TensorSpec spec : inputs) {
      if (spec.dtype() != Dtype.INT64
          && spec.dtype() != Dtype.FLOAT32
          && spec.dtype() != Dtype.FLOAT64) {
        return false;
      }
    }
    return true;
  }

  /**
   * Allocates a direct batch laid out for this model's inputs, to be filled by {@link
   * #encode(RecordColumns, DirectBatch)} or {@link #encode(List, DirectBatch)} batch after batch.
   *
   * @param capacity the most records a batch holds
   * @return an empty batch
   * @throws UnsupportedOperationException if an input is of another dtype than int64, float32 or
   *     float64 ({@link #encodesDirect()})
   */
  public DirectBatch allocate(int capacity) {
    if (!encodesDirect()) {
      throw new UnsupportedOperationException(
          "inputs "
              + inputs.stream().map(TensorSpec::describe).toList()
              + ": only int64, float32 and float64 inputs are encoded into direct batches;"
              + " use encode(...) for Java arrays");
    }
    List<DirectBatch.Column> columns = new ArrayList<>();
    for (TensorSpec spec : inputs) {
      long[] shape = spec.shapeFor(1);
      columns.add(
          new DirectBatch.Column(
              spec.name(), spec.dtype(), Arrays.copyOfRange(shape, 1, shape.length)));
    }
    return DirectBatch.allocate(columns, capacity);
  }

  /**
   * Encodes records into a direct batch, replacing what it held.
   *
   * @param records the records, at most the batch's capacity
   * @param into a batch from {@link #allocate}
   * @throws IllegalArgumentException if there are more records than the batch holds, or the batch
   *     is laid out for other inputs
   */
  public void encode(List<RawRecord> records, DirectBatch into) {
    write(records, views(into, records.size()));
    into.setRows(records.size());
  }

  /**
   * Encodes records laid out by field into a direct batch, replacing what it held: the same values
   * as {@link #encode(RecordColumns)}.
   *
   * @param columns the records, at most the batch's capacity
   * @param into a batch from {@link #allocate}
   * @throws IllegalArgumentException if the columns hold other fields, there are more records than
   *     the batch holds, or the batch is laid out for other inputs
   */
  public void encode(RecordColumns columns, DirectBatch into) {
    write(columns, views(into, columns.rows()));
    into.setRows(columns.rows());
  }

  // Java arrays behind buffers: long[] for any integer input (narrowed at the end).
  private Buffer[] arrays(int n) {
    Buffer[] blocks = new Buffer[inputs.size()];
    for (int i = 0; i < blocks.length; i++) {
      int size = Math.multiplyExact(n, widths[i]);
      blocks[i] =
          switch (inputs.get(i).dtype()) {
            case FLOAT32 -> FloatBuffer.wrap(new float[size]);
            case FLOAT64 -> DoubleBuffer.wrap(new double[size]);
            default -> LongBuffer.wrap(new long[size]);
          };
    }
    return blocks;
  }

  private Buffer[] views(DirectBatch into, int n) {
    List<DirectBatch.Column> columns = into.columns();
    boolean same = columns.size() == inputs.size();
    for (int i = 0; same && i < inputs.size(); i++) {
      DirectBatch.Column c = columns.get(i);
      same =
          c.name().equals(inputs.get(i).name())
              && c.dtype() == inputs.get(i).dtype()
              && c.rowLength() == widths[i];
    }
    if (!same) {
      throw new IllegalArgumentException(
          "the direct batch holds "
              + into.names()
              + " laid out for another model; allocate it with this encoder's allocate(capacity)");
    }
    if (n > into.capacity()) {
      throw new IllegalArgumentException(
          n + " records do not fit a direct batch of capacity " + into.capacity());
    }
    Buffer[] views = new Buffer[columns.size()];
    for (int i = 0; i < views.length; i++) {
      views[i] =
          switch (columns.get(i).dtype()) {
            case FLOAT32 -> into.buffer(i).asFloatBuffer();
            case FLOAT64 -> into.buffer(i).asDoubleBuffer();
            default -> into.buffer(i).asLongBuffer();
          };
    }
    return views;
  }

  // Record by record, so each record's objects are read once, while still in cache. Every element
  // of every row is written (padding included): a reused direct batch holds the last batch's
  // values.
  private void write(List<RawRecord> records, Buffer[] blocks) {
    for (int r = 0, n = records.size(); r < n; r++) {
      RawRecord record = records.get(r);
      for (Field f : fields) {
        int offset = r * widths[f.input()] + f.column();
        Buffer block = blocks[f.input()];
        if (f.kind() == Features.Kind.NUMERIC) {
          Double raw = record.number(f.name());
          number(f, raw == null ? f.defaultValue() : raw, block, offset);
        } else {
          encodeTokens(f, record.tokens(f.name()), (LongBuffer) block, offset);
        }
      }
    }
  }

  // Field by field: each field's bytes are read front to back.
  private void write(RecordColumns columns, Buffer[] blocks) {
    if (!columns.fields().equals(fieldNames())) {
      throw new IllegalArgumentException(
          "the columns hold fields "
              + columns.fields()
              + ", the card's features read "
              + fieldNames()
              + "; lay the records out with RecordColumns.of(records, fieldNames(),"
              + " numericFields())");
    }
    int n = columns.rows();
    int from = columns.from();
    Utf8Tokens tokens = utf8Tokens();
    for (int i = 0; i < fields.length; i++) {
      Field f = fields[i];
      int width = widths[f.input()];
      Buffer block = blocks[f.input()];
      if (f.kind() == Features.Kind.NUMERIC) {
        double[] values = columns.numbers(i);
        for (int r = 0; r < n; r++) {
          double raw = values[from + r];
          number(f, Double.isNaN(raw) ? f.defaultValue() : raw, block, r * width + f.column());
        }
        continue;
      }
      byte[] bytes = columns.bytes(i);
      int[] tokenEnds = columns.tokenEnds(i);
      int[] recordEnds = columns.recordEnds(i);
      LongBuffer out = (LongBuffer) block;
      int length = f.length();
      for (int r = 0; r < n; r++) {
        int at = r * width + f.column();
        int kept = 0;
        for (int t = recordEnds[from + r], end = recordEnds[from + r + 1];
            t < end && kept < length;
            t++) {
          int start = tokenEnds[t];
          int id = tokens.id(i, bytes, start, tokenEnds[t + 1] - start);
          if (id != Utf8Tokens.DROPPED) {
            out.put(at + kept++, id);
          }
        }
        if (kept < length) {
          out.put(at + kept, paddingRow, 0, length - kept);
        }
      }
    }
  }

  // Standardised in float64, then cast to the input's dtype.
  private static void number(Field f, double raw, Buffer block, int offset) {
    double x = standardised(f, raw);
    if (block instanceof FloatBuffer floats) {
      floats.put(offset, (float) x);
    } else {
      ((DoubleBuffer) block).put(offset, x);
    }
  }

  private TensorBatch tensors(Buffer[] blocks, int n) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < blocks.length; i++) {
      TensorSpec spec = inputs.get(i);
      long[] shape = spec.shapeFor(n);
      Tensor t =
          switch (spec.dtype()) {
            case FLOAT32 -> Tensor.of(((FloatBuffer) blocks[i]).array(), shape);
            case FLOAT64 -> Tensor.of(((DoubleBuffer) blocks[i]).array(), shape);
            case INT64 -> Tensor.of(((LongBuffer) blocks[i]).array(), shape);
            default -> narrow(((LongBuffer) blocks[i]).array(), spec.dtype(), shape);
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

  private void encodeTokens(Field f, List<String> raw, LongBuffer out, int offset) {

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
        // Nothing changed (normalise then returns its argument): the lookup above was the one.
        id = normalised.equals(token) ? -1 : vocab.find(normalised);
        if (id < 0) {
          id = oov;
        }
      }
      out.put(offset + kept++, id);
    }
    if (kept < length) {
      out.put(offset + kept, paddingRow, 0, length - kept);
    }
  }

  /**
   * Returns the token lookup on UTF-8 bytes (Spark's columns, {@link RecordColumns}), with the same
   * vocabularies and normalisation as {@link #encode(List)}. Built on first use and kept.
   *
   * @return the lookup, one vocabulary per field in card order (null for numeric fields)
   */
  public Utf8Tokens utf8Tokens() {
    Utf8Tokens u = utf8;
    if (u == null) {
      synchronized (this) {
        u = utf8;
        if (u == null) {
          Utf8Vocabulary[] vocabularies = new Utf8Vocabulary[fields.length];
          for (int f = 0; f < fields.length; f++) {
            if (fields[f].vocabulary() != null) {
              vocabularies[f] = Utf8Vocabulary.of(fields[f].vocabulary());
            }
          }
          u = new Utf8Tokens(normaliser(), vocabularies, features.oovIndex());
          utf8 = u;
        }
      }
    }
    return u;
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
