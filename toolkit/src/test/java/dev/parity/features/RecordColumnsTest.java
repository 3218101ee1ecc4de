package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordColumnsTest {
  private static final List<String> FIELDS = List.of("tags", "score");
  private static final Set<String> NUMERIC = Set.of("score");

  private static RawRecord record(String id, List<String> tags, Double score) {
    return new RawRecord(
        id,
        tags == null ? Map.of() : Map.of("tags", tags),
        score == null ? Map.of() : Map.of("score", score));
  }

  private static String token(RecordColumns c, int row, int index) {
    int[] records = c.recordEnds(0);
    int t = records[c.from() + row] + index;
    int start = c.tokenEnds(0)[t];
    return new String(c.bytes(0), start, c.tokenEnds(0)[t + 1] - start, StandardCharsets.UTF_8);
  }

  @Test
  void of_records_tokensAsUtf8AndNumbersWithNaNForMissing() {
    RecordColumns c =
        RecordColumns.of(
            List.of(
                record("a", List.of("x", "héllo", "𝄞"), 1.5),
                record(null, null, null),
                record("c", List.of(""), -2.0)),
            FIELDS,
            NUMERIC);

    assertThat(c.rows()).isEqualTo(3);
    assertThat(c.id(0)).isEqualTo("a");
    assertThat(c.id(1)).isNull();
    assertThat(Arrays.copyOf(c.recordEnds(0), 4)).containsExactly(0, 3, 3, 4);
    assertThat(token(c, 0, 1)).isEqualTo("héllo");
    assertThat(token(c, 0, 2)).isEqualTo("𝄞");
    assertThat(token(c, 2, 0)).isEmpty();
    assertThat(c.numbers(1)[0]).isEqualTo(1.5);
    assertThat(c.numbers(1)[1]).isNaN();
    assertThat(c.isNumeric(1)).isTrue();
    assertThat(c.isNumeric(0)).isFalse();
  }

  @Test
  void of_loneSurrogates_bytesDifferFromTheReplacementCharacter() {
    RecordColumns c =
        RecordColumns.of(List.of(record("a", List.of("a\uD800", "a?"), null)), FIELDS, NUMERIC);

    byte[] bytes = c.bytes(0);
    // "a" + the surrogate's three bytes, then "a?": getBytes would have written "a?" twice.
    assertThat(c.tokenEnds(0)).containsExactly(0, 4, 6);
    assertThat(Arrays.copyOfRange(bytes, 1, 4))
        .containsExactly((byte) 0xED, (byte) 0xA0, (byte) 0x80);
  }

  @Test
  void rows_view_sharesTheArraysFromItsFirstRow() {
    RecordColumns c =
        RecordColumns.of(
            List.of(
                record("a", List.of("x"), 1.0),
                record("b", List.of("y", "z"), 2.0),
                record("c", List.of(), 3.0)),
            FIELDS,
            NUMERIC);

    RecordColumns view = c.rows(1, 3);

    assertThat(view.rows()).isEqualTo(2);
    assertThat(view.id(0)).isEqualTo("b");
    assertThat(token(view, 0, 1)).isEqualTo("z");
    assertThat(view.numbers(1)[view.from() + 1]).isEqualTo(3.0);
    assertThatThrownBy(() -> c.rows(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> view.id(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void build_builderUsedAfterwards_builtColumnsUnchanged() {
    RecordColumns.Builder b = RecordColumns.builder(FIELDS, NUMERIC);
    b.add(record("a", List.of("x"), 1.0));
    RecordColumns first = b.build();

    for (int i = 0; i < 100; i++) {
      b.add(record("r" + i, List.of("longer-token-" + i), (double) i));
    }

    assertThat(first.rows()).isEqualTo(1);
    assertThat(first.bytes(0)).containsExactly('x');
    assertThat(b.build().rows()).isEqualTo(101);
  }
}
