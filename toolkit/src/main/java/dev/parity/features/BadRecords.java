package dev.parity.features;

import java.util.List;
import java.util.Map;

/**
 * The words for every kind of bad record, on every path that reads records (the toolkit's JSON
 * Lines reader, {@link RawRecord#of}, {@link FeatureSpec#checkBounds}, Spark's row and columnar
 * scorers), so that the same bad record gets the same reason wherever it is read. {@code
 * docs/bad-input.md} quotes these messages.
 *
 * <p>A reason names the record ({@link #record}) or, for a line that is not a record, where it is
 * ({@link #atLine}, {@link #withLineStart}), then says what was expected and what was found.
 */
public final class BadRecords {
  private static final int QUOTED_LINE_START = 80;

  private BadRecords() {}

  /**
   * Names a record in a reason.
   *
   * @param id the record's id, or null when it has none
   * @return {@code record ID}, or {@code record}
   */
  public static String record(Object id) {
    return id == null ? "record" : "record " + id;
  }

  /**
   * A field whose value is neither a string, a list of strings nor null.
   *
   * @param id the record's id, or null
   * @param field the field
   * @param found the value found, as JSON reads it (a {@link Number}, {@link Boolean}, {@link Map}
   *     for an object, {@link List} for a list)
   * @return the reason
   */
  public static String wrongType(Object id, String field, Object found) {
    return record(id)
        + ": field "
        + field
        + " must be a string, a list of strings or null, found "
        + typeOf(found);
  }

  /**
   * A numeric field whose value is not a finite number.
   *
   * @param id the record's id, or null
   * @param field the field
   * @param found the value found, as JSON reads it
   * @return the reason
   */
  public static String notANumber(Object id, String field, Object found) {
    return record(id)
        + ": field "
        + field
        + " must be a finite number or null, found "
        + typeOf(found);
  }

  /**
   * A bag element that is not a string.
   *
   * @param id the record's id, or null
   * @param field the field
   * @param index the element's position in the bag
   * @param found the element found, null included
   * @return the reason
   */
  public static String wrongElementType(Object id, String field, int index, Object found) {
    return record(id)
        + ": field "
        + field
        + "["
        + index
        + "] must be a string, found "
        + typeOf(found);
  }

  /**
   * A bag longer than a reader accepts.
   *
   * @param id the record's id, or null
   * @param field the field
   * @param tokens the bag's length
   * @param maxBagFactor how many times its fixed length a bag may hold
   * @param length the field's fixed length
   * @return the reason
   */
  public static String oversizedBag(
      Object id, String field, int tokens, int maxBagFactor, int length) {
    return record(id)
        + ": field "
        + field
        + " holds "
        + tokens
        + " tokens, more than "
        + maxBagFactor
        + " times its length "
        + length;
  }

  /**
   * An id outside its field's vocabulary, about to reach an engine.
   *
   * @param id the id
   * @param field the field
   * @param record the record's row in its batch
   * @param position the position within the field
   * @param vocabSize the field's vocabulary size
   * @return the reason
   */
  public static String idOutOfRange(
      long id, String field, int record, int position, long vocabSize) {
    return "id "
        + id
        + " of field "
        + field
        + " (record "
        + record
        + " of the batch, position "
        + position
        + ") is outside [0, "
        + vocabSize
        + ")";
  }

  /**
   * A line that does not parse as JSON.
   *
   * @param parserMessage the parser's own message, without its location
   * @return the reason
   */
  public static String notJson(String parserMessage) {
    return "not valid JSON: " + parserMessage;
  }

  /**
   * A line that is JSON but not an object.
   *
   * @return the reason
   */
  public static String notAnObject() {
    return "expected a JSON object";
  }

  /**
   * A line whose bytes are not valid UTF-8.
   *
   * @return the reason
   */
  public static String notUtf8() {
    return "not valid UTF-8";
  }

  /**
   * A line that could not be read for another reason.
   *
   * @param message what the reader said
   * @return the reason
   */
  public static String unreadable(String message) {
    return "unreadable: " + message;
  }

  /**
   * Places a reason at a line of a file.
   *
   * @param number the 1-based line number
   * @param reason the reason
   * @return {@code line N: reason}
   */
  public static String atLine(int number, String reason) {
    return "line " + number + ": " + reason;
  }

  /**
   * Places a reason at a line whose number is unknown (Spark's text source keeps none) by quoting
   * its start, so that it can be found.
   *
   * @param reason the reason
   * @param line the line
   * @return the reason followed by the line's first 80 characters
   */
  public static String withLineStart(String reason, String line) {
    if (line.isBlank()) {
      return reason + "; the line is blank";
    }
    return reason
        + "; the line starts "
        + (line.length() <= QUOTED_LINE_START
            ? line
            : line.substring(0, QUOTED_LINE_START) + "...");
  }

  private static String typeOf(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number n) {
      return "a number (" + n + ")";
    }
    if (v instanceof Boolean b) {
      return "a boolean (" + b + ")";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    return "a " + v.getClass().getSimpleName();
  }
}
