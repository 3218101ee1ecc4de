package dev.parity.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {
  private static final String REMEDY = "restore it from git";

  private static final DocumentReader LENIENT =
      DocumentReader.of(
          JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
  private static final DocumentReader STRICT = DocumentReader.of(JsonMapper.builder().build());

  @TempDir Path dir;

  record Item(String name, long size) {}

  record Listing(String schema, List<Item> items) {}

  private static final String LISTING =
      "{\n  \"schema\": \"s/1\",\n  \"items\": [\n    {\"name\": \"a\", \"size\": 1},\n"
          + "    {\"name\": \"b\", \"size\": 2}\n  ]\n}\n";

  @Test
  void read_wellFormedFile_mapsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("listing.json"), LISTING);

    Listing l = LENIENT.read(file, Listing.class, REMEDY);

    assertThat(l.items()).extracting(Item::size).containsExactly(1L, 2L);
  }

  @Test
  void read_truncatedFile_oneLineNamingFileLineColumnAndRemedy() throws Exception {
    Path file = Files.writeString(dir.resolve("listing.json"), LISTING.substring(0, 58));

    assertThatThrownBy(() -> LENIENT.read(file, Listing.class, REMEDY))
        .isInstanceOfSatisfying(
            MalformedFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file.toString());
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.column()).isPositive();
              assertThat(e.getMessage())
                  .startsWith(file + ":4:" + e.column() + ": not valid JSON: ")
                  .contains("cut short")
                  .endsWith("; " + REMEDY)
                  .doesNotContain("\n")
                  .doesNotContain("Source:");
            });
  }

  @Test
  void read_wrongType_namesTheKeyPath() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("listing.json"), LISTING.replace("\"size\": 2", "\"size\": \"two\""));

    assertThatThrownBy(() -> LENIENT.read(file, Listing.class, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(file + ":5:")
        .hasMessageContaining(
            "key items[1].size: expected a whole number, found the string \"two\"; " + REMEDY);
  }

  @Test
  void read_listOrObjectForAScalar_wordedAsJsonTypes() throws Exception {
    Path list =
        Files.writeString(dir.resolve("l.json"), LISTING.replace("\"size\": 2", "\"size\": [2]"));
    Path object =
        Files.writeString(dir.resolve("o.json"), LISTING.replace("\"s/1\"", "{\"v\": 1}"));

    assertThatThrownBy(() -> LENIENT.read(list, Listing.class, REMEDY))
        .hasMessageContaining("key items[1].size: expected a whole number, found a list");
    assertThatThrownBy(() -> LENIENT.read(object, Listing.class, REMEDY))
        .hasMessageContaining("key schema: expected a string, found an object");
  }

  @Test
  void read_unknownKeyWithStrictMapper_namesItAndTheKnownKeys() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("listing.json"), LISTING.replace("\"size\": 1", "\"sise\": 1"));

    assertThatThrownBy(() -> STRICT.read(file, Listing.class, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("unknown key 'sise' at items[0]; expected one of name, size");
  }

  @Test
  void read_emptyOrNullDocument_saysSo() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");
    Path nothing = Files.writeString(dir.resolve("null.json"), "null");

    assertThatThrownBy(() -> LENIENT.read(empty, Listing.class, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("empty.json")
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> LENIENT.read(nothing, Listing.class, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("holds null");
  }

  @Test
  void read_missingFile_staysNoSuchFile() {
    assertThatThrownBy(() -> LENIENT.read(dir.resolve("nope.json"), Listing.class, REMEDY))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void readText_syntaxError_namesTheSource() {
    assertThatThrownBy(() -> LENIENT.read("{\"schema\": }", "shipped", Listing.class, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("shipped:1:12: not valid JSON: ");
  }

  @Test
  void stream_bodyPointsAtAPlace_placeKept() throws Exception {
    Path file = Files.writeString(dir.resolve("v.json"), "{\"a\": [\"x\",\n 3]}");

    assertThatThrownBy(
            () ->
                LENIENT.stream(
                    file,
                    REMEDY,
                    p -> {
                      while (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                        p.currentToken();
                      }
                      throw MalformedFileException.at(
                          file.toString(), p.currentTokenLocation(), "a number", REMEDY);
                    }))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage(file + ":2:2: a number; " + REMEDY);
  }

  @Test
  void checkWellFormed_cutShort_failsButWholeFilePasses() throws Exception {
    Path whole = Files.writeString(dir.resolve("whole.json"), LISTING);
    Path cut = Files.writeString(dir.resolve("cut.json"), LISTING.substring(0, 40));

    LENIENT.checkWellFormed(whole, REMEDY);
    assertThatThrownBy(() -> LENIENT.checkWellFormed(cut, REMEDY))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith(cut + ":");
  }

  @Test
  void describe_tokens_wordedForUsers() {
    assertThat(DocumentReader.describe(JsonToken.VALUE_NUMBER_INT)).isEqualTo("a number");
    assertThat(DocumentReader.describe(null)).isEqualTo("the end of the file");
  }

  @Test
  void newException_withoutPlace_leavesLineAndColumnOut() {
    MalformedFileException e =
        new MalformedFileException("card.json", 0, 0, "key schema: expected a/1", REMEDY, null);

    assertThat(e.getMessage()).isEqualTo("card.json: key schema: expected a/1; " + REMEDY);
    assertThat(e.line()).isZero();
    assertThat(e.problem()).isEqualTo("key schema: expected a/1");
  }
}
