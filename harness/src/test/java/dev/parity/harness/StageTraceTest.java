package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.tensor.Tensor;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every record counted at its first stage beyond tolerance, taps covering the first records. */
class StageTraceTest {
  private static final List<String> IDS = List.of("a", "b", "c", "d");

  private static ElementwiseComparison.Part part(String name, float[] actual, float[] expected) {
    int rows = actual.length;
    return new ElementwiseComparison.Part(
        name,
        List.of((long) rows),
        Tensor.of(actual, rows),
        Tensor.of(expected, rows),
        new Tolerance(1e-6, 0));
  }

  private static void add(StageTrace trace, Stage.Kind kind, ElementwiseComparison.Part p) {
    trace.elementwise(kind, p.output(), List.of(p), ElementwiseComparison.compare(p, IDS, 3));
  }

  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }

  @Test
  void localise_tapBeyondToleranceOnTheFirstRecords_leadsWithThatLayer() {
    StageTrace trace = new StageTrace(IDS);
    trace.exact(
        Stage.Kind.PREPROCESSING,
        "pre-processing",
        4,
        new PreprocessingComparison.StageFlags(new BitSet(), 0));
    // Taps cover records 0 and 1; record 1 is off at mlp.1 and so at the outputs too.
    add(trace, Stage.Kind.TAP, part("mlp.0", new float[] {1, 2}, new float[] {1, 2}));
    add(trace, Stage.Kind.TAP, part("mlp.1", new float[] {1, 2.5f}, new float[] {1, 2}));
    add(
        trace,
        Stage.Kind.OUTPUTS,
        part("outputs", new float[] {0, 0.5f, 0, 0.25f}, new float[] {0, 0, 0, 0}));
    trace.decisions(4, bits(3));

    Localisation l = trace.localise(2);

    Stage lead = l.lead().orElseThrow();
    assertThat(lead.label()).isEqualTo("mlp.1");
    assertThat(lead.firstDiverging()).isEqualTo(1);
    assertThat(lead.max()).isEqualTo(0.5);
    assertThat(lead.worstId()).isEqualTo("b");
    assertThat(l.stages())
        .extracting(Stage::label, Stage::diverging, Stage::firstDiverging)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pre-processing", 0L, 0L),
            org.assertj.core.groups.Tuple.tuple("mlp.0", 0L, 0L),
            org.assertj.core.groups.Tuple.tuple("mlp.1", 1L, 1L),
            // record 3 is beyond the taps' records: its first divergence is the outputs
            org.assertj.core.groups.Tuple.tuple("outputs", 2L, 1L),
            org.assertj.core.groups.Tuple.tuple("decisions", 1L, 0L));
    assertThat(StageText.lead(l))
        .isEqualTo(
            "first divergence: layer `mlp.1` in 1 of 2 records (max 5.00E-01), e.g. record 1"
                + " (b); every earlier stage within tolerance");
  }

  @Test
  void localise_preprocessingDiffers_leadsWithItEvenWhenEveryLaterStageDiffers() {
    StageTrace trace = new StageTrace(IDS);
    trace.exact(
        Stage.Kind.PREPROCESSING,
        "pre-processing",
        4,
        new PreprocessingComparison.StageFlags(bits(2), 1));
    add(
        trace,
        Stage.Kind.OUTPUTS,
        part("outputs", new float[] {1, 1, 1, 1}, new float[] {0, 0, 0, 0}));

    Localisation l = trace.localise(0);

    assertThat(l.lead().orElseThrow().kind()).isEqualTo(Stage.Kind.PREPROCESSING);
    assertThat(l.stages().get(1).firstDiverging()).isEqualTo(3);
    assertThat(StageText.lead(l)).startsWith("first divergence: pre-processing in 1 of 4 records");
    assertThat(StageText.lead(l)).endsWith("it is the first stage compared");
  }

  @Test
  void localise_everythingWithinTolerance_hasNoLead() {
    StageTrace trace = new StageTrace(IDS);
    add(trace, Stage.Kind.OUTPUTS, part("outputs", new float[] {1, 2}, new float[] {1, 2}));

    Localisation l = trace.localise(0);

    assertThat(l.lead()).isEmpty();
    assertThat(StageText.lead(l))
        .isEqualTo("no divergence: every stage within tolerance (outputs)");
  }

  @Test
  void elementwise_nanOnOneSide_isBeyondTolerance() {
    StageTrace trace = new StageTrace(IDS);
    add(trace, Stage.Kind.OUTPUTS, part("outputs", new float[] {Float.NaN, 2}, new float[] {1, 2}));

    assertThat(trace.localise(0).lead().orElseThrow().firstDiverging()).isEqualTo(1);
  }
}
