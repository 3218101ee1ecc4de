package dev.parity.harness;

import dev.parity.card.Features;
import dev.parity.features.RawRecord;
import dev.parity.features.TokenNormaliser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slice each record falls in, per field, collected while the raw records stream past: a
 * categorical ({@code token}) field's normalised value, a numeric field's raw value. Bags hold many
 * values per record and are not sliced.
 */
final class SliceKeys {
  /** The value of a record whose categorical field is missing or empty. */
  static final String MISSING = "(missing)";

  private final TokenNormaliser normaliser;
  private final Map<String, Categorical> categorical = new LinkedHashMap<>();
  private final Map<String, Numeric> numeric = new LinkedHashMap<>();
  private int records;

  /** One categorical field: a code per record, and the values by code. */
  static final class Categorical {
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private int[] perRecord = new int[1024];

    int code(int record) {
      return perRecord[record];
    }

    String value(int code) {
      return values.get(code);
    }

    int distinct() {
      return values.size();
    }
  }

  /** One numeric field: its raw value per record, NaN when missing. */
  static final class Numeric {
    private double[] perRecord = new double[1024];

    double value(int record) {
      return perRecord[record];
    }
  }

  /**
   * Plans the collection.
   *
   * @param features the card's features
   */
  SliceKeys(Features features) {
    this.normaliser =
        features.normalisation() == null ? null : TokenNormaliser.of(features.normalisation());
    for (Features.Field f : features.fields()) {
      switch (f.kind()) {
        case TOKEN -> categorical.put(f.name(), new Categorical());
        case NUMERIC -> numeric.put(f.name(), new Numeric());
        default -> {
          // A bag has many values per record: no slice of its own.
        }
      }
    }
  }

  /**
   * Adds the next records, in reference-set order.
   *
   * @param chunk the records
   */
  void add(List<RawRecord> chunk) {
    int end = records + chunk.size();
    for (Map.Entry<String, Categorical> e : categorical.entrySet()) {
      Categorical c = e.getValue();
      if (c.perRecord.length < end) {
        c.perRecord = Arrays.copyOf(c.perRecord, Math.max(end, c.perRecord.length * 2));
      }
      for (int i = 0; i < chunk.size(); i++) {
        String value = firstToken(chunk.get(i).tokens(e.getKey()));
        c.perRecord[records + i] =
            c.codes.computeIfAbsent(
                value,
                v -> {
                  c.values.add(v);
                  return c.values.size() - 1;
                });
      }
    }
    for (Map.Entry<String, Numeric> e : numeric.entrySet()) {
      Numeric n = e.getValue();
      if (n.perRecord.length < end) {
        n.perRecord = Arrays.copyOf(n.perRecord, Math.max(end, n.perRecord.length * 2));
      }
      for (int i = 0; i < chunk.size(); i++) {
        Double v = chunk.get(i).number(e.getKey());
        n.perRecord[records + i] = v == null ? Double.NaN : v;
      }
    }
    records = end;
  }

  // The token the encoder keeps: the first one not empty after normalisation.
  private String firstToken(List<String> tokens) {
    for (String t : tokens) {
      String n = normaliser == null ? t : normaliser.normalise(t);
      if (!n.isEmpty()) {
        return n;
      }
    }
    return MISSING;
  }

  int records() {
    return records;
  }

  Map<String, Categorical> categorical() {
    return categorical;
  }

  Map<String, Numeric> numeric() {
    return numeric;
  }
}
