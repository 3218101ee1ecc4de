package dev.parity.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.CommittedData;
import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A numeric field's value read outside a {@link RawRecord} (Spark's columns) is the one {@link
 * RecordEncoder#encode} writes, on the second shipped model's card (seven standardised numbers in
 * one float32 input).
 */
class NumericInputTest {
  private static RecordEncoder encoder;
  private static Features features;

  @BeforeAll
  static void load() throws Exception {
    Path folder = CommittedData.zoo().resolve("model/tabular/dev/parity/segment/1.0.0");
    ModelCard card = ModelCard.read(folder.resolve(ModelCard.FILE_NAME));
    encoder = RecordEncoder.load(card, folder);
    features = card.features();
  }

  @Test
  void numericInput_anyNumberOrNone_whatEncodeWritesAfterTheCast() {
    double[] raws = {0, -1.5, 3.98544, 1e6, 7.25e-3, 68};
    for (int f = 0; f < features.fields().size(); f++) {
      Features.Field field = features.fields().get(f);
      if (field.kind() != Features.Kind.NUMERIC) {
        continue;
      }
      for (double raw : raws) {
        float written = encoded(field, raw);
        assertThat((float) encoder.numericInput(f, raw))
            .as("%s = %s", field.name(), raw)
            .isEqualTo(written);
      }
      assertThat((float) encoder.numericInputWhenMissing(f))
          .as("%s missing", field.name())
          .isEqualTo(encoded(field, null))
          .isEqualTo((float) encoder.numericInput(f, field.defaultValue()));
    }
  }

  @Test
  void numericInput_tokenField_rejectedNamingItsKind() {
    int carrier = encoder.fieldNames().indexOf("carrier");

    assertThatThrownBy(() -> encoder.numericInput(carrier, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field carrier is a token field, not numeric");
  }

  @Test
  void of_numericFieldNotAFiniteNumber_badRecordInBadRecordsWords() {
    Object[] values = {"3.5", List.of(1), true, Double.NaN, Float.POSITIVE_INFINITY};
    for (Object value : values) {
      Map<String, Object> record = new HashMap<>();
      record.put("spend_30d", value);

      assertThatThrownBy(() -> RawRecord.of("r", record, features.numericNames()))
          .isInstanceOf(BadRecordException.class)
          .hasMessage(BadRecords.notANumber("r", "spend_30d", value))
          .hasMessageStartingWith(
              "record r: field spend_30d must be a finite number or null, found a");
    }
  }

  // What encode writes for a record holding only this number (null: the field missing).
  private static float encoded(Features.Field field, Double raw) {
    Map<String, Double> numbers = raw == null ? Map.of() : Map.of(field.name(), raw);
    float[] dense =
        encoder.encode(List.of(new RawRecord("r", Map.of(), numbers))).get(field.input()).floats();
    return dense[field.column()];
  }
}
