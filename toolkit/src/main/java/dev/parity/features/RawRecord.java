package dev.parity.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One raw input record as an upstream job hands it over: an id and, per field, the raw tokens
 * (unnormalised strings). A field that is absent or null has no tokens.
 *
 * @param id the record's id, or null when the input has none
 * @param fields field name to raw tokens; a single-token field holds a list of one
 */
public record RawRecord(String id, Map<String, List<String>> fields) {

  /** Copies the map so the record stays immutable. */
  public RawRecord {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
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
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
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
    return new RawRecord(id, fields);
  }
}
