package dev.parity.file;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a JSON file into a tree, turning broken syntax into one line with file, line and column.
 */
public final class JsonFile {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private JsonFile() {}

  /**
   * Replaces the value of one top-level key of a JSON file, leaving every other byte as it was
   * (another writer's number and escape style included); a key the file lacks is added at the end.
   *
   * @param file the file
   * @param key the top-level key
   * @param value its new value
   * @throws IOException if the file cannot be read or written, or is not a JSON object
   */
  public static void replaceTopLevel(Path file, String key, JsonNode value) throws IOException {
    String text = Files.readString(file);
    int start = -1;
    int end = -1;
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(text)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new IOException(file + ": expected a JSON object");
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        int valueStart = (int) p.currentTokenLocation().getCharOffset();
        p.skipChildren();
        int valueEnd = (int) p.currentLocation().getCharOffset();
        if (name.equals(key)) {
          start = valueStart;
          end = valueEnd;
        }
      }
    }
    if (start < 0) {
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(text);
      root.set(key, value);
      write(file, root);
      return;
    }
    // The new value laid out as write() would, one level deep.
    String laid = pretty(value).replace("\n", "\n  ");
    Files.writeString(file, text.substring(0, start) + laid + text.substring(end));
  }

  private static String pretty(JsonNode node) throws IOException {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    return JSON.writer(printer).writeValueAsString(node);
  }

  /**
   * Writes a JSON document laid out as Python's {@code json.dump(obj, indent=2,
   * ensure_ascii=False)} does, with a final newline, so that files either side writes look alike.
   *
   * @param file where to write
   * @param document the document
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, JsonNode document) throws IOException {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    Files.writeString(file, JSON.writer(printer).writeValueAsString(document) + "\n");
  }

  /**
   * Reads a JSON file.
   *
   * @param file the file
   * @param remedy what to do when it is broken, e.g. {@code restore it from git}
   * @return the document's root
   * @throws MalformedFileException naming {@code file:line:column} when it is not valid JSON or is
   *     empty
   * @throws NoSuchFileException if it does not exist
   * @throws IOException if it cannot be read
   */
  public static JsonNode read(Path file, String remedy) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    return DocumentReader.of(JSON).read(file, JsonNode.class, remedy);
  }
}
