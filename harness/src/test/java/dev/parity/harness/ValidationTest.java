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
      // Every stage compared and within tolerance, the taps on the first 2,048 records.
      assertThat(e.localisation().lead()).as(e.engine().cliName()).isEmpty();
      assertThat(e.localisation().stages())
          .extracting(Stage::label)
          .containsExactly(
              "pre-processing",
              "inputs",
              "embedding.app_packages",
              "embedding.campaigns",
              "embedding.carrier",
              "embedding.device_model",
              "mlp.0",
              "mlp.1",
              "logits",
              "outputs",
              "decisions");
      assertThat(e.localisation().tapRecords()).isEqualTo(2048);
      assertThat(e.taps()).hasSize(7);
      assertThat(e.taps().get(4).absolute().count()).isEqualTo(2048L * 64);
      assertThat(e.slices()).isNotEmpty();
    }
    assertThat(report.provenance().parityVersion()).isEqualTo(BuildVersions.parity());
    assertThat(report.provenance().modelCardSha256()).isEqualTo(Checkout.model().cardSha256());
    assertThat(report.gates()).hasSize(45);
  }

  @Test
  void run_noiseFloor_batchAndThreadVariantsBesideTheReferenceAndBatchInvarianceGated()
      throws Exception {
    ValidationReport report =
        Validation.run(
            ValidationRequest.builder()
                .setArtifact(Checkout.artifact())
                .setReferenceFolder(Checkout.reference())
                .setSettings(Checkout.settings())
                .optEngines(List.of(EngineName.ONNXRUNTIME))
                .optNoiseFloor(new NoiseFloorSettings(300))
                .build(),
            ValidationProgress.NONE);

    EngineEvaluation e = report.engines().get(0);
    NoiseFloor floor = e.noiseFloor();
    assertThat(floor.records()).isEqualTo(300);
    assertThat(floor.variants())
        .extracting(NoiseFloor.Variant::name)
        .containsExactly("batch 1", "intra-op 1", "intra-op 2");
    assertThat(floor.batch().orElseThrow().output("hidden").orElseThrow().absolute().count())
        .isEqualTo(300L * 16);
    // Rounding noise, well under the tolerance and of the order of JVM vs Python.
    assertThat(floor.max("probability")).isLessThan(1e-5);
    assertThat(e.gates())
        .filteredOn(g -> g.name().endsWith(".batchInvariance"))
        .extracting(Gate::name)
        .containsExactly(
            "onnxruntime.probability.batchInvariance", "onnxruntime.hidden.batchInvariance");
    assertThat(report.passed()).isTrue();
  }
}
