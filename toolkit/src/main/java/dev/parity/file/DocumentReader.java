package dev.parity.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads Parity's own JSON and YAML files (zoo metadata, model cards, vocabularies, reference
 * manifests, validation plans) through a Jackson mapper and turns every parse and mapping error
 * into a {@link MalformedFileException}: one line naming the file, line and column, what is wrong
 * (the key, for a value of the wrong type or an unknown key) and what to do. Every reader of these
 * files goes through here, so a truncated card reads the same as a truncated plan.
 */
public final class DocumentReader {
  // Jackson points at places inside its messages as "[Source: ...; line: 3, column: 7]".
  private static final Pattern SOURCE =
      Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

  private static final Pattern MISMATCH =
      Pattern.compile(
          "Cannot deserialize value of type `([^`]+)` from (.+?)(?: \\(token `[^`]+`\\))?(?::.*)?");
  private static final Pattern COERCION =
      Pattern.compile("Cannot coerce (.+?) to `([^`]+)` value.*");
  // A scalar as Jackson words it: String "abc", Integer value (3), Floating-point value (1.5).
  private static final Pattern VALUE =
      Pattern.compile("(String|Integer|Floating-point|Boolean)(?: value)? (?:\\((.*)\\)|(\".*\"))");
  private static final Pattern JAVA_TYPE = Pattern.compile("`((?:java|dev)\\.[\\w.$<>, ]+)`");

  private final ObjectMapper mapper;
  private final String format;

  private DocumentReader(ObjectMapper mapper) {
    this.mapper = mapper;
    this.format = mapper.getFactory().getFormatName();
  }

  /**
   * Creates a reader over a mapper, which sets the format (a {@code JsonMapper} or a {@code
   * YAMLMapper}) and how strict mapping is.
   *
   * @param mapper the mapper
   * @return the reader
   */
  public static DocumentReader of(ObjectMapper mapper) {
    return new DocumentReader(Objects.requireNonNull(mapper, "mapper"));
  }

  /**
   * Reads a file into a type.
   *
   * @param <T> the type
   * @param file the file
   * @param type the type
   * @param remedy what the user should do when the file is malformed, e.g. {@code restore it from
   *     git}
   * @return the value, never null
   * @throws MalformedFileException if the file is not valid, cut short, empty or does not fit the
   *     type
   * @throws IOException if the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
   */
  public <T> T read(Path file, Class<T> type, String remedy) throws IOException {
    return stream(file, remedy, p -> value(p, file.toString(), type, remedy));
  }

  /**
   * Reads text that came from a file (or from elsewhere, e.g. a classpath resource) into a type.
   *
   * @param <T> the type
   * @param text the document
   * @param source names the document in messages, e.g. its path
   * @param type the type
   * @param remedy what the user should do when the document is malformed
   * @return the value, never null
   * @throws MalformedFileException if the text is not valid, empty or does not fit the type
   */
  public <T> T read(String text, String source, Class<T> type, String remedy)
      throws MalformedFileException {
    try (JsonParser p = mapper.createParser(text)) {
      return value(p, source, type, remedy);
    } catch (JsonProcessingException e) {
      throw malformed(source, e, remedy);
    } catch (MalformedFileException e) {
      throw e;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading a string cannot fail: " + e, e);
    }
  }

  private <T> T value(JsonParser p, String source, Class<T> type, String remedy)
      throws IOException {
    if (p.nextToken() == null) {
      throw MalformedFileException.at(
          source,
          p.currentLocation(),
          "the file is empty; expected a " + format + " document",
          remedy);
    }
    T value = mapper.readValue(p, type);
    if (value == null) {
      throw MalformedFileException.at(
          source, p.currentLocation(), "holds null; expected a " + format + " object", remedy);
    }
    return value;
  }

  /**
   * Reads a document token by token, for files too large to map at once.
   *
   * @param <T> what is read
   */
  @FunctionalInterface
  public interface Streamed<T> {
    /**
     * Reads the document.
     *
     * @param parser the parser, before the first token
     * @return what was read
     * @throws IOException if the document cannot be read or does not fit; a {@link
     *     MalformedFileException} from {@link MalformedFileException#at} names the place
     */
    T read(JsonParser parser) throws IOException;
  }

  /**
   * Reads a file token by token: the parser's own errors (invalid syntax, a file cut short) become
   * a {@link MalformedFileException} naming the place.
   *
   * @param <T> what the body returns
   * @param file the file
   * @param remedy what the user should do when the file is malformed
   * @param body reads the document
   * @return what the body returns
   * @throws MalformedFileException if the file is not valid or the body finds it does not fit
   * @throws IOException if the file cannot be read
   */
  public <T> T stream(Path file, String remedy, Streamed<T> body) throws IOException {
    try (JsonParser p = mapper.createParser(Files.newInputStream(file))) {
      return body.read(p);
    } catch (JsonProcessingException e) {
      throw malformed(file.toString(), e, remedy);
    }
  }

  /**
   * Checks that a file is well-formed, without mapping it to a type.
   *
   * @param file the file
   * @param remedy what the user should do when the file is malformed
   * @throws MalformedFileException if the file is not valid or is cut short
   * @throws IOException if the file cannot be read
   */
  public void checkWellFormed(Path file, String remedy) throws IOException {
    stream(
        file,
        remedy,
        p -> {
          while (p.nextToken() != null) {
            p.skipChildren();
          }
          return null;
        });
  }

  /**
   * Turns a Jackson error into the one-line form.
   *
   * @param source the file as the user named it
   * @param e the error
   * @param remedy what to do
   * @return the exception to throw
   */
  public MalformedFileException malformed(String source, JsonProcessingException e, String remedy) {
    JsonProcessingException at = e;
    // Mapping wraps the parser's own errors (a file cut short inside an object); report those.
    for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof JsonProcessingException p && !(p instanceof JsonMappingException)) {
        at = p;
        break;
      }
    }
    int line = at.getLocation() == null ? 0 : at.getLocation().getLineNr();
    int column = at.getLocation() == null ? 0 : at.getLocation().getColumnNr();
    return new MalformedFileException(source, line, column, problem(at), remedy, e);
  }

  private String problem(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '"
          + u.getPropertyName()
          + "' at "
          + path(u, 1)
          + knownKeys(u.getKnownPropertyIds());
    }
    if (e instanceof JsonMappingException m) {
      String at = path(m, 0);
      return (at.equals("the top level") ? "" : "key " + at + ": ")
          + typesInWords(clean(m.getOriginalMessage()));
    }
    String what = "not valid " + format + ": " + clean(e.getOriginalMessage());
    return endsEarly(e) ? what + " (the file looks cut short)" : what;
  }

  // Jackson's JSON parser says "end-of-input" (not always as a JsonEOFException), SnakeYAML "end of
  // stream".
  private static boolean endsEarly(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage()).toLowerCase(java.util.Locale.ROOT);
    return e instanceof JsonEOFException
        || m.contains("end-of-input")
        || m.contains("end of stream");
  }

  private static String knownKeys(Collection<Object> known) {
    if (known == null || known.isEmpty()) {
      return "";
    }
    return "; expected one of "
        + known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
  }

  // The key path to the problem, less its last {@code drop} steps: e.g. artifacts[0].files.
  private static String path(JsonMappingException e, int drop) {
    StringBuilder b = new StringBuilder();
    var steps = e.getPath();
    for (int i = 0; i < steps.size() - drop; i++) {
      var step = steps.get(i);
      if (step.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(step.getFieldName());
      } else {
        b.append('[').append(step.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "the top level" : b.toString();
  }

  // Jackson names Java types ("Cannot deserialize value of type `java.lang.Double` from Array
  // value (token `JsonToken.START_ARRAY`)"); a user reads "expected a number, found a list".
  private static String typesInWords(String message) {
    Matcher m = MISMATCH.matcher(message);
    if (m.matches()) {
      return "expected " + typeInWords(m.group(1)) + ", found " + valueInWords(m.group(2));
    }
    m = COERCION.matcher(message);
    if (m.matches()) {
      return "expected " + typeInWords(m.group(2)) + ", found " + valueInWords(m.group(1));
    }
    return JAVA_TYPE.matcher(message).replaceAll(t -> typeInWords(t.group(1)));
  }

  private static String valueInWords(String found) {
    Matcher v = VALUE.matcher(found);
    if (!v.matches()) {
      return found.startsWith("Array")
          ? "a list"
          : found.startsWith("Object") ? "an object" : found;
    }
    String value = v.group(2) != null ? v.group(2) : v.group(3);
    return switch (v.group(1)) {
      case "String" -> "the string " + value;
      case "Boolean" -> value;
      default -> "the number " + value;
    };
  }

  private static String typeInWords(String javaType) {
    String t = javaType.replaceAll("<.*", "");
    t = t.substring(t.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    return switch (t) {
      case "int", "integer", "long", "short", "biginteger" -> "a whole number";
      case "double", "float", "bigdecimal", "number" -> "a number";
      case "string", "char", "character" -> "a string";
      case "boolean" -> "true or false";
      case "list", "arraylist", "collection", "set", "linkedhashset" -> "a list";
      default -> t.endsWith("[]") ? "a list" : "an object";
    };
  }

  // One line: Jackson's own places become "line L, column C"; a YAML parser's multi-line message
  // (a context, a snippet of the file with a caret, the problem) keeps only its sentences.
  private static String clean(String message) {
    if (message == null) {
      return "unknown problem";
    }
    Matcher m = SOURCE.matcher(message);
    String s = m.replaceAll("line $1, column $2");
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\\R")) {
      if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      b.append(b.length() == 0 ? "" : ", ").append(line.strip());
    }
    return b.length() == 0 ? s.strip() : b.toString();
  }

  /**
   * Checks a file's declared format, read from its {@code schema} key.
   *
   * @param file the file
   * @param expected the only schema the caller understands, e.g. {@code parity.model-card/1}
   * @param found the file's {@code schema} value, or null when absent
   * @param remedy what the user should do
   * @throws MalformedFileException naming the file and the key when they differ
   */
  public static void checkSchema(Path file, String expected, String found, String remedy)
      throws MalformedFileException {
    if (!expected.equals(found)) {
      throw new MalformedFileException(
          file.toString(),
          0,
          0,
          "key schema: expected " + expected + " but found " + found,
          remedy,
          null);
    }
  }

  /**
   * Returns the format this reader reads.
   *
   * @return {@code JSON} or {@code YAML}
   */
  public String format() {
    return format;
  }

  /**
   * Names a token for messages the way a user reads the file.
   *
   * @param token a parser token, or null at the end of the file
   * @return e.g. {@code a string}, {@code the end of the file}
   */
  public static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the file";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case FIELD_NAME -> "a key";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }
}
