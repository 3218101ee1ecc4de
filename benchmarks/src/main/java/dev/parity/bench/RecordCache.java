package dev.parity.bench;

import dev.parity.features.BadRecordException;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The readable records of a JSONL file, parsed once and kept in a compact binary file, so that each
 * JMH fork of a sweep reads them in a fraction of the time it takes to parse 100,000 JSON lines.
 *
 * <p>The cache holds exactly what {@link JsonlRecords} parsed: ids, each field as absent, one
 * string or a list of strings, and every string's UTF-16 code units as they are (lone surrogates
 * included). Records read back are built by {@link RawRecord#of} like parsed ones and are equal to
 * them. A cache file is named after the JSONL file's path, size and modification time, the fields
 * and the format version; any change to those makes a new one.
 */
public final class RecordCache {

  private static final int MAGIC = 0x50524332; // "PRC2": numbers added
  private static final byte ABSENT = 0;
  private static final byte ONE = 1;
  private static final byte LIST = 2;
  private static final byte NUMBER = 3;

  private RecordCache() {}

  /**
   * Returns the records of {@code jsonl}, from the cache in {@code cacheDir} when it holds them,
   * else parsed from the JSONL file and then written to the cache.
   *
   * @param jsonl the JSONL file ({@code .gz} is decompressed)
   * @param fields the fields to keep
   * @param numeric the fields among them that hold numbers
   * @param cacheDir where cache files live; created when missing
   * @return the readable records, in file order
   * @throws IOException if neither the cache nor the file can be read
   */
  public static List<RawRecord> records(
      Path jsonl, List<String> fields, Set<String> numeric, Path cacheDir) throws IOException {
    Path cache = file(jsonl, fields, cacheDir);
    if (Files.isRegularFile(cache)) {
      try {
        return read(cache, fields, numeric);
      } catch (IOException | RuntimeException e) {
        // A truncated or foreign file: parse again and replace it.
        Files.deleteIfExists(cache);
      }
    }
    List<RawRecord> records = parse(jsonl, fields, numeric);
    Files.createDirectories(cacheDir);
    Path name = Objects.requireNonNull(cache.getFileName(), "a cache file has a name");
    Path tmp = Files.createTempFile(cacheDir, name.toString(), ".tmp");
    try {
      write(tmp, fields, records);
      Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return records;
  }

  /**
   * The cache file for a JSONL file and fields.
   *
   * @param jsonl the JSONL file
   * @param fields the fields kept
   * @param cacheDir the cache folder
   * @return the path of its cache file (which may not exist)
   * @throws IOException if the JSONL file's size or time cannot be read
   */
  static Path file(Path jsonl, List<String> fields, Path cacheDir) throws IOException {
    Path abs = jsonl.toAbsolutePath().normalize();
    String key =
        abs
            + "\n"
            + Files.size(abs)
            + "\n"
            + Files.getLastModifiedTime(abs).toMillis()
            + "\n"
            + String.join("\n", fields)
            + "\n"
            + MAGIC;
    String name =
        Objects.requireNonNull(abs.getFileName(), "records come from a file, not " + abs)
            .toString()
            .replaceAll("[^A-Za-z0-9._-]", "_");
    return cacheDir.resolve(String.format(Locale.ROOT, "%s-%016x.records", name, fingerprint(key)));
  }

  // FNV-1a, 64 bits: names the file, no security role.
  private static long fingerprint(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  static List<RawRecord> parse(Path jsonl, List<String> fields, Set<String> numeric)
      throws IOException {
    List<RawRecord> out = new ArrayList<>();
    try (JsonlRecords lines = JsonlRecords.open(jsonl, fields, numeric)) {
      while (lines.hasNext()) {
        JsonlRecords.Line line = lines.next();
        if (line.ok()) {
          out.add(line.record());
        }
      }
    }
    return out;
  }

  static void write(Path file, List<String> fields, List<RawRecord> records) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(fields.size());
      for (String f : fields) {
        writeString(out, f);
      }
      out.writeInt(records.size());
      for (RawRecord r : records) {
        out.writeBoolean(r.id() != null);
        if (r.id() != null) {
          writeString(out, r.id());
        }
        for (String f : fields) {
          List<String> tokens = r.fields().get(f);
          Double number = r.number(f);
          if (number != null) {
            out.writeByte(NUMBER);
            out.writeDouble(number);
          } else if (tokens == null) {
            out.writeByte(ABSENT);
          } else if (tokens.size() == 1) {
            // A string and a one-token list parse to the same record.
            out.writeByte(ONE);
            writeString(out, tokens.get(0));
          } else {
            out.writeByte(LIST);
            out.writeInt(tokens.size());
            for (String t : tokens) {
              writeString(out, t);
            }
          }
        }
      }
    }
  }

  static List<RawRecord> read(Path file, List<String> fields, Set<String> numeric)
      throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
    try {
      if (in.getInt() != MAGIC) {
        throw new IOException(file + " is not a record cache");
      }
      int n = in.getInt();
      List<String> stored = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        stored.add(readString(in));
      }
      if (!stored.equals(fields)) {
        throw new IOException(file + " holds fields " + stored + ", not " + fields);
      }
      int count = in.getInt();
      List<RawRecord> out = new ArrayList<>(count);
      for (int r = 0; r < count; r++) {
        String id = in.get() != 0 ? readString(in) : null;
        Map<String, Object> values = new LinkedHashMap<>();
        for (String f : fields) {
          byte kind = in.get();
          if (kind == NUMBER) {
            values.put(f, in.getDouble());
          } else if (kind == ONE) {
            values.put(f, readString(in));
          } else if (kind == LIST) {
            int size = in.getInt();
            List<String> tokens = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
              tokens.add(readString(in));
            }
            values.put(f, tokens);
          } else if (kind != ABSENT) {
            throw new IOException(file + ": bad field kind " + kind + " in record " + r);
          }
        }
        out.add(RawRecord.of(id, values, numeric));
      }
      if (in.hasRemaining()) {
        throw new IOException(file + " has bytes after its last record");
      }
      return out;
    } catch (BufferUnderflowException | BadRecordException e) {
      throw new IOException(file + " is truncated or damaged: " + e, e);
    }
  }

  // Length in UTF-16 units, then one byte per unit when all are Latin-1, else two.
  private static void writeString(DataOutputStream out, String s) throws IOException {
    int n = s.length();
    boolean latin1 = true;
    for (int i = 0; i < n && latin1; i++) {
      latin1 = s.charAt(i) < 256;
    }
    out.writeInt(latin1 ? n : -n - 1);
    if (latin1) {
      out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    } else {
      out.writeChars(s);
    }
  }

  private static String readString(ByteBuffer in) {
    int header = in.getInt();
    long units = header >= 0 ? header : -(long) header - 1;
    if (units * (header >= 0 ? 1 : 2) > in.remaining()) {
      throw new BufferUnderflowException();
    }
    if (header >= 0) {
      String latin1 = new String(in.array(), in.position(), header, StandardCharsets.ISO_8859_1);
      in.position(in.position() + header);
      return latin1;
    }
    char[] chars = new char[(int) units];
    in.asCharBuffer().get(chars);
    in.position(in.position() + 2 * chars.length);
    return new String(chars);
  }
}
