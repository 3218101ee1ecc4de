package dev.parity.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads raw records from JSON Lines, plain or gzip: one JSON object per line with an optional
 * {@code id} and the model's fields. Each line is parsed on its own from its bytes, so a broken
 * line (bad JSON, invalid UTF-8, a field of the wrong type) becomes a {@link Line} carrying the
 * error and its line number, and the lines after it are still read.
 */
public final class JsonlRecords implements Iterator<JsonlRecords.Line>, Closeable {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final InputStream in;
  private final CountingStream counter;
  private final List<String> fields;
  private final Set<String> numeric;
  private final String source;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private final byte[] chunk = new byte[1 << 16];
  private int pos;
  private int limit;
  private int lineNumber;
  private Line next;
  private boolean done;

  /**
   * One input line: a record, or why it could not be read.
   *
   * @param number the 1-based line number
   * @param record the record, or null when {@code error} is set
   * @param error why the line is not a record, or null
   */
  public record Line(int number, RawRecord record, String error) {

    /**
     * Returns whether the line holds a record.
     *
     * @return true when {@code record} is set
     */
    public boolean ok() {
      return error == null;
    }
  }

  private JsonlRecords(InputStream raw, List<String> fields, Set<String> numeric, String source)
      throws IOException {
    this.counter = new CountingStream(raw);
    InputStream s = new BufferedInputStream(counter, 1 << 16);
    if (source.endsWith(".gz")) {
      s = new BufferedInputStream(new GZIPInputStream(s, 1 << 16), 1 << 16);
    }
    this.in = s;
    this.fields = List.copyOf(fields);
    this.numeric = Set.copyOf(numeric);
    this.source = source;
  }

  /**
   * Opens a JSONL file ({@code .gz} is decompressed).
   *
   * @param file the file
   * @param fields the field names to read from each object
   * @return the reader; close it
   * @throws IOException if the file cannot be opened
   */
  public static JsonlRecords open(Path file, List<String> fields) throws IOException {
    return open(file, fields, Set.of());
  }

  /**
   * Opens a JSONL file ({@code .gz} is decompressed) whose records have numeric fields.
   *
   * @param file the file
   * @param fields the field names to read from each object
   * @param numeric the names among them whose values are numbers
   * @return the reader; close it
   * @throws IOException if the file cannot be opened
   */
  public static JsonlRecords open(Path file, List<String> fields, Set<String> numeric)
      throws IOException {
    return new JsonlRecords(Files.newInputStream(file), fields, numeric, file.toString());
  }

  /**
   * Reads every line of a file into memory.
   *
   * @param file the file
   * @param fields the field names to read
   * @return the lines, good and bad, in order
   * @throws IOException if the file cannot be read
   */
  public static List<Line> readAll(Path file, List<String> fields) throws IOException {
    List<Line> out = new ArrayList<>();
    try (JsonlRecords r = open(file, fields)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * Returns how many bytes of the file (compressed, for gzip) have been read, for progress.
   *
   * @return bytes
   */
  public long bytesRead() {
    return counter.count;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        next = readLine();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(source + ": " + e.getMessage(), e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public Line next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Line l = next;
    next = null;
    return l;
  }

  private Line readLine() throws IOException {
    while (true) {
      buffer.reset();
      boolean any = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(chunk, 0, chunk.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        any = true;
        // Scan the chunk for the line end instead of reading byte by byte: a synchronized
        // read() per byte cost more than parsing the JSON.
        int end = pos;
        while (end < limit && chunk[end] != '\n') {
          end++;
        }
        buffer.write(chunk, pos, end - pos);
        if (end < limit) {
          pos = end + 1;
          break;
        }
        pos = limit;
      }
      if (!any && buffer.size() == 0) {
        return null;
      }
      lineNumber++;
      byte[] bytes = buffer.toByteArray();
      if (isBlank(bytes)) {
        if (limit == 0 && pos == 0) {
          return null;
        }
        continue;
      }
      return parse(lineNumber, bytes);
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte x : bytes) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  private Line parse(int number, byte[] bytes) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      return error(number, BadRecords.notJson(e.getOriginalMessage()));
    } catch (IOException e) {
      return error(number, BadRecords.unreadable(e.getMessage()));
    }
    if (!(node instanceof ObjectNode object)) {
      return error(number, BadRecords.notAnObject());
    }
    try {
      return new Line(number, record(object, fields, numeric), null);
    } catch (BadRecordException e) {
      return error(number, e.getMessage());
    }
  }

  private static Line error(int number, String reason) {
    return new Line(number, null, BadRecords.atLine(number, reason));
  }

  /**
   * Reads one JSON object as a raw record: its {@code id} and the given fields. Any JSON Lines
   * reader (this one, Spark's) goes through here, so a line means the same record everywhere.
   *
   * @param line the line's object
   * @param fields the field names to read
   * @return the record
   * @throws BadRecordException naming the record, the field and the type found when a field is not
   *     a string, a list of strings or null
   */
  public static RawRecord record(ObjectNode line, List<String> fields) throws BadRecordException {
    return record(line, fields, Set.of());
  }

  /**
   * Builds a record from a parsed line whose model has numeric fields.
   *
   * @param line the parsed line
   * @param fields the field names to read
   * @param numeric the names among them whose values are numbers
   * @return the record
   * @throws BadRecordException naming the field and the type found when a value has the wrong type
   */
  public static RawRecord record(ObjectNode line, List<String> fields, Set<String> numeric)
      throws BadRecordException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String f : fields) {
      values.put(f, toJava(line.get(f)));
    }
    return RawRecord.of(id(line), values, numeric);
  }

  /**
   * Reads a line's {@code id}, as text.
   *
   * @param line the parsed line
   * @return the id, or null when the line is not an object or has no id or a null one
   */
  public static String id(JsonNode line) {
    JsonNode id = line == null ? null : line.get("id");
    return id == null || id.isNull() ? null : id.asText();
  }

  // Keeps wrong types visible to RawRecord.of, which names them in its error.
  private static Object toJava(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>(v.size());
      v.forEach(e -> out.add(toJava(e)));
      return out;
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return Map.of();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
