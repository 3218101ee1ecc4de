package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.build.Checkout;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratorConstantsTest {

  private static final Path SOURCE = Path.of("scripts", "purchase", "generator.json");

  private static byte[] classpathCopy() throws Exception {
    try (InputStream in =
        GeneratorConstants.class.getResourceAsStream(GeneratorConstants.RESOURCE)) {
      return in.readAllBytes();
    }
  }

  @Test
  void load_classpathCopy_isTheFilePythonReads() throws Exception {
    byte[] committed = Files.readAllBytes(Checkout.requireRoot().resolve(SOURCE));

    assertThat(classpathCopy()).isEqualTo(committed);
  }

  @Test
  void load_values_areTheFilesSmallPresetAndRates() throws Exception {
    JsonNode file = JsonMapper.builder().build().readTree(classpathCopy());
    GeneratorConstants c = GeneratorConstants.load();

    JsonNode small = file.path("universes").path(GeneratorConstants.PRESET);
    assertThat(c.apps).isEqualTo(small.path("app_packages").intValue());
    assertThat(c.carriers).isEqualTo(small.path("carrier").intValue());
    assertThat(c.appExponent)
        .isEqualTo(file.path("zipfExponents").path("app_packages").doubleValue());
    assertThat(c.titleCaseBelow).isEqualTo(file.path("mess").path("titleCaseBelow").doubleValue());
    assertThat(c.carrierNames).hasSize(file.path("names").path("carriers").size());
    assertThat(c.missingCarrier)
        .isEqualTo(file.path("nullProbabilities").path("carrierMissing").doubleValue());
  }

  @Test
  void parse_missingValue_namesItAndTheSource() throws Exception {
    ObjectNode file = (ObjectNode) JsonMapper.builder().build().readTree(classpathCopy());
    ((ObjectNode) file.path("mess")).remove("blankTokenBelow");
    byte[] broken = JsonMapper.builder().build().writeValueAsBytes(file);

    assertThatThrownBy(
            () -> GeneratorConstants.parse(new ByteArrayInputStream(broken), "broken.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("broken.json: blankTokenBelow must be a number");
  }

  @Test
  void parse_otherSchema_rejected() {
    byte[] other = "{\"schema\": \"parity.generator/2\"}".getBytes();

    assertThatThrownBy(() -> GeneratorConstants.parse(new ByteArrayInputStream(other), "x.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema must be parity.generator/1, found parity.generator/2");
  }
}
