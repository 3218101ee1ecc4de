package dev.parity.cli;

import dev.parity.bench.BenchPreset;
import dev.parity.bench.BenchReport;
import dev.parity.bench.BenchSummary;
import dev.parity.bench.ModelCost;
import dev.parity.bench.SummaryText;
import dev.parity.bench.Sweep;
import dev.parity.bench.SweepPlan;
import dev.parity.engine.EngineName;
import dev.parity.zoo.ModelCard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity bench}: the JMH sweep, the Python baseline, the roofline and their summary. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Sweep engines, threads, callers and batch sizes with JMH (one fork per setting), time the"
          + " Python baseline and the machine's limits through the engine, and summarise:"
          + " a table per engine, the best setting, a recommendation, the roofline fraction, plots.",
      "Writes jmh-results.json, python-baseline.json, bench-summary.json, bench-summary.md and"
          + " PNG plots into the report folder."
    },
    footer = {
      "",
      "Targets (reported, never asserted): full path >= 2x Python at the same cores; engine only"
          + " on large >= 50%% of the roofline; translation <= 20%% of full-path time.",
      "MXNet's threads come from OMP_NUM_THREADS only: its forks start through a wrapper that sets"
          + " it per setting. The large preset comes from `scripts/parity model large`."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--quick",
      description =
          "full path and translation at batches 1024/4096 (full path with threads 1 and 2),"
              + " engine only at 4096, no multi-caller runs, short warm-up and measurement (a few"
              + " minutes)")
  boolean quick;

  @Option(
      names = "--engines",
      split = ",",
      description = "engines to sweep (default: pytorch,onnxruntime,tensorflow,mxnet)")
  List<String> engines = List.of("pytorch", "onnxruntime", "tensorflow", "mxnet");

  @Option(names = "--preset", description = "small (committed) or large (default: small)")
  String preset = "small";

  @Option(names = "--devices", split = ",", description = "devices (default: cpu,gpu:0)")
  List<String> devices = List.of("cpu", "gpu:0");

  @Option(
      names = "--report-dir",
      description = "where the results go (default: target/bench-report)")
  Path reportDir = Path.of("target", "bench-report");

  @Option(
      names = "--cores",
      description = "cores to recommend a setting for (default: this machine's)")
  int cores = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--python",
      description =
          "Python with torch for the baseline (default: $PARITY_PYTHON or /usr/bin/python3)")
  Path python;

  @Option(
      names = "--root",
      description = "repository root (default: found above the working folder)")
  Path root;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> names = new ArrayList<>();
    for (String e : engines) {
      names.add(EngineName.parse(e.trim()).cliName());
    }
    BenchPreset p = BenchPreset.resolve(preset, root != null ? root : findRoot());
    SweepPlan plan = quick ? SweepPlan.quick(names, devices) : SweepPlan.full(names, devices);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    err.printf(
        Locale.ROOT,
        "parity bench (%s, preset %s, engines %s) into %s%n",
        quick ? "quick" : "full",
        preset,
        String.join(",", names),
        reportDir);
    Sweep.Outcome outcome = Sweep.run(plan, p, reportDir, pythonPath(), err);
    ModelCost cost = ModelCost.of(ModelCard.read(p.modelCard()));
    BenchSummary summary =
        BenchSummary.compute(
            preset, cores, cost, outcome.results(), outcome.python(), outcome.notes());
    BenchReport.Written written = BenchReport.write(reportDir, summary, outcome.results());
    out.print(SummaryText.render(summary, outcome.results()));
    if (written.plotError() != null) {
      err.println(written.plotError());
    }
    out.printf(
        Locale.ROOT,
        "%nReports: %s, %s%nBench took %.1f min%n",
        outcome.jmhJson(),
        String.join(", ", written.files().stream().map(Path::toString).toList()),
        (System.nanoTime() - start) / 60e9);
    return 0;
  }

  private Path pythonPath() {
    if (python != null) {
      return python;
    }
    String env = System.getenv("PARITY_PYTHON");
    return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/python3");
  }

  private static Path findRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("scripts/purchase"))
          && Files.isDirectory(dir.resolve("zoo"))) {
        return dir;
      }
    }
    throw new IOException(
        "no repository root (a folder with scripts/purchase and zoo) above "
            + Path.of("").toAbsolutePath()
            + ": run from the repository or pass --root");
  }
}
