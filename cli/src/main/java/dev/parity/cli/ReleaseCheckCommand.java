package dev.parity.cli;

import dev.parity.failure.ExitCode;
import dev.parity.harness.ConsoleReport;
import dev.parity.harness.NoiseFloorSettings;
import dev.parity.harness.ReferenceSet;
import dev.parity.harness.ReleaseCheck;
import dev.parity.harness.ReleaseCheckJunit;
import dev.parity.harness.ReportFiles;
import dev.parity.report.ReportFolder;
import dev.parity.zoo.ArtifactSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity release-check}: the one command a release pipeline runs. */
@Command(
    name = "release-check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a model release in one run: every engine against the model's own reference set"
          + " (Python) with each engine's noise floor, then the release against the last one"
          + " (--baseline: a set the last release saved with parity predict --save-outputs, or"
          + " one made from another version), under the plan's limits and its drift limits.",
      "Prints both reports and one verdict; writes python/ and baseline/ report folders and"
          + " one junit.xml with every gate of both runs into the report folder."
    },
    footer = {
      "",
      "Exit code 0 when every gate of both runs passes, 1 when one fails (named), 2 for bad"
          + " input (a baseline that is not an earlier run, a missing or changed file, a bad"
          + " plan), 3 when an engine cannot load.",
      "Example: scripts/parity predict --model dev.parity:segment:1.0.0 --inputs"
          + " reference-outputs/dev.parity/segment --save-outputs target/baseline; scripts/parity"
          + " release-check --model dev.parity:segment:1.1.0 --baseline target/baseline"
    })
final class ReleaseCheckCommand implements Callable<Integer> {
  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "DIR",
      description = "the last release's outputs (parity predict --save-outputs DIR)")
  Path baseline;

  @Option(
      names = "--reference",
      paramLabel = "DIR",
      description =
          "the model's own reference set (default: the nearest"
              + " reference-outputs/<groupId>/<artifactId>/)")
  Path reference;

  @Option(
      names = "--noise-floor",
      paramLabel = "RECORDS",
      description =
          "records each engine runs again for its noise floor (default: ${DEFAULT-VALUE})",
      defaultValue = "2048")
  int noiseFloor;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = "where the report files go (default: ${DEFAULT-VALUE})",
      defaultValue = "target/release-check")
  Path reportDir;

  @Mixin ModelOptions model;

  @Mixin ValidationOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ArtifactSpec artifact = model.artifact();
    Path own = reference != null ? reference : ReferenceSet.defaultFolder(artifact.model());
    ReleaseCheck check;
    try (ValidateCommand.Progress progress = new ValidateCommand.Progress()) {
      check =
          ReleaseCheck.run(
              options
                  .request(artifact, own)
                  .optNoiseFloor(new NoiseFloorSettings(noiseFloor))
                  .build(),
              options.request(artifact, baseline).build(),
              progress);
    }
    ConsoleReport console = new ConsoleReport();
    out.println("== Release against its own reference (" + own + ")");
    console.render(check.parity(), out);
    out.println("\n== Release against the baseline (" + baseline + ")");
    console.render(check.drift(), out);
    List<Path> files = new ArrayList<>();
    files.addAll(ReportFiles.write(check.parity(), reportDir.resolve("python")));
    files.addAll(ReportFiles.write(check.drift(), reportDir.resolve("baseline")));
    files.addAll(ReportFolder.write(reportDir, check, List.of(new ReleaseCheckJunit())));
    out.println("\n" + ReleaseCheckJunit.verdict(check));
    out.println("Reports: " + files.stream().map(Path::toString).collect(Collectors.joining(", ")));
    out.flush();
    return check.passed() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }
}
