package dev.parity.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Raw records laid out by field, as a columnar reader (Parquet, Arrow, Spark's column vectors)
 * holds them: each token field's tokens as UTF-8 bytes in one array, each numeric field's values in
 * one {@code double[]}. {@link RecordEncoder#encode(RecordColumns)} reads them without a Java
 * String or object per token, which is what makes encoding cost a fraction of walking {@link
 * RawRecord}s; the ids are the same as {@link RecordEncoder#encode(List)} gives for the same
 * records.
 *
 * <p>Immutable once built; {@link #rows(int, int)} gives a view of some records without copying.
 */
public final class RecordColumns {
  private final List<String> fields;
  private final boolean[] numeric;
  private final String[] ids;
  // Per token field: token bytes, where each token ends in them, where each record's tokens end.
  private final byte[][] bytes;
  private final int[][] tokenEnds;
  private final int[][] recordEnds;
  // Per numeric field: the value of each record, NaN when the record has none.
  private final double[][] numbers;
  private final int from;
  private final int rows;

  private RecordColumns(
      List<String> fields,
      boolean[] numeric,
      String[] ids,
      byte[][] bytes,
      int[][] tokenEnds,
      int[][] recordEnds,
      double[][] numbers,
      int from,
      int rows) {
    this.fields = List.copyOf(fields);
    this.numeric = numeric;
    this.ids = ids;
    this.bytes = bytes;
    this.tokenEnds = tokenEnds;
    this.recordEnds = recordEnds;
    this.numbers = numbers;
    this.from = from;
    this.rows = rows;
  }

  /**
   * Lays out records by field.
   *
   * @param records the records
   * @param fields the fields to keep, e.g. {@link RecordEncoder#fieldNames()}
   * @param numeric the fields among them that hold numbers, e.g. {@link
   *     RecordEncoder#numericFields()}
   * @return the columns, one row per record in order
   */
  public static RecordColumns of(
      List<RawRecord> records, List<String> fields, Set<String> numeric) {
    Builder b = builder(fields, numeric);
    for (RawRecord r : records) {
      b.add(r);
    }
    return b.build();
  }

  /**
   * Starts an empty layout.
   *
   * @param fields the fields to keep
   * @param numeric the fields among them that hold numbers
   * @return a builder
   */
  public static Builder builder(List<String> fields, Set<String> numeric) {
    return new Builder(fields, numeric);
  }

  /**
   * Returns the number of records.
   *
   * @return the rows
   */
  public int rows() {
    return rows;
  }

  /**
   * Returns the fields, in order.
   *
   * @return the field names
   */
  public List<String> fields() {
    return fields;
  }

  /**
   * Returns a record's id.
   *
   * @param row the record
   * @return its id, or null when it has none
   */
  public String id(int row) {
    return ids[from + checked(row)];
  }

  /**
   * Returns the records {@code [start, end)} as a view sharing this layout's arrays.
   *
   * @param start first record
   * @param end one past the last record
   * @return the view
   */
  public RecordColumns rows(int start, int end) {
    if (start < 0 || end > rows || start > end) {
      throw new IndexOutOfBoundsException("rows [" + start + ", " + end + ") of " + rows);
    }
    return new RecordColumns(
        fields, numeric, ids, bytes, tokenEnds, recordEnds, numbers, from + start, end - start);
  }

  private int checked(int row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("row " + row + " of " + rows);
    }
    return row;
  }

  /** Whether a field, by position in {@link #fields()}, holds numbers. */
  boolean isNumeric(int field) {
    return numeric[field];
  }

  /** A token field's bytes. */
  byte[] bytes(int field) {
    return bytes[field];
  }

  /** A token field's token end offsets: token {@code t} spans {@code [ends[t], ends[t + 1])}. */
  int[] tokenEnds(int field) {
    return tokenEnds[field];
  }

  /**
   * A token field's record ends: record {@code r} of this view holds tokens {@code [ends[from + r],
   * ends[from + r + 1])}.
   */
  int[] recordEnds(int field) {
    return recordEnds[field];
  }

  /** A numeric field's values, NaN where a record has none, indexed from {@link #from()}. */
  double[] numbers(int field) {
    return numbers[field];
  }

  /** Where this view's first record sits in the arrays. */
  int from() {
    return from;
  }

  /** Collects records field by field; one builder makes one {@link RecordColumns}. */
  public static final class Builder {
    private final List<String> fields;
    private final boolean[] numeric;
    private final List<String> ids = new ArrayList<>();
    private final byte[][] bytes;
    private final int[] byteCount;
    private final int[][] tokenEnds;
    private final int[] tokenCount;
    private final int[][] recordEnds;
    private final double[][] numbers;
    private int rows;

    private Builder(List<String> fields, Set<String> numeric) {
      this.fields = List.copyOf(fields);
      int n = this.fields.size();
      this.numeric = new boolean[n];
      bytes = new byte[n][];
      byteCount = new int[n];
      tokenEnds = new int[n][];
      tokenCount = new int[n];
      recordEnds = new int[n][];
      numbers = new double[n][];
      for (int f = 0; f < n; f++) {
        this.numeric[f] = numeric.contains(this.fields.get(f));
        if (this.numeric[f]) {
          numbers[f] = new double[16];
        } else {
          bytes[f] = new byte[256];
          tokenEnds[f] = new int[17];
          recordEnds[f] = new int[17];
        }
      }
    }

    /**
     * Adds a record: its tokens for the token fields, its numbers for the numeric ones.
     *
     * @param record the record
     * @return this builder
     */
    public Builder add(RawRecord record) {
      ids.add(record.id());
      for (int f = 0; f < numeric.length; f++) {
        String name = fields.get(f);
        if (numeric[f]) {
          Double value = record.number(name);
          if (rows == numbers[f].length) {
            numbers[f] = Arrays.copyOf(numbers[f], rows * 2);
          }
          numbers[f][rows] = value == null ? Double.NaN : value;
          continue;
        }
        for (String token : record.tokens(name)) {
          addToken(f, token);
        }
        if (rows + 1 == recordEnds[f].length) {
          recordEnds[f] = Arrays.copyOf(recordEnds[f], recordEnds[f].length * 2);
        }
        recordEnds[f][rows + 1] = tokenCount[f];
      }
      rows++;
      return this;
    }

    private void addToken(int f, String token) {
      int most = byteCount[f] + 3 * token.length();
      if (most > bytes[f].length) {
        bytes[f] = Arrays.copyOf(bytes[f], Math.max(most, bytes[f].length * 2));
      }
      byteCount[f] = Utf8Vocabulary.writeUtf8(token, bytes[f], byteCount[f]);
      if (tokenCount[f] + 1 == tokenEnds[f].length) {
        tokenEnds[f] = Arrays.copyOf(tokenEnds[f], tokenEnds[f].length * 2);
      }
      tokenEnds[f][++tokenCount[f]] = byteCount[f];
    }

    /**
     * Builds the layout.
     *
     * @return the records added, in order
     */
    public RecordColumns build() {
      int n = numeric.length;
      byte[][] b = new byte[n][];
      int[][] t = new int[n][];
      int[][] r = new int[n][];
      double[][] x = new double[n][];
      // Copies: the columns stay as built if this builder goes on adding.
      for (int f = 0; f < n; f++) {
        if (numeric[f]) {
          x[f] = Arrays.copyOf(numbers[f], rows);
        } else {
          b[f] = Arrays.copyOf(bytes[f], byteCount[f]);
          t[f] = Arrays.copyOf(tokenEnds[f], tokenCount[f] + 1);
          r[f] = Arrays.copyOf(recordEnds[f], rows + 1);
        }
      }
      return new RecordColumns(
          fields, numeric.clone(), ids.toArray(String[]::new), b, t, r, x, 0, rows);
    }
  }
}
