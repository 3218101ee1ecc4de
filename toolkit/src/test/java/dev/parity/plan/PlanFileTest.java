package dev.parity.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFileTest {

  record Limit(Double atLeast, Integer count) {}

  record Doc(String schema, Map<String, Limit> limits) {}

  @Test
  void parse_yaml_mapsKeysToRecordComponents() throws Exception {
    Doc doc =
        PlanFile.parse(
            "schema: s/1\nlimits:\n  a: {atLeast: 2.5, count: 3}\n", "p", false, Doc.class, "s/1");

    assertThat(doc.schema()).isEqualTo("s/1");
    assertThat(doc.limits().get("a")).isEqualTo(new Limit(2.5, 3));
  }

  @Test
  void parse_unknownKey_namesKeyPathLineAndKnownKeys() {
    assertThatThrownBy(
            () ->
                PlanFile.parse(
                    "schema: s/1\nlimits:\n  a:\n    atLeest: 2\n",
                    "p.yaml",
                    false,
                    Doc.class,
                    "s/1"))
        .isInstanceOf(PlanFileException.class)
        .hasMessageStartingWith("p.yaml:")
        .hasMessageContaining("unknown key 'atLeest' at limits.a")
        .hasMessageContaining("expected one of atLeast, count");
  }

  @Test
  void parse_fractionForWholeNumber_rejected() {
    assertThatThrownBy(
            () ->
                PlanFile.parse(
                    "{\"limits\": {\"a\": {\"count\": 1.5}}}", "p.json", true, Doc.class, "s/1"))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("limits.a.count");
  }

  @Test
  void parse_repeatedKey_rejected() {
    assertThatThrownBy(() -> PlanFile.parse("schema: a\nschema: b\n", "p", false, Doc.class, "s/1"))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void parse_blank_saysWhichSchemaIsExpected() {
    assertThatThrownBy(() -> PlanFile.parse("  \n", "p", false, Doc.class, "s/1"))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("is empty; expected at least schema: s/1");
  }

  @Test
  void read_missingFile_saysHowToFixIt(@TempDir Path dir) {
    Path missing = dir.resolve("none.yaml");

    assertThatThrownBy(() -> PlanFile.read(missing, Doc.class, "s/1"))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("leave --plan out");
  }

  @Test
  void read_jsonByFileName_parsedAsJson(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("p.json"), "{\"schema\": \"s/1\"}");

    assertThat(PlanFile.read(file, Doc.class, "s/1").schema()).isEqualTo("s/1");
  }
}
