package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.features.RawRecord;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCacheTest {
  private static final List<String> FIELDS = List.of("bag", "one", "other", "n");
  private static final java.util.Set<String> NUMERIC = java.util.Set.of("n");

  // Ids, absent and null fields, empty bags, a one-token list, non-Latin-1 text, a lone surrogate
  // and a line that is not a record (left out, as BenchInputs does).
  private static final String JSONL =
      String.join(
          "\n",
          "{\"id\":\"a\",\"bag\":[\" X \",\"y\",\"\"],\"one\":\"Türk\",\"other\":null,\"n\":2.5}",
          "{\"bag\":[],\"one\":[\"solo\"]}",
          "not json",
          "{\"id\":\"c\",\"bag\":[\"МТС\",\"\\ud800x\",\"\\u00a0\"],\"ignored\":\"z\"}",
          "");

  private static Path jsonl(Path dir) throws Exception {
    Path file = dir.resolve("records.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(JSONL.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static List<Path> cacheFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void records_secondCall_readsTheCacheAndEqualsParsing(@TempDir Path dir) throws Exception {
    Path file = jsonl(dir);
    Path cache = dir.resolve("cache");
    List<RawRecord> parsed = RecordCache.parse(file, FIELDS, NUMERIC);

    List<RawRecord> first = RecordCache.records(file, FIELDS, NUMERIC, cache);
    List<RawRecord> fromCache =
        RecordCache.read(RecordCache.file(file, FIELDS, cache), FIELDS, NUMERIC);
    // Plant other records in the cache file: a second call must return them, not parse again.
    List<RawRecord> planted = List.of(parsed.get(2), parsed.get(0));
    RecordCache.write(RecordCache.file(file, FIELDS, cache), FIELDS, planted);
    List<RawRecord> second = RecordCache.records(file, FIELDS, NUMERIC, cache);

    assertThat(parsed).hasSize(3);
    assertThat(parsed.get(2).tokens("bag")).containsExactly("МТС", "\ud800x", "\u00a0");
    assertThat(first).isEqualTo(parsed);
    assertThat(fromCache).isEqualTo(parsed);
    assertThat(fromCache.get(1).id()).isNull();
    assertThat(fromCache.get(1).fields()).containsOnlyKeys("bag", "one");
    assertThat(second).isEqualTo(planted);
  }

  @Test
  void records_damagedCache_parsedAgainAndReplaced(@TempDir Path dir) throws Exception {
    Path file = jsonl(dir);
    Path cache = dir.resolve("cache");
    List<RawRecord> parsed = RecordCache.records(file, FIELDS, NUMERIC, cache);
    Path cached = RecordCache.file(file, FIELDS, cache);
    byte[] bytes = Files.readAllBytes(cached);
    Files.write(cached, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThat(RecordCache.records(file, FIELDS, NUMERIC, cache)).isEqualTo(parsed);
    assertThat(Files.readAllBytes(cached)).isEqualTo(bytes);
  }

  @Test
  void file_changedRecordsOrFields_otherCacheFile(@TempDir Path dir) throws Exception {
    Path file = jsonl(dir);
    Path cache = dir.resolve("cache");
    Path before = RecordCache.file(file, FIELDS, cache);
    RecordCache.records(file, FIELDS, NUMERIC, cache);

    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));

    assertThat(RecordCache.file(file, FIELDS, cache)).isNotEqualTo(before);
    assertThat(RecordCache.file(file, List.of("bag"), cache)).isNotEqualTo(before);
    assertThat(RecordCache.records(file, List.of("bag"), java.util.Set.of(), cache))
        .extracting(r -> r.fields().keySet())
        .allSatisfy(k -> assertThat(k).isSubsetOf("bag"));
    assertThat(cacheFiles(cache)).hasSize(2);
  }
}
