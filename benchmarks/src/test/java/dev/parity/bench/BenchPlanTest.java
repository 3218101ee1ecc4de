package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.plan.PlanFileException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlanTest {

  private static final String HEAD = "schema: parity.bench-plan/1\ntargets:\n";

  @Test
  void shipped_plan_readsEveryTargetInOrder() {
    BenchPlan plan = BenchPlan.shipped();

    assertThat(plan.source()).isEqualTo("shipped plan");
    assertThat(plan.targets())
        .extracting(BenchTarget::name, BenchTarget::figure, BenchTarget::direction)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "python-ratio", Figure.PYTHON_RATIO, BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "python-ratio-every-engine",
                Figure.SLOWEST_ENGINE_PYTHON_RATIO,
                BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "python-model-every-engine",
                Figure.SLOWEST_ENGINE_PYTHON_MODEL_RATIO,
                BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "roofline", Figure.ENGINE_ONLY_ROOFLINE_FRACTION, BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "full-path-roofline-large",
                Figure.FULL_PATH_ROOFLINE_FRACTION,
                BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "full-path-over-engine-only",
                Figure.FULL_PATH_OVER_ENGINE_ONLY,
                BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "translation-share", Figure.TRANSLATION_SHARE, BenchTarget.Direction.AT_MOST),
            org.assertj.core.groups.Tuple.tuple(
                "translation-time-small",
                Figure.TRANSLATION_MICROS_PER_RECORD,
                BenchTarget.Direction.AT_MOST),
            org.assertj.core.groups.Tuple.tuple(
                "full-path-small",
                Figure.FULL_PATH_RECORDS_PER_SECOND,
                BenchTarget.Direction.AT_LEAST),
            org.assertj.core.groups.Tuple.tuple(
                "full-path-large",
                Figure.FULL_PATH_RECORDS_PER_SECOND,
                BenchTarget.Direction.AT_LEAST));
    assertThat(plan.target("roofline").orElseThrow().presets()).containsExactly("large");
    assertThat(plan.target("roofline").orElseThrow().threshold()).isEqualTo(0.7);
    assertThat(plan.target("full-path-small").orElseThrow().threshold()).isEqualTo(400000);
  }

  @Test
  void shipped_everyTarget_hasItsReasonInCommentsAboveIt() throws Exception {
    List<String> lines;
    try (InputStream in = BenchPlan.class.getClassLoader().getResourceAsStream(BenchPlan.SHIPPED)) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    for (BenchTarget t : BenchPlan.shipped().targets()) {
      int at = lines.indexOf("  " + t.name() + ":");
      assertThat(at).as(t.name()).isPositive();
      assertThat(lines.get(at - 1)).as("comment above " + t.name()).startsWith("  # ");
    }
  }

  @Test
  void parse_unknownKeyInATarget_namesPlanKeyAndWhere() {
    String text = HEAD + "  python-ratio:\n    figure: pythonRatio\n    atleast: 2.0\n";

    assertThatThrownBy(() -> BenchPlan.parse(text, "mine.yaml", false))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("mine.yaml:6:1: ")
        .hasMessageContaining("unknown key 'atleast' at targets.python-ratio")
        .hasMessageContaining("expected one of atLeast, atMost, figure, presets");
  }

  @Test
  void parse_unknownTopLevelKey_named() {
    assertThatThrownBy(() -> BenchPlan.parse(HEAD + "gates: {}\n", "mine.yaml", false))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("unknown key 'gates' at the top level");
  }

  @Test
  void parse_unknownFigure_listsTheFigures() {
    String text = HEAD + "  speed: {figure: speed, atLeast: 1}\n";

    assertThatThrownBy(() -> BenchPlan.parse(text, "mine.yaml", false))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("targets.speed.figure names an unknown figure 'speed'")
        .hasMessageContaining(Figure.keys());
  }

  @Test
  void parse_invalidTargets_everyProblemNamed() {
    String text =
        "schema: parity.bench-plan/2\ntargets:\n"
            + "  both: {figure: pythonRatio, atLeast: 1, atMost: 2}\n"
            + "  neither: {figure: pythonRatio}\n"
            + "  where: {figure: pythonRatio, atLeast: 1, presets: [huge]}\n"
            + "  Bad_Name: {figure: pythonRatio, atLeast: 1}\n"
            + "  empty:\n";

    assertThatThrownBy(() -> BenchPlan.parse(text, "mine.yaml", false))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("schema must be parity.bench-plan/1, found parity.bench-plan/2")
        .hasMessageContaining("targets.both: set exactly one of atLeast and atMost, found both")
        .hasMessageContaining(
            "targets.neither: set exactly one of atLeast and atMost, found neither")
        .hasMessageContaining("targets.where: unknown preset huge; expected one of small, large")
        .hasMessageContaining("targets.Bad_Name: the name must be lower-case words")
        .hasMessageContaining("targets.empty is empty");
  }

  @Test
  void read_jsonFile_sameAsYaml(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("plan.json"),
            "{\"schema\": \"parity.bench-plan/1\", \"targets\": {\"floor\":"
                + " {\"figure\": \"fullPathRecordsPerSecond\", \"atLeast\": 400000,"
                + " \"presets\": [\"small\"]}}}");

    BenchPlan plan = BenchPlan.read(file);

    assertThat(plan.source()).isEqualTo(file.toString());
    assertThat(plan.targets())
        .containsExactly(
            BenchTarget.builder()
                .setName("floor")
                .setFigure(Figure.FULL_PATH_RECORDS_PER_SECOND)
                .optAtLeast(400000)
                .optPresets(List.of("small"))
                .build());
  }
}
