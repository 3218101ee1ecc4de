package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakJsonTest {
  private static final long MIB = 1 << 20;

  @TempDir Path temp;

  private static SoakReport report(SoakOptions o, long steady, long end) {
    return new SoakReport(
        o,
        "2.7.1",
        List.of("-Xms512m", "-Xmx512m"),
        12.5,
        o.growthRule().judge(steady, end),
        end + MIB,
        40 * MIB,
        41 * MIB,
        true,
        List.of(
            new SoakSample(0, 0, steady - MIB, steady, 30 * MIB, 512 * MIB),
            new SoakSample(o.total(), 12.5, end, end + MIB, 41 * MIB, 512 * MIB)));
  }

  private static SoakOptions.Builder options() {
    return SoakOptions.builder()
        .setEngineSettings(
            EngineSettings.builder().setEngine(EngineName.TENSORFLOW).optBatchSize(256).build())
        .setInput(Path.of("/data/records.jsonl.gz"))
        .optRecords(50_000);
  }

  @Test
  void writeThenRead_report_comesBackEqual() throws Exception {
    SoakReport r = report(options().optCycles(40).optLeakControl().build(), 700 * MIB, 760 * MIB);
    Path file = temp.resolve("sub/soak.json");

    SoakJson.write(r, file);

    assertThat(SoakJson.read(file)).isEqualTo(r);
  }

  @Test
  void write_report_holdsTheFiguresFlatWithTheSchema() throws Exception {
    SoakReport r = report(options().build(), 1000 * MIB, 1019 * MIB);
    Path file = temp.resolve("soak.json");

    SoakJson.write(r, file);

    JsonNode json = JsonMapper.builder().build().readTree(file.toFile());
    assertThat(json.get("schema").asText()).isEqualTo(SoakJson.SCHEMA);
    assertThat(json.get("mode").asText()).isEqualTo("predictions");
    assertThat(json.get("engine").asText()).isEqualTo("tensorflow");
    assertThat(json.get("growthBytes").asLong()).isEqualTo(19 * MIB);
    assertThat(json.get("growthPercent").asDouble()).isEqualTo(1.9);
    assertThat(json.get("maxGrowthPercent").asDouble()).isEqualTo(2.0);
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.get("options").get("batchSize").asInt()).isEqualTo(256);
    assertThat(json.get("samples")).hasSize(2);
  }

  @Test
  void read_otherSchema_rejected() throws Exception {
    Path file = temp.resolve("old.json");
    Files.writeString(file, "{\"schema\": \"parity.soak-report/1\"}");

    assertThatThrownBy(() -> SoakJson.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("parity.soak-report/2");
  }

  @Test
  void text_failedLeakControl_saysSoAndEndsInFail() {
    SoakReport r = report(options().optLeakControl().build(), 700 * MIB, 900 * MIB);

    String text = SoakSummary.text(r);

    assertThat(text)
        .contains("[LEAK CONTROL]", "50,000 predictions", "200.0 MiB", "(limit 2.00%)")
        .endsWith("FAIL" + System.lineSeparator());
  }
}
