package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadRecordsTest {

  @Test
  void withLineStart_longLine_quotesItsFirst80CharactersThenAnEllipsis() {
    String line = "{\"id\":\"" + "x".repeat(200) + "\"}";

    String reason = BadRecords.withLineStart(BadRecords.notAnObject(), line);

    assertThat(reason)
        .isEqualTo("expected a JSON object; the line starts " + line.substring(0, 80) + "...");
  }

  @Test
  void withLineStart_blankLine_saysSo() {
    assertThat(BadRecords.withLineStart(BadRecords.notUtf8(), " \t"))
        .isEqualTo("not valid UTF-8; the line is blank");
  }

  @Test
  void wrongTypeAndElementType_jsonKinds_namedAsJsonNamesThem() {
    assertThat(BadRecords.wrongType("r1", "carrier", 42))
        .isEqualTo(
            "record r1: field carrier must be a string, a list of strings or null, found a number"
                + " (42)");
    assertThat(BadRecords.wrongType(null, "carrier", Map.of())).endsWith("found an object");
    assertThat(BadRecords.wrongType(null, "carrier", true)).endsWith("found a boolean (true)");
    assertThat(BadRecords.wrongElementType(null, "apps", 3, List.of()))
        .isEqualTo("record: field apps[3] must be a string, found a list");
    assertThat(BadRecords.wrongElementType("r2", "apps", 1, null))
        .endsWith("[1] must be a string, found null");
  }

  @Test
  void atLineAndOversizedBag_placeAndCountAsTheDocsQuote() {
    assertThat(BadRecords.atLine(6, BadRecords.notAnObject()))
        .isEqualTo("line 6: expected a JSON object");
    assertThat(BadRecords.oversizedBag("ID", "app_packages", 100000, 10, 60))
        .isEqualTo(
            "record ID: field app_packages holds 100000 tokens, more than 10 times its length 60");
  }
}
