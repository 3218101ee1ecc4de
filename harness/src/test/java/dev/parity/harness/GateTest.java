package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
  @Test
  void atMost_measuredAtOrBelowThreshold_passes() {
    assertThat(Gate.atMost("g", 1e-6, 1e-6).passed()).isTrue();
    assertThat(Gate.atMost("g", 0, 0).verdict()).isEqualTo(Gate.Verdict.PASS);
  }

  @Test
  void atMost_measuredAboveThreshold_failsAndSaysSo() {
    Gate g = Gate.atMost("pytorch.probability.max", 1e-5, 1e-3);

    assertThat(g.verdict()).isEqualTo(Gate.Verdict.FAIL);
    assertThat(g.explanation()).isEqualTo("measured 1.00E-03 exceeds threshold 1.00E-05");
  }

  @Test
  void atMost_nanMeasured_fails() {
    assertThat(Gate.atMost("g", 1, Double.NaN).passed()).isFalse();
  }

  @Test
  void explanation_wholeNumbers_printsThemAsCounts() {
    assertThat(Gate.atMost("flips", 0, 3).explanation())
        .isEqualTo("measured 3 exceeds threshold 0");
  }

  @Test
  void verdict_driftRunWithoutGates_saysNoGateAppliedAndHowToGetOne() {
    Drift drift = new Drift("acme:churn:1.0.0", "a", "acme:churn:1.1.0", "b", Map.of(), Map.of());
    ValidationReport report =
        new ValidationReport(null, null, List.of(), List.of(), List.of(), drift);

    assertThat(ConsoleReport.verdict(report))
        .startsWith("PASS: no gate applied")
        .contains("--labels")
        .doesNotContain("all 0 gates");
  }

  @Test
  void verdict_gatesAllPassed_countsThem() {
    ValidationReport report =
        new ValidationReport(
            null,
            null,
            List.of(Gate.atMost("a", 1, 0), Gate.atMost("b", 1, 0)),
            List.of(),
            List.of(),
            null);

    assertThat(ConsoleReport.verdict(report)).isEqualTo("PASS: all 2 gates passed");
  }
}
