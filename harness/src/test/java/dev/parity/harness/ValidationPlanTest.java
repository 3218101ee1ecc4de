package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationPlanTest {
  private static final String HEAD = "schema: parity.validation-plan/2\n";
  private static final ModelId PURCHASE = ModelId.parse("dev.parity:purchase");
  private static final ModelId CHURN = ModelId.parse("acme:churn");

  @Test
  void shipped_purchase_keepsItsStrictLimitsOnEveryEngine() {
    ValidationPlan plan = ValidationPlan.shipped();

    for (EngineName engine : EngineName.values()) {
      ValidationPlan.ResolvedLimits l = plan.limitsFor(PURCHASE, engine);
      assertThat(l.output("probability").maxP99()).isEqualTo(1e-6);
      assertThat(l.output("probability").maxMax()).isEqualTo(1e-5);
      assertThat(l.output("probability").atol()).isEqualTo(1e-6);
      assertThat(l.output("probability").maxOverToleranceFraction()).isEqualTo(1e-4);
      assertThat(l.output("hidden").maxMax()).isEqualTo(1e-4);
      assertThat(l.output("hidden").atol()).isEqualTo(1e-5);
      assertThat(l.quality().binary().maxFlips()).isZero();
      assertThat(l.quality().binary().maxAucDelta()).isEqualTo(1e-6);
      assertThat(l.quality().binary().flipBand()).isEqualTo(1e-5);
    }
    assertThat(plan.preprocessingFor(PURCHASE).maxMismatchedRecords()).isZero();
  }

  @Test
  void shipped_anyOtherModel_everyOutputHeldToTheCommonDefault() {
    ValidationPlan.ResolvedLimits l = ValidationPlan.shipped().limitsFor(CHURN, EngineName.MXNET);

    OutputLimits logits = l.output("logits");
    assertThat(logits.atol()).isEqualTo(1e-5);
    assertThat(logits.rtol()).isEqualTo(1e-5);
    assertThat(logits.maxOverToleranceFraction()).isZero();
    assertThat(logits.maxNonFinite()).isZero();
    assertThat(logits.maxP99()).isNull();
    assertThat(l.quality().multiclass().maxArgmaxFlips()).isZero();
    assertThat(l.quality().multiclass().topK()).isEqualTo(3);
    assertThat(l.quality().regression().maxRmseDelta()).isEqualTo(1e-5);
  }

  @Test
  void limitsFor_modelAndEngineSections_mostSpecificWinsKeyByKey() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD
                + "engines:\n"
                + "  default:\n"
                + "    outputs:\n"
                + "      \"*\": {atol: 1.0e-5, rtol: 1.0e-5, maxNonFinite: 0}\n"
                + "      hidden: {maxMax: 1.0e-3}\n"
                + "  tf:\n"
                + "    outputs:\n"
                + "      hidden: {maxMax: 2.0e-3}\n"
                + "models:\n"
                + "  acme:churn:\n"
                + "    engines:\n"
                + "      default:\n"
                + "        outputs:\n"
                + "          hidden: {atol: 1.0e-4}\n"
                + "      mxnet:\n"
                + "        outputs:\n"
                + "          \"*\": {rtol: 0.0}\n",
            "test",
            false);

    OutputLimits churnTf = plan.limitsFor(CHURN, EngineName.TENSORFLOW).output("hidden");
    assertThat(churnTf.atol()).isEqualTo(1e-4);
    assertThat(churnTf.rtol()).isEqualTo(1e-5);
    assertThat(churnTf.maxMax()).isEqualTo(2e-3);
    assertThat(churnTf.maxNonFinite()).isZero();
    OutputLimits churnMx = plan.limitsFor(CHURN, EngineName.MXNET).output("hidden");
    assertThat(churnMx.rtol()).isZero();
    assertThat(churnMx.maxMax()).isEqualTo(1e-3);
    OutputLimits otherPt = plan.limitsFor(PURCHASE, EngineName.PYTORCH).output("hidden");
    assertThat(otherPt.atol()).isEqualTo(1e-5);
    assertThat(otherPt.maxMax()).isEqualTo(1e-3);
  }

  @Test
  void limitsFor_driftRun_takesTheDriftSectionsOnly() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD
                + "engines:\n"
                + "  default:\n"
                + "    outputs: {\"*\": {atol: 1.0e-5, rtol: 1.0e-5, maxMax: 1.0e-4}}\n"
                + "drift:\n"
                + "  preprocessing: {maxMismatchedRecords: 5}\n"
                + "  engines:\n"
                + "    default:\n"
                + "      outputs: {\"*\": {atol: 0.1, rtol: 0}}\n"
                + "      quality: {multiclass: {maxAccuracyDelta: 0.02}}\n"
                + "models:\n"
                + "  acme:churn:\n"
                + "    drift:\n"
                + "      engines:\n"
                + "        onnxruntime:\n"
                + "          quality: {multiclass: {maxAccuracyDelta: 0.001}}\n",
            "test plan",
            false);

    ValidationPlan.ResolvedLimits parity = plan.limitsFor(CHURN, EngineName.ONNXRUNTIME);
    ValidationPlan.ResolvedLimits drift =
        plan.limitsFor(CHURN, EngineName.ONNXRUNTIME, ReferenceSet.Mode.DRIFT);
    ValidationPlan.ResolvedLimits driftTorch =
        plan.limitsFor(CHURN, EngineName.PYTORCH, ReferenceSet.Mode.DRIFT);

    assertThat(parity.output("logits").maxMax()).isEqualTo(1e-4);
    assertThat(parity.quality().multiclass().maxAccuracyDelta()).isNull();
    assertThat(drift.output("logits").atol()).isEqualTo(0.1);
    assertThat(drift.output("logits").maxMax()).isNull();
    assertThat(drift.quality().multiclass().maxAccuracyDelta()).isEqualTo(0.001);
    assertThat(driftTorch.quality().multiclass().maxAccuracyDelta()).isEqualTo(0.02);
    assertThat(plan.preprocessingFor(CHURN, ReferenceSet.Mode.DRIFT).maxMismatchedRecords())
        .isEqualTo(5);
    assertThat(plan.preprocessingFor(CHURN).maxMismatchedRecords()).isNull();
  }

  @Test
  void checkAgainst_driftRunWithoutDriftTolerance_saysWhereToSetIt() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD + "engines: {default: {outputs: {\"*\": {atol: 0, rtol: 0}}}}\n", "p", false);

    assertThatThrownBy(
            () ->
                plan.checkAgainst(
                    CHURN, List.of("logits"), List.of(EngineName.PYTORCH), ReferenceSet.Mode.DRIFT))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("in a drift run; set drift.engines.default.outputs.\"*\".atol");
  }

  @Test
  void slicesFor_modelSectionOverTheTopLevel_andGatesChecked() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD
                + "slices: {top: 3}\n"
                + "models:\n"
                + "  acme:churn:\n"
                + "    slices:\n"
                + "      top: 5\n"
                + "      gates:\n"
                + "        - {slice: \"plan=gold\", maxMax: 1.0e-5}\n"
                + "        - {slice: \"*\", maxQualityDelta: 0.01}\n",
            "p",
            false);

    SliceLimits churn = plan.slicesFor(CHURN);
    assertThat(churn.topValues()).isEqualTo(5);
    assertThat(churn.gates()).hasSize(2);
    assertThat(churn.gates().get(0).covers("plan=gold")).isTrue();
    assertThat(churn.gates().get(0).covers("plan=free")).isFalse();
    assertThat(churn.gates().get(1).covers("tenure:d3")).isTrue();
    assertThat(plan.slicesFor(PURCHASE).topValues()).isEqualTo(3);
    assertThat(ValidationPlan.shipped().slicesFor(CHURN).gates()).isEmpty();
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD + "slices: {top: 0, gates: [{maxMax: -1}]}\n", "bad", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("slices.top must be at least 1")
        .hasMessageContaining("slices.gates[0].slice is missing");
  }

  @Test
  void shipped_anyModel_gatesBatchInvarianceAndDriftQuality() {
    ValidationPlan plan = ValidationPlan.shipped();

    assertThat(plan.limitsFor(CHURN, EngineName.PYTORCH).output("logits").maxBatchDifference())
        .isEqualTo(1e-5);
    ValidationPlan.ResolvedLimits drift =
        plan.limitsFor(CHURN, EngineName.PYTORCH, ReferenceSet.Mode.DRIFT);
    assertThat(drift.output("logits").atol()).isEqualTo(1e-5);
    assertThat(drift.output("logits").maxMax()).isNull();
    assertThat(drift.quality().multiclass().maxAccuracyDelta()).isEqualTo(0.01);
    assertThat(drift.quality().multiclass().maxArgmaxFlips()).isNull();
  }

  @Test
  void parse_json_readsTheSameStructure() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            "{\"schema\":\"parity.validation-plan/2\",\"worstRecords\":3,"
                + "\"engines\":{\"default\":{\"outputs\":{\"probability\":{\"atol\":1e-6,"
                + "\"rtol\":0}}}}}",
            "test.json",
            true);

    assertThat(plan.worstRecords()).isEqualTo(3);
    assertThat(plan.limitsFor(CHURN, EngineName.PYTORCH).output("probability").atol())
        .isEqualTo(1e-6);
  }

  @Test
  void parse_unknownEngine_failsNamingItAndTheKnownOnes() {
    assertThatThrownBy(
            () -> ValidationPlan.parse(HEAD + "engines:\n  caffe: {}\n", "plan.yaml", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("plan.yaml")
        .hasMessageContaining("engines.caffe names an unknown engine")
        .hasMessageContaining("pytorch, onnxruntime, tensorflow, mxnet");
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD + "models:\n  churn:\n    engines: {}\n", "plan.yaml", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("models.churn: a model is named groupId:artifactId");
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
        .hasMessageContaining("unknown key 'maxP9' at engines.default.outputs.probability")
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
                        + "      hidden: {maxMax: -1.0, maxOverToleranceFraction: 2.0}\n"
                        + "    quality:\n      multiclass: {topK: 0, minTopKAgreement: 1.5}\n",
                    "p",
                    false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("engines.default.outputs.hidden.maxMax must be a finite number")
        .hasMessageContaining("maxOverToleranceFraction is a share of elements")
        .hasMessageContaining("multiclass.topK must be at least 1")
        .hasMessageContaining("minTopKAgreement is a share");
    assertThatThrownBy(
            () ->
                ValidationPlan.parse(
                    HEAD + "engines:\n  default:\n    quality: {binary: {maxFlips: 1.5}}\n",
                    "p",
                    false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("maxFlips");
  }

  @Test
  void parse_versionOnePlan_saysHowToMove() {
    assertThatThrownBy(
            () -> ValidationPlan.parse("schema: parity.validation-plan/1\n", "old.yaml", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("quality: {binary: {...}}");
  }

  @Test
  void parse_wrongSchemaOrNotYaml_failsClearly() {
    assertThatThrownBy(() -> ValidationPlan.parse("schema: other/2\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("schema must be parity.validation-plan/2, found other/2");
    assertThatThrownBy(() -> ValidationPlan.parse("schema: \"unclosed\nengines: {}\n", "p", false))
        .isInstanceOf(PlanException.class)
        .hasMessageStartingWith("p:1:7: not valid YAML: while scanning a quoted scalar")
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
    Files.writeString(file, HEAD + "worstRecords: 4\n");

    assertThat(ValidationPlan.read(file).worstRecords()).isEqualTo(4);
    assertThat(ValidationPlan.read(file).source()).isEqualTo(file.toString());
  }

  @Test
  void checkAgainst_outputTheModelLacks_failsNamingIt() throws Exception {
    ValidationPlan plan =
        ValidationPlan.parse(
            HEAD
                + "models:\n  acme:churn:\n    engines:\n      default:\n        outputs:\n"
                + "          logits: {atol: 0, rtol: 0}\n",
            "p",
            false);

    assertThatThrownBy(
            () -> plan.checkAgainst(CHURN, List.of("probability"), List.of(EngineName.PYTORCH)))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("models.acme:churn.engines.default.outputs.logits names an output")
        .hasMessageContaining("no atol/rtol for output probability of engine pytorch");
  }
}
