package dev.parity.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict view of one JSON object of a file: every value is read through a typed accessor that
 * names the key's path in its error, and {@link #finish()} rejects the keys nobody read. A format
 * read this way cannot silently ignore what a file says.
 */
public final class JsonFields {
  private final Path file;
  private final String path;
  private final JsonNode node;
  private final String remedy;
  private final Set<String> known = new LinkedHashSet<>();

  private JsonFields(Path file, String path, JsonNode node, String remedy) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.remedy = remedy;
  }

  /**
   * Starts at a document's root.
   *
   * @param file the file, for messages
   * @param root the document
   * @param remedy what to do when something is wrong, appended to every message
   * @return the root object's fields
   * @throws MalformedFileException if the root is not an object
   */
  public static JsonFields root(Path file, JsonNode root, String remedy)
      throws MalformedFileException {
    JsonFields f = new JsonFields(file, "", root, remedy);
    if (!root.isObject()) {
      throw f.error(null, "expected a JSON object at the top, found " + kind(root));
    }
    return f;
  }

  /**
   * Returns the path of this object in the file.
   *
   * @return e.g. {@code signature.inputs[0]}, empty at the root
   */
  public String path() {
    return path;
  }

  /**
   * Whether the object has a key (null values count as absent).
   *
   * @param key the key
   * @return true when present and not null
   */
  public boolean has(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /**
   * Reads a required string.
   *
   * @param key the key
   * @return the value
   * @throws MalformedFileException if absent or not a string
   */
  public String string(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isTextual()) {
      throw error(key, "expected a string, found " + kind(v));
    }
    return v.textValue();
  }

  /**
   * Reads an optional string.
   *
   * @param key the key
   * @return the value, or null when absent
   * @throws MalformedFileException if present and not a string
   */
  public String optString(String key) throws MalformedFileException {
    return has(key) ? string(key) : null;
  }

  /**
   * Reads a required integer.
   *
   * @param key the key
   * @return the value
   * @throws MalformedFileException if absent or not an integer
   */
  public long integer(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(key, "expected an integer, found " + kind(v));
    }
    return v.longValue();
  }

  /**
   * Reads an optional integer.
   *
   * @param key the key
   * @return the value, or null when absent
   * @throws MalformedFileException if present and not an integer
   */
  public Long optInteger(String key) throws MalformedFileException {
    return has(key) ? integer(key) : null;
  }

  /**
   * Reads a required number.
   *
   * @param key the key
   * @return the value
   * @throws MalformedFileException if absent or not a finite number
   */
  public double number(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw error(key, "expected a finite number, found " + kind(v));
    }
    return v.doubleValue();
  }

  /**
   * Reads an optional number.
   *
   * @param key the key
   * @return the value, or null when absent
   * @throws MalformedFileException if present and not a finite number
   */
  public Double optNumber(String key) throws MalformedFileException {
    return has(key) ? number(key) : null;
  }

  /**
   * Reads a required boolean.
   *
   * @param key the key
   * @return the value
   * @throws MalformedFileException if absent or not true/false
   */
  public boolean bool(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isBoolean()) {
      throw error(key, "expected true or false, found " + kind(v));
    }
    return v.booleanValue();
  }

  /**
   * Reads a required string that must be one of a set.
   *
   * @param <E> the value type
   * @param key the key
   * @param choices the allowed strings and what each means, in the order messages list them
   * @return the chosen value
   * @throws MalformedFileException if absent, not a string, or not one of the choices
   */
  public <E> E choice(String key, Map<String, E> choices) throws MalformedFileException {
    String s = string(key);
    E e = choices.get(s);
    if (e == null) {
      throw error(key, "'" + s + "' is not one of " + String.join(", ", choices.keySet()) + "");
    }
    return e;
  }

  /**
   * Reads an optional string that must be one of a set.
   *
   * @param <E> the value type
   * @param key the key
   * @param choices the allowed strings and what each means
   * @return the chosen value, or null when absent
   * @throws MalformedFileException if present and not one of the choices
   */
  public <E> E optChoice(String key, Map<String, E> choices) throws MalformedFileException {
    return has(key) ? choice(key, choices) : null;
  }

  /**
   * Reads a required object.
   *
   * @param key the key
   * @return its fields
   * @throws MalformedFileException if absent or not an object
   */
  public JsonFields object(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isObject()) {
      throw error(key, "expected an object, found " + kind(v));
    }
    return new JsonFields(file, child(key), v, remedy);
  }

  /**
   * Reads an optional object.
   *
   * @param key the key
   * @return its fields, or null when absent
   * @throws MalformedFileException if present and not an object
   */
  public JsonFields optObject(String key) throws MalformedFileException {
    return has(key) ? object(key) : null;
  }

  /**
   * Reads a required list of objects.
   *
   * @param key the key
   * @return each element's fields
   * @throws MalformedFileException if absent, not a list, or an element is not an object
   */
  public List<JsonFields> objects(String key) throws MalformedFileException {
    JsonNode v = list(key);
    List<JsonFields> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String at = child(key) + "[" + i + "]";
      if (!e.isObject()) {
        throw new JsonFields(file, at, e, remedy)
            .error(null, "expected an object, found " + kind(e));
      }
      out.add(new JsonFields(file, at, e, remedy));
    }
    return out;
  }

  /**
   * Reads a required list of strings.
   *
   * @param key the key
   * @return the strings
   * @throws MalformedFileException if absent, not a list, or an element is not a string
   */
  public List<String> strings(String key) throws MalformedFileException {
    JsonNode v = list(key);
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw error(key + "[" + i + "]", "expected a string, found " + kind(v.get(i)));
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  /**
   * Reads a required list of integers.
   *
   * @param key the key
   * @return the integers
   * @throws MalformedFileException if absent, not a list, or an element is not an integer
   */
  public List<Long> integers(String key) throws MalformedFileException {
    JsonNode v = list(key);
    List<Long> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToLong()) {
        throw error(key + "[" + i + "]", "expected an integer, found " + kind(e));
      }
      out.add(e.longValue());
    }
    return out;
  }

  /**
   * Returns a value whose content the format leaves free (provenance, notes), as it is.
   *
   * @param key the key
   * @return the value, or null when absent
   */
  public JsonNode freeForm(String key) {
    known.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  /**
   * Returns the keys of this object in file order, for formats whose keys are names (a map).
   *
   * @return the keys
   */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  /**
   * Returns the raw value of a key, for values that take several forms (a string or an object).
   *
   * @param key the key
   * @return the value, or null when absent
   */
  public JsonNode raw(String key) {
    known.add(key);
    return node.get(key);
  }

  /**
   * Reads a value of a key of this object as an object, whatever its key.
   *
   * @param key the key
   * @param value the value
   * @return its fields
   * @throws MalformedFileException if the value is not an object
   */
  public JsonFields objectValue(String key, JsonNode value) throws MalformedFileException {
    known.add(key);
    if (!value.isObject()) {
      throw error(key, "expected an object, found " + kind(value));
    }
    return new JsonFields(file, child(key), value, remedy);
  }

  /**
   * Rejects the keys no accessor asked for.
   *
   * @throws MalformedFileException naming the first unknown key and the keys this object knows
   */
  public void finish() throws MalformedFileException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw error(
            k,
            "unknown key"
                + (known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")"));
      }
    }
  }

  /**
   * Makes the exception for a problem with a key of this object.
   *
   * @param key the key, or null for the object itself
   * @param problem what is wrong and what was expected
   * @return the exception, naming the file and the key's path
   */
  public MalformedFileException error(String key, String problem) {
    String at = key == null ? path : child(key);
    return new MalformedFileException(
        file.toString(),
        0,
        0,
        at.isEmpty() ? problem : "key '" + at + "': " + problem,
        remedy,
        null);
  }

  private JsonNode required(String key) throws MalformedFileException {
    known.add(key);
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw error(key, "required but missing");
    }
    return v;
  }

  private JsonNode list(String key) throws MalformedFileException {
    JsonNode v = required(key);
    if (!v.isArray()) {
      throw error(key, "expected a list, found " + kind(v));
    }
    return v;
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String kind(JsonNode v) {
    if (v.isTextual()) {
      return "the string \"" + abbreviate(v.textValue()) + "\"";
    }
    if (v.isNumber()) {
      return "the number " + v.asText();
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object";
    }
    return v.isNull() ? "null" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
