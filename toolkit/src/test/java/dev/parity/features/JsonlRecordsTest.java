package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlRecordsTest {
  private static final List<String> FIELDS = List.of("app_packages", "carrier");

  @TempDir Path temp;

  @Test
  void readAll_mixedGoodAndBadLines_keepsEveryLineWithItsNumber() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(line("{\"id\":\"a\",\"app_packages\":[\"x\",\"Y\"],\"carrier\":\"c\"}"));
    bytes.write(line("{\"id\":\"b\",\"app_packages\":"));
    bytes.write(line(""));
    bytes.write(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    bytes.write('\n');
    bytes.write(line("{\"id\":\"d\",\"carrier\":7}"));
    bytes.write(line("[1,2]"));
    bytes.write(line("{\"id\":9,\"extra\":true}"));
    Path file = temp.resolve("r.jsonl");
    Files.write(file, bytes.toByteArray());

    List<JsonlRecords.Line> lines = JsonlRecords.readAll(file, FIELDS);

    assertThat(lines).extracting(JsonlRecords.Line::number).containsExactly(1, 2, 4, 5, 6, 7);
    assertThat(lines.get(0).record().tokens("app_packages")).containsExactly("x", "Y");
    assertThat(lines.get(1).error()).startsWith("line 2: not valid JSON");
    assertThat(lines.get(2).error()).startsWith("line 4:").containsIgnoringCase("UTF-8");
    assertThat(lines.get(3).error()).contains("line 5").contains("record d").contains("carrier");
    assertThat(lines.get(4).error()).isEqualTo("line 6: expected a JSON object");
    assertThat(lines.get(5).ok()).isTrue();
    assertThat(lines.get(5).record().id()).isEqualTo("9");
    assertThat(lines.get(5).record().tokens("carrier")).isEmpty();
  }

  @Test
  void readAll_gzipWithoutTrailingNewline_readsLastLine() throws Exception {
    Path file = temp.resolve("r.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(line("{\"id\":\"a\",\"carrier\":\"x\"}"));
      out.write("{\"id\":\"b\",\"carrier\":\"y\"}".getBytes(StandardCharsets.UTF_8));
    }

    List<JsonlRecords.Line> lines = JsonlRecords.readAll(file, FIELDS);

    assertThat(lines).hasSize(2).allMatch(JsonlRecords.Line::ok);
    assertThat(lines.get(1).record().tokens("carrier")).containsExactly("y");
  }

  private static byte[] line(String s) {
    return (s + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readAll_lineLongerThanTheReadChunkAndTrailingBlankLines_readsEveryRecord() throws Exception {
    StringBuilder bag = new StringBuilder("[");
    for (int i = 0; i < 20_000; i++) {
      bag.append(i == 0 ? "" : ",").append("\"com.app").append(i).append('"');
    }
    bag.append(']');
    String longLine = "{\"id\":\"long\",\"app_packages\":" + bag + "}";
    Path file = temp.resolve("long.jsonl");
    Files.writeString(
        file, "{\"id\":\"a\"}\n" + longLine + "\n{\"id\":\"c\"}\n\n  \n", StandardCharsets.UTF_8);

    List<JsonlRecords.Line> lines = JsonlRecords.readAll(file, FIELDS);

    assertThat(longLine.length()).isGreaterThan(1 << 16);
    assertThat(lines).extracting(l -> l.record().id()).containsExactly("a", "long", "c");
    assertThat(lines.get(1).record().tokens("app_packages")).hasSize(20_000);
  }
}
