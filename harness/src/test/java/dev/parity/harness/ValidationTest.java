package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.BuildVersions;
import dev.parity.engine.EngineName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every engine on the committed reference set, in one pass (about 15 s here). */
class ValidationTest {

  @Test
  void run_allEnginesOnTheCommittedSet_passesEveryShippedGate() throws Exception {
    List<EngineName> engines = List.of(EngineName.values());

    ValidationReport report =
        Validation.run(
            ValidationRequest.builder()
                .setArtifact(Checkout.artifact())
                .setReferenceFolder(Checkout.reference())
                .setSettings(Checkout.settings())
                .optEngines(engines)
                .build(),
            ValidationProgress.NONE);

    assertThat(report.failedGates()).isEmpty();
    assertThat(report.preprocessing().mismatchedRecords()).isZero();
    assertThat(report.preprocessing().records()).isEqualTo(100_000);
    assertThat(report.engines())
        .extracting(EngineEvaluation::engine)
        .containsExactlyElementsOf(engines);
    assertThat(report.matrix()).hasSize(6);
    for (EngineEvaluation e : report.engines()) {
      assertThat(e.output("probability").absolute().count()).isEqualTo(100_000);
      assertThat(e.output("hidden").absolute().count()).isEqualTo(1_600_000);
      assertThat(e.all().absolute().count()).isEqualTo(1_700_000);
      assertThat(e.output("probability").absolute().max()).isLessThan(1e-6);
      assertThat(((BinaryQuality) e.quality()).flips()).isZero();
      assertThat(e.provenance().engineVersion()).isNotBlank();
      assertThat(e.provenance().modelFileSha256()).hasSize(64);
      // p99, max, overTolerance and nonFinite per output; AUC, recall and flips.
      assertThat(e.gates()).hasSize(11);
    }
    assertThat(report.provenance().parityVersion()).isEqualTo(BuildVersions.parity());
    assertThat(report.provenance().modelCardSha256()).isEqualTo(Checkout.model().cardSha256());
    assertThat(report.gates()).hasSize(45);
  }
}
