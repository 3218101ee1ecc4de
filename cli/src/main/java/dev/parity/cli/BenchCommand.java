package dev.parity.cli;

import dev.parity.bench.BenchPlan;
import dev.parity.bench.BenchPreset;
import dev.parity.bench.BenchReport;
import dev.parity.bench.BenchSummary;
import dev.parity.bench.ModelCost;
import dev.parity.bench.SummaryText;
import dev.parity.bench.Sweep;
import dev.parity.bench.SweepPlan;
import dev.parity.build.Checkout;
import dev.parity.card.ModelCard;
import dev.parity.engine.EngineName;
import java.io.IOException;
import java.io.PrintWriter;
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
      "Targets come from a bench plan (--plan FILE, else the shipped "
          + BenchPlan.SHIPPED
          + " in the benchmarks module's resources, which gives the reason for each): each holds"
          + " one figure to a threshold and is reported as MET, MISSED or NOT MEASURED, never"
          + " asserted.",
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

  @Option(
      names = "--preset",
      description = "the purchase model's preset: small (committed) or large (default: small)")
  String preset = "small";

  @Option(
      names = "--model",
      paramLabel = "GROUP:ARTIFACT[:VERSION]",
      description =
          "bench another model of the committed zoo instead of a purchase preset: the full path"
              + " from its reference records when its card has features, engine only from its"
              + " reference set's inputs otherwise, the roofline only when its card has an"
              + " architecture section; no Python baseline")
  String model;

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
      names = "--plan",
      paramLabel = "FILE",
      description =
          "bench plan: YAML (JSON when the name ends in .json) with schema "
              + BenchPlan.SCHEMA
              + " and targets, each one figure with atLeast or atMost and optional presets, laid"
              + " out like the shipped plan; an unknown key is an error (default: the shipped"
              + " plan)")
  Path plan;

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
    // Read the plan first: a mistake in it should not cost a sweep.
    BenchPlan targets = plan != null ? BenchPlan.read(plan) : BenchPlan.shipped();
    Path repository = root != null ? root : findRoot();
    BenchPreset p =
        model != null
            ? BenchPreset.forModel(model, repository)
            : BenchPreset.resolve(preset, repository);
    SweepPlan plan = quick ? SweepPlan.quick(names, devices) : SweepPlan.full(names, devices);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    err.printf(
        Locale.ROOT,
        "parity bench (%s, preset %s, engines %s) into %s%n",
        quick ? "quick" : "full",
        p.name(),
        String.join(",", names),
        reportDir);
    Sweep.Outcome outcome = Sweep.run(plan, p, reportDir, pythonPath(), err);
    ModelCard card = ModelCard.read(p.modelCard());
    ModelCost cost = ModelCost.known(card) ? ModelCost.of(card) : null;
    BenchSummary summary =
        BenchSummary.compute(
            p.name(), cores, cost, outcome.results(), outcome.python(), outcome.notes(), targets);
    BenchReport.Written written = BenchReport.write(reportDir, summary);
    new SummaryText().render(summary, out);
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
    return Checkout.root()
        .orElseThrow(
            () ->
                new IOException(
                    "no Parity checkout (a folder holding zoo/, reference-outputs/ and"
                        + " scripts/purchase/) at or above "
                        + Checkout.workingDirectory()
                        + ": run from the repository or pass --root"));
  }
}
