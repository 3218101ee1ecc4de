package dev.parity.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the plan files users write (validation plans, bench plans) into the classes that describe
 * them, strictly: YAML, or JSON when the name ends in {@code .json}; an unknown key, a repeated key
 * or a fraction where a whole number belongs is an error naming the file, line and key, never
 * ignored. Checking the values is the plan's own business.
 */
public final class PlanFile {

  /** What to do when a plan is malformed. */
  public static final String REMEDY = "fix the plan, or leave --plan out for the shipped plan";

  private PlanFile() {}

  /**
   * Reads a plan file.
   *
   * @param <D> the document class
   * @param file the file
   * @param type the document class (records and their components map to keys)
   * @param schema the schema the plan must name, for the message about an empty file
   * @return the document
   * @throws PlanFileException if the file is missing, unreadable, empty or malformed
   */
  public static <D> D read(Path file, Class<D> type, String schema) throws PlanFileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PlanFileException(
          "plan "
              + file
              + " does not exist; pass an existing YAML or JSON file to --plan, or"
              + " leave --plan out for the shipped plan",
          e);
    } catch (IOException e) {
      throw new PlanFileException("plan " + file + " cannot be read: " + e.getMessage(), e);
    }
    boolean json = file.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return parse(text, file.toString(), json, type, schema);
  }

  /**
   * Reads a plan shipped on the classpath.
   *
   * @param <D> the document class
   * @param resource the resource name, YAML
   * @param type the document class
   * @param schema the schema the plan must name
   * @return the document
   * @throws IllegalStateException if the resource is missing or malformed: the build is broken
   */
  public static <D> D shipped(String resource, Class<D> type, String schema) {
    try (InputStream in = PlanFile.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the shipped plan " + resource + " is not on the classpath");
      }
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "shipped plan",
          false,
          type,
          schema);
    } catch (IOException e) {
      throw new IllegalStateException("the shipped plan " + resource + " is invalid: " + e, e);
    }
  }

  /**
   * Parses plan text.
   *
   * @param <D> the document class
   * @param text the plan
   * @param source names the plan in messages
   * @param json whether the text is JSON (else YAML)
   * @param type the document class
   * @param schema the schema the plan must name, for the message about an empty text
   * @return the document
   * @throws PlanFileException if the text is empty or malformed
   */
  public static <D> D parse(String text, String source, boolean json, Class<D> type, String schema)
      throws PlanFileException {
    ObjectMapper mapper =
        (json ? JsonMapper.builder() : YAMLMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    if (text.isBlank()) {
      throw new PlanFileException(
          "plan " + source + " is empty; expected at least schema: " + schema);
    }
    D doc;
    try {
      // One wording for every file Parity reads: file:line:column, the key, what to do.
      doc = DocumentReader.of(mapper).read(text, source, type, REMEDY);
    } catch (MalformedFileException e) {
      throw new PlanFileException(e.getMessage(), e);
    }
    if (doc == null) {
      throw new PlanFileException("plan " + source + " is empty; expected schema: " + schema);
    }
    return doc;
  }
}
