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
