package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parity.file.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two releases of the segment model: the committed 1.0.0 and 1.1.0, the same data retrained with
 * another seed ({@code scripts/parity model train --model segment --seed 777}, then {@code export
 * --version 1.1.0}; its card, files and vocabulary, the committed one's, are test resources). The
 * last release's JVM outputs are saved with {@code predict --save-outputs}; the new release is
 * validated against them in drift mode and passes or fails by the plan; {@code release-check} runs
 * both checks with one verdict.
 */
class DriftTest {
  private static final String RELEASE = "dev.parity:segment:1.1.0";

  @TempDir static Path dir;
  private static Path zoo;
  private static Path baseline;
  private static Path committedReference;

  @BeforeAll
  static void registerTheNewReleaseAndSaveTheLastOnesOutputs() throws Exception {
    Path root = CliTestSupport.root();
    Path committed = root.resolve("zoo/model/tabular/dev/parity/segment");
    committedReference = root.resolve("reference-outputs/dev.parity/segment");
    zoo = dir.resolve("zoo");
    FileTree.copy(committed, zoo.resolve("model/tabular/dev/parity/segment"));
    Path release = Files.createDirectories(dir.resolve("release"));
    for (String file : List.of("model-card.json", "segment.pt", "segment.onnx", "vocab.json")) {
      try (InputStream in =
          DriftTest.class.getResourceAsStream("/dev/parity/cli/segment-1.1.0/" + file)) {
        Files.copy(in, release.resolve(file));
      }
    }
    CliTestSupport.Run add =
        CliTestSupport.run(
            "zoo",
            "add",
            "--card",
            release.resolve("model-card.json").toString(),
            "--zoo",
            zoo.toString());
    assertThat(add.exitCode()).as(add.err()).isZero();
    baseline = dir.resolve("baseline");
    CliTestSupport.Run predict =
        CliTestSupport.run(
            "predict",
            "--model",
            "dev.parity:segment:1.0.0",
            "--zoo",
            zoo.toString(),
            "--engine",
            "onnxruntime",
            "--inputs",
            committedReference.toString(),
            "--save-outputs",
            baseline.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
  }

  private static CliTestSupport.Run validate(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "validate",
                "--model",
                RELEASE,
                "--zoo",
                zoo.toString(),
                "--reference",
                baseline.toString(),
                "--report-dir",
                dir.resolve("report-" + extra.length).toString()));
    args.addAll(List.of(extra));
    return CliTestSupport.run(args.toArray(String[]::new));
  }

  @Test
  void validate_newReleaseAgainstTheLastOnesOutputs_reportsItsDriftAndPassesTheShippedPlan() {
    CliTestSupport.Run run = validate();

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Drift run: the new release against an earlier run")
        .contains(
            "The model card changed since the reference run (dev.parity:segment:1.0.0 ->"
                + " dev.parity:segment:1.1.0)")
        .contains("|JVM - earlier run|, element by element")
        .contains("first divergence: outputs in ")
        .contains("PASS  pytorch.quality.accuracyDelta")
        .contains("PASS: all 4 gates passed");
    // Retrained with another seed, the logits move far beyond float32 noise.
    assertThat(run.out()).containsPattern("logits: [1-9][0-9]* of 100000 elements over tolerance");
  }

  @Test
  void validate_planHoldingTheReleaseToTheElement_failsNamingTheDriftGate() throws IOException {
    Path plan = dir.resolve("strict-drift.yaml");
    Files.writeString(
        plan,
        """
        schema: parity.validation-plan/2
        drift:
          engines:
            default:
              outputs:
                "*": {atol: 1.0e-5, rtol: 1.0e-5, maxMax: 1.0e-4}
              quality:
                multiclass: {maxAccuracyDelta: 1.0e-9, maxArgmaxFlips: 0}
        """);

    CliTestSupport.Run run = validate("--plan", plan.toString(), "--engines", "pytorch");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL  pytorch.logits.max")
        .contains("FAIL  pytorch.quality.argmaxFlips")
        .contains("FAIL: ");
  }

  @Test
  void releaseCheck_ownReferenceAndBaseline_oneVerdictAndOneJunitFile() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of(CliTestSupport.PYTHON)), "needs /usr/bin/python3 with torch");
    // The release's own reference set, written by the standalone scripts/reference_set.py from
    // the committed set's inputs, as a team would.
    Path card = zoo.resolve("model/tabular/dev/parity/segment/1.1.0/model-card.json");
    Path own = dir.resolve("own-reference");
    CliTestSupport.python(
        CliTestSupport.root().resolve("scripts/reference_set.py").toString(),
        "--model",
        card.getParent().resolve("segment.pt").toString(),
        "--card",
        card.toString(),
        "--input",
        "dense=" + committedReference.resolve("input-dense.npy"),
        "--input",
        "ids=" + committedReference.resolve("input-ids.npy"),
        "--labels",
        committedReference.resolve("labels.npy").toString(),
        "--records",
        committedReference.resolve("records.jsonl.gz").toString(),
        "--out",
        own.toString());
    Path reports = dir.resolve("release-check");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "release-check",
            "--model",
            RELEASE,
            "--zoo",
            zoo.toString(),
            "--reference",
            own.toString(),
            "--baseline",
            baseline.toString(),
            "--noise-floor",
            "256",
            "--report-dir",
            reports.toString());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("== Release against its own reference")
        .contains("no divergence: every stage within tolerance")
        .contains("Noise floor: onnxruntime run again over the first 256 records")
        .contains("== Release against the baseline")
        .contains("PASS: " + RELEASE + ": against Python all ");
    assertThat(reports.resolve("junit.xml")).content().contains("parity.release.python.pytorch");
    assertThat(reports.resolve("junit.xml")).content().contains("parity.release.baseline.run");
    assertThat(reports.resolve("python/report.json")).exists();
    assertThat(reports.resolve("baseline/report.html")).exists();
  }

  @Test
  void releaseCheck_baselineIsTheModelsOwnReference_refusedAsBadInput() {
    CliTestSupport.Run run =
        CliTestSupport.run(
            "release-check",
            "--model",
            "dev.parity:segment:1.0.0",
            "--zoo",
            zoo.toString(),
            "--baseline",
            committedReference.toString(),
            "--report-dir",
            dir.resolve("refused").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is a reference set of dev.parity:segment:1.0.0 itself");
  }
}
