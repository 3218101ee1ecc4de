package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawRecordTest {

  @Test
  void of_stringsListsAndNulls_tokensPerField() throws Exception {
    Map<String, Object> values = new HashMap<>();
    values.put("carrier", " Vodafone ");
    values.put("app_packages", List.of("a", "b"));
    values.put("campaigns", null);

    RawRecord r = RawRecord.of("r1", values);

    assertThat(r.tokens("carrier")).containsExactly(" Vodafone ");
    assertThat(r.tokens("app_packages")).containsExactly("a", "b");
    assertThat(r.tokens("campaigns")).isEmpty();
    assertThat(r.tokens("device_model")).isEmpty();
  }

  @Test
  void of_numberField_failsNamingRecordFieldAndType() {
    assertThatThrownBy(() -> RawRecord.of("r7", Map.of("carrier", 42)))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("record r7")
        .hasMessageContaining("carrier")
        .hasMessageContaining("a number (42)");
  }

  @Test
  void of_nullInsideBag_failsNamingPosition() {
    assertThatThrownBy(() -> RawRecord.of("r8", Map.of("campaigns", Arrays.asList("a", null))))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("campaigns[1]")
        .hasMessageContaining("found null");
  }

  @Test
  void of_objectField_fails() {
    assertThatThrownBy(() -> RawRecord.of(null, Map.of("carrier", Map.of("x", 1))))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("an object");
  }
}
