package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationPlanTest {
  private static final String HEAD = "schema: parity.validation-plan/1\n";

  @Test
  void shipped_parses_withStrictDefaultsForEveryEngine() {
    ValidationPlan plan = ValidationPlan.shipped();

    for (EngineName engine : EngineName.values()) {
      EngineLimits l = plan.limitsFor(engine);
      assertThat(l.output("probability").maxP99()).isLessThanOrEqualTo(1e-6);
      assertThat(l.output("probability").maxMax()).isLessThanOrEqualTo(1e-5);
      assertThat(l.output("hidden").maxMax()).isLessThanOrEqualTo(1e-4);
      assertThat(l.quality().maxFlips()).isZero();
      assertThat(l.output("hidden").atol()).isNotNull();
    }
    assertThat(plan.preprocessing().maxMismatchedRecords()).isZero();
    assertThat(plan.decisionThreshold()).isEqualTo(0.5);
  }

  @Test
  void limitsFor_engineSection_overridesDefaultKeyByKey() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD
                + "engines:\n"
                + "  default:\n"
                + "    outputs:\n"
                + "      hidden: {atol: 1.0e-5, rtol: 0.0, maxMax: 1.0e-4}\n"
                + "    quality: {maxFlips: 0}\n"
                + "  tf:\n"
                + "    outputs:\n"
                + "      hidden: {maxMax: 2.0e-4}\n",
            "test",
            false);

    OutputLimits tf = plan.limitsFor(EngineName.TENSORFLOW).output("hidden");
    assertThat(tf.maxMax()).isEqualTo(2e-4);
    assertThat(tf.atol()).isEqualTo(1e-5);
    assertThat(plan.limitsFor(EngineName.MXNET).output("hidden").maxMax()).isEqualTo(1e-4);
    assertThat(plan.limitsFor(EngineName.TENSORFLOW).quality().maxFlips()).isZero();
    assertThat(plan.limitsFor(EngineName.TENSORFLOW).output("probability").maxP99()).isNull();
  }

  @Test
  void parse_json_readsTheSameStructure() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            "{\"schema\":\"parity.validation-plan/1\",\"worstRecords\":3,"
                + "\"engines\":{\"default\":{\"outputs\":{\"probability\":{\"atol\":1e-6,"
                + "\"rtol\":0}}}}}",
            "test.json",
            true);

    assertThat(plan.worstRecords()).isEqualTo(3);
    assertThat(plan.limitsFor(EngineName.PYTORCH).output("probability").atol()).isEqualTo(1e-6);
  }

  @Test
  void parse_unknownEngine_failsNamingItAndTheKnownOnes() {
    assertThatThrownBy(
            () -> ValidationPlan.parse(HEAD + "engines:\n  caffe: {}\n", "plan.yaml", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("plan.yaml")
        .hasMessageContaining("engines.caffe names an unknown engine")
        .hasMessageContaining("pytorch, onnxruntime, tensorflow, mxnet");
  }

  @Test
  void parse_misspelledKey_failsNamingWhereAndTheKnownKeys() {
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD + "engines:\n  default:\n    outputs:\n      probability: {maxP9: 1}\n",
                    "plan.yaml",
                    false))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("plan.yaml:5:")
        .hasMessageContaining("unknown key 'maxP9' in engines.default.outputs.probability")
        .hasMessageContaining("maxP99")
        .hasMessageNotContaining("\n");
  }

  @Test
  void parse_negativeOrFractionalLimits_listsEveryProblem() {
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD
                        + "engines:\n  default:\n    outputs:\n"
                        + "      hidden: {maxMax: -1.0, maxOverToleranceFraction: 2.0}\n",
                    "p",
                    false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("engines.default.outputs.hidden.maxMax must be a finite number")
        .hasMessageContaining("maxOverToleranceFraction is a share of elements");
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD + "engines:\n  default:\n    quality: {maxFlips: 1.5}\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("maxFlips");
  }

  @Test
  void parse_wrongSchemaOrNotYaml_failsClearly() {
    assertThatThrownBy(() -> ValidationPlan.parse("schema: other/2\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("schema must be parity.validation-plan/1, found other/2");
    assertThatThrownBy(() -> ValidationPlan.parse("schema: \"unclosed\nengines: {}\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("p:1:7: not valid YAML: while scanning a quoted scalar")
        .hasMessageContaining("the file looks cut short")
        .hasMessageEndingWith("; " + ValidationPlan.REMEDY)
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ValidationPlan.parse("engines: [unclosed\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("p:1:10: key engines: expected an object, found a list; ");
    assertThatThrownBy(() -> ValidationPlan.parse("", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void read_missingFile_failsNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ValidationPlan.read(missing))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void read_yamlFile_parsesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plan.yaml");
    Files.writeString(file, HEAD + "decisionThreshold: 0.3\n");

    assertThat(ValidationPlan.read(file).decisionThreshold()).isEqualTo(0.3);
    assertThat(ValidationPlan.read(file).source()).isEqualTo(file.toString());
  }

  @Test
  void checkAgainst_outputTheReferenceLacks_failsNamingIt() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD + "engines:\n  default:\n    outputs:\n      logits: {atol: 0, rtol: 0}\n",
            "p",
            false);

    assertThatThrownBy(() -> plan.checkAgainst(List.of("probability"), List.of(EngineName.PYTORCH)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("engines.default.outputs.logits names an output")
        .hasMessageContaining("no atol/rtol for output probability of engine pytorch");
  }
}
