package dev.parity.cli;

import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import dev.parity.predict.Soak;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity soak}: does native memory stay flat over millions of predictions? */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run many predictions (or model load/close cycles) through one model and sample the"
          + " process's resident memory (VmRSS, VmHWM) and Java heap every 1%% of the run.",
      "Figure: RSS at the end minus RSS after the first 5%% of the run. The soak fails when it"
          + " exceeds --max-growth of that steady RSS (default 2%%).",
      "The soak runs in a child JVM with a fixed, pre-touched heap (-Xms=-Xmx, -Xmn32m,"
          + " -XX:+AlwaysPreTouch) and glibc's mmap threshold fixed at 128 KiB, so that heap"
          + " sizing and allocator caching neither mimic nor mask native growth."
    },
    footer = {
      "",
      "Exit code 1 when the growth is over the limit or scores changed.",
      "Example: scripts/parity soak --engine pytorch --records 10000000 --json"
          + " target/soak/pytorch.json"
    })
final class SoakCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(
      names = "--records",
      description = "predictions to run (default: ${DEFAULT-VALUE})",
      defaultValue = "10000000")
  long records;

  @Option(
      names = "--warmup",
      description =
          "predictions (with --cycles: load/close cycles) before the measured run, not counted"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  long warmup;

  @Option(
      names = "--threads",
      description = "caller threads sharing the model (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int threads;

  @Option(
      names = "--cycles",
      description =
          "instead of predicting, load and close the model this many times (one batch each)"
              + " and check the same growth")
  int cycles;

  @Option(
      names = "--input",
      description = "raw records, cycled (default: ${DEFAULT-VALUE})",
      defaultValue = "reference-outputs/records.jsonl.gz")
  Path input;

  @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  Path zoo;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "where the figures and every sample go (default: ${DEFAULT-VALUE})",
      defaultValue = "target/soak/soak.json")
  Path json;

  @Option(
      names = "--max-growth",
      description = "allowed RSS growth, a fraction of the steady RSS (default: ${DEFAULT-VALUE})",
      defaultValue = "0.02")
  double maxGrowth;

  @Option(
      names = "--heap",
      description = "the soak JVM's fixed heap (default: ${DEFAULT-VALUE})",
      defaultValue = Soak.DEFAULT_HEAP)
  String heap;

  @Option(
      names = "--leak",
      hidden = true,
      description = "control: leak each batch's input tensors on the model's manager")
  boolean leak;

  @Option(
      names = "--in-process",
      hidden = true,
      description = "run in this JVM (the heap then blurs the figure)")
  boolean inProcess;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EngineSettings settings = engine.settings();
    if (!Files.isRegularFile(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    Soak.Options options =
        new Soak.Options(
            settings.engine(),
            records,
            warmup,
            cycles,
            settings.batchSize(),
            threads,
            settings.interOpThreads(),
            settings.intraOpThreads(),
            leak,
            maxGrowth,
            zoo,
            input);
    PrintWriter out = spec.commandLine().getOut();
    Soak.Report report;
    if (inProcess) {
      report = Soak.run(options, System.err);
      Soak.write(report, json);
    } else {
      report =
          Soak.fork(
              options,
              heap,
              json,
              line -> {
                // The child's summary is printed below from its report; pass on the rest.
                if (line.startsWith("soak: ")) {
                  spec.commandLine().getErr().println(line);
                }
              });
    }
    out.print(report.summary());
    out.println("  report: " + json);
    out.flush();
    return report.passed() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }
}
