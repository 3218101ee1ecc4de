package dev.parity.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One raw input record as an upstream job hands it over: an id and, per field, the raw tokens
 * (unnormalised strings) or a number. A field that is absent or null has no tokens and no number.
 *
 * @param id the record's id, or null when the input has none
 * @param fields field name to raw tokens; a single-token field holds a list of one
 * @param numbers field name to number, for numeric fields
 */
public record RawRecord(String id, Map<String, List<String>> fields, Map<String, Double> numbers) {

  /** Copies the maps so the record stays immutable. */
  public RawRecord {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    numbers =
        Collections.unmodifiableMap(numbers.isEmpty() ? Map.of() : new LinkedHashMap<>(numbers));
  }

  /**
   * Makes a record of token fields only.
   *
   * @param id the record's id, or null
   * @param fields field name to raw tokens
   */
  public RawRecord(String id, Map<String, List<String>> fields) {
    this(id, fields, Map.of());
  }

  /**
   * Returns the number of a numeric field.
   *
   * @param name the field
   * @return the value, or null when the field is absent or null
   */
  public Double number(String name) {
    return numbers.get(name);
  }

  /**
   * Returns the raw tokens of a field.
   *
   * @param name the field
   * @return the tokens, empty when the field is absent or null
   */
  public List<String> tokens(String name) {
    List<String> t = fields.get(name);
    return t == null ? List.of() : t;
  }

  /**
   * Builds a record from loosely typed values, as parsed from JSON or a Spark row: each value must
   * be null, a string, or a list of strings.
   *
   * @param id the record id, or null
   * @param values field name to value
   * @return the record
   * @throws BadRecordException naming the record, the field and the type found
   */
  public static RawRecord of(String id, Map<String, ?> values) throws BadRecordException {
    return of(id, values, Set.of());
  }

  /**
   * Builds a record from loosely typed values: each value of a numeric field must be null or a
   * number, every other value null, a string, or a list of strings.
   *
   * @param id the record id, or null
   * @param values field name to value
   * @param numeric the names of the numeric fields
   * @return the record
   * @throws BadRecordException naming the record, the field and the type found
   */
  public static RawRecord of(String id, Map<String, ?> values, Set<String> numeric)
      throws BadRecordException {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (numeric.contains(e.getKey())) {
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(v instanceof Number) || !Double.isFinite(d)) {
          throw new BadRecordException(BadRecords.notANumber(id, e.getKey(), v));
        }
        numbers.put(e.getKey(), d);
        continue;
      }
      if (v instanceof String s) {
        fields.put(e.getKey(), List.of(s));
      } else if (v instanceof List<?> list) {
        List<String> tokens = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          if (!(list.get(i) instanceof String s)) {
            throw new BadRecordException(
                BadRecords.wrongElementType(id, e.getKey(), i, list.get(i)));
          }
          tokens.add(s);
        }
        fields.put(e.getKey(), Collections.unmodifiableList(tokens));
      } else {
        throw new BadRecordException(BadRecords.wrongType(id, e.getKey(), v));
      }
    }
    return new RawRecord(id, fields, numbers);
  }
}
