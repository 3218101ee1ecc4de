package dev.parity.cli;

import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.harness.ConsoleReport;
import dev.parity.harness.NoiseFloorSettings;
import dev.parity.harness.ReferenceSet;
import dev.parity.harness.ReportFiles;
import dev.parity.harness.Validation;
import dev.parity.harness.ValidationProgress;
import dev.parity.harness.ValidationReport;
import dev.parity.harness.ValidationRequest;
import dev.parity.zoo.ArtifactSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity validate}: JVM outputs against the Python reference outputs, gated by a plan. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Run any registered model under each engine over its reference set (raw records encoded in"
          + " Java when the set has them and the card has features, else the set's input"
          + " tensors) and compare every output with the reference element by element (count,"
          + " mean, std, P25, P50, P75, P99, max of |JVM - reference|, NaN/Inf counted), check"
          + " pre-processing parity (Java's input tensors vs Python's) and model quality parity"
          + " for the card's task (binary: AUC, recall, decision flips; multiclass: accuracy,"
          + " top-class flips, top-k agreement, log-loss; regression: RMSE, MAE), compare every"
          + " pair of engines, and apply the validation plan's gates.",
      "Every stage is compared in order (pre-processing, input tensors, each tap the card lists,"
          + " outputs, decisions) and each engine's report leads with the first stage beyond"
          + " tolerance; the task output is cut into slices (categorical values, numeric"
          + " deciles). Against a set saved by parity predict --save-outputs, or made from"
          + " another model version, it runs in drift mode under the plan's drift limits.",
      "Writes report.json, report.md, junit.xml and report.html into the report folder."
    },
    footer = {
      "",
      "Exit code 1 when a gate fails (the failed gates are named); 2 also for missing,"
          + " truncated or changed reference files, a reference set made for another model, a"
          + " bad plan.",
      "Example: scripts/parity validate --engines pytorch,onnxruntime --report-dir"
          + " target/parity-report"
    })
final class ValidateCommand implements Callable<Integer> {
  @Option(
      names = "--reference",
      paramLabel = "DIR",
      description =
          "reference set folder with manifest.json (default: the nearest"
              + " reference-outputs/<groupId>/<artifactId>/); a set saved by parity predict"
              + " --save-outputs, or made from another version of the model, runs a drift run")
  Path reference;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = "where the report files go (default: ${DEFAULT-VALUE})",
      defaultValue = "target/parity-report")
  Path reportDir;

  @Option(
      names = "--noise-floor",
      arity = "0..1",
      fallbackValue = "2048",
      paramLabel = "RECORDS",
      description =
          "also run each engine again over the first RECORDS records (default when given: 2048)"
              + " with one record per call and, for ONNX Runtime and TensorFlow, with 1 and 2"
              + " intra-op threads, and print that spread beside the JVM-reference statistics;"
              + " the plan's maxBatchDifference gates batch invariance")
  Integer noiseFloor;

  @Mixin ModelOptions model;

  @Mixin ValidationOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ArtifactSpec artifact = model.artifact();
    Path folder = reference != null ? reference : ReferenceSet.defaultFolder(artifact.model());
    ValidationRequest.Builder request = options.request(artifact, folder);
    if (noiseFloor != null) {
      request.optNoiseFloor(new NoiseFloorSettings(noiseFloor));
    }
    ValidationReport report;
    try (Progress progress = new Progress()) {
      report = Validation.run(request.build(), progress);
    }
    new ConsoleReport().render(report, out);
    List<Path> files = ReportFiles.write(report, reportDir);
    out.println("Reports: " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
    out.printf(Locale.ROOT, "Validation took %.1f s%n", report.provenance().seconds());
    out.flush();
    return report.passed() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  /** Draws a progress bar on standard error while the records stream through the engines. */
  static final class Progress implements ValidationProgress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void loading(EngineName engine) {
      System.err.println("parity: loading " + engine.cliName());
    }

    @Override
    public void started(long records, List<EngineName> engines) {
      System.err.println(
          "parity: streaming "
              + records
              + " reference records through "
              + engines.stream().map(EngineName::cliName).collect(Collectors.joining(", ")));
      bar =
          new ProgressBarBuilder()
              .setTaskName("validate")
              .setInitialMax(records)
              .setUnit(" records", 1)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(
                  new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
              .build();
    }

    @Override
    public void advanced(long recordsDone) {
      if (bar != null) {
        bar.stepTo(recordsDone);
      }
    }

    @Override
    public void measuringNoiseFloor(EngineName engine) {
      close();
      System.err.println("parity: measuring the noise floor of " + engine.cliName());
    }

    @Override
    public void comparing() {
      close();
      System.err.println("parity: comparing outputs");
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
