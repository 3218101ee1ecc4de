package dev.parity.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.features.BadRecordException;
import dev.parity.features.BadRecords;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one input row into a raw record, or says why it cannot. Built on the driver from the
 * input's schema; serializable, so it travels to the executors.
 */
abstract class InputRows implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Reads the row's id, for error reports; never throws.
   *
   * @param row an input row
   * @return the id, or null when the row has none that can be read
   */
  abstract String id(Row row);

  /**
   * Reads the row as a raw record.
   *
   * @param row an input row
   * @param fields the model's field names
   * @param numeric the names of its numeric fields
   * @return the record
   * @throws BadRecordException naming the field and what is wrong with it
   */
  abstract RawRecord record(Row row, List<String> fields, Set<String> numeric)
      throws BadRecordException;

  /**
   * Reads Parquet (or any columnar source) rows: the {@code id} column and the model's fields by
   * name. A field the schema lacks is an absent field; a column of the wrong type makes every row
   * bad, with the type named.
   *
   * @param schema the input's schema
   * @return the reader
   */
  static InputRows columns(StructType schema) {
    String[] names = schema.fieldNames();
    boolean[] arrays = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      arrays[i] = schema.fields()[i].dataType() instanceof ArrayType;
    }
    return new Columns(List.of(names), arrays);
  }

  /**
   * Reads rows of one string column, {@code value}, each a JSON object (Spark's text source).
   *
   * @return the reader
   */
  static InputRows jsonLines() {
    return new JsonLines();
  }

  private static final class Columns extends InputRows {
    private static final long serialVersionUID = 1L;
    private final List<String> columns;
    private final boolean[] arrays;
    private final int idIndex;
    private transient List<String> resolvedFields;
    private transient int[] indices;

    Columns(List<String> columns, boolean[] arrays) {
      this.columns = columns;
      this.arrays = arrays;
      this.idIndex = columns.indexOf(Scored.ID);
    }

    private int[] indices(List<String> fields) {
      if (!fields.equals(resolvedFields)) {
        int[] found = new int[fields.size()];
        for (int f = 0; f < found.length; f++) {
          found[f] = columns.indexOf(fields.get(f));
        }
        indices = found;
        resolvedFields = fields;
      }
      return indices;
    }

    @Override
    String id(Row row) {
      if (idIndex < 0 || row.isNullAt(idIndex)) {
        return null;
      }
      return String.valueOf(row.get(idIndex));
    }

    @Override
    RawRecord record(Row row, List<String> fields, Set<String> numeric) throws BadRecordException {
      int[] at = indices(fields);
      Map<String, Object> values = new LinkedHashMap<>();
      for (int f = 0; f < fields.size(); f++) {
        int i = at[f];
        if (i < 0 || row.isNullAt(i)) {
          values.put(fields.get(f), null);
        } else {
          values.put(fields.get(f), plain(arrays[i] ? row.getList(i) : row.get(i)));
        }
      }
      return RawRecord.of(id(row), values, numeric);
    }

    // Spark's structs and maps are objects and its nested arrays lists, as in JSON, so that
    // RawRecord.of names their type ("an object", "a list") instead of a Scala class.
    private static Object plain(Object v) {
      if (v instanceof Row || v instanceof scala.collection.Map<?, ?>) {
        return Map.of();
      }
      if (v instanceof scala.collection.Seq<?>) {
        return List.of();
      }
      if (v instanceof List<?> list) {
        for (Object e : list) {
          if (e != null && !(e instanceof String)) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(plain(x)));
            return out;
          }
        }
      }
      return v;
    }
  }

  private static final class JsonLines extends InputRows {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    String id(Row row) {
      try {
        return JsonlRecords.id(JSON.readTree(row.getString(0)));
      } catch (JsonProcessingException | RuntimeException e) {
        return null;
      }
    }

    // A line with no id to report has no line number either (Spark's text source keeps none):
    // its reason quotes the line's start so that the reader can find it.
    @Override
    RawRecord record(Row row, List<String> fields, Set<String> numeric) throws BadRecordException {
      String line = row.getString(0);
      if (row.size() > 1 && !row.isNullAt(1) && !row.getBoolean(1)) {
        throw new BadRecordException(BadRecords.withLineStart(BadRecords.notUtf8(), line));
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new BadRecordException(
            BadRecords.withLineStart(BadRecords.notJson(e.getOriginalMessage()), line));
      }
      if (!(node instanceof ObjectNode object)) {
        throw new BadRecordException(BadRecords.withLineStart(BadRecords.notAnObject(), line));
      }
      return JsonlRecords.record(object, fields, numeric);
    }
  }
}
