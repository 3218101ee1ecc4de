package dev.parity.cli;

import dev.parity.failure.ExitCode;
import dev.parity.reliability.Soak;
import dev.parity.reliability.SoakCommandOptions;
import dev.parity.reliability.SoakJson;
import dev.parity.reliability.SoakJvm;
import dev.parity.reliability.SoakOptions;
import dev.parity.reliability.SoakReport;
import dev.parity.reliability.SoakSummary;
import java.io.PrintWriter;
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
          + " exceeds --max-growth-percent of that steady RSS (default 2%%).",
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

  @Mixin SoakCommandOptions soak;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "where the figures and every sample go (default: ${DEFAULT-VALUE})",
      defaultValue = "target/soak/soak.json")
  Path json;

  @Option(
      names = "--heap",
      description = "the soak JVM's fixed heap (default: ${DEFAULT-VALUE})",
      defaultValue = SoakJvm.DEFAULT_HEAP)
  String heap;

  @Option(
      names = "--in-process",
      hidden = true,
      description = "run in this JVM (the heap then blurs the figure)")
  boolean inProcess;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SoakOptions options = soak.toOptions(engine.settings());
    PrintWriter out = spec.commandLine().getOut();
    SoakReport report;
    if (inProcess) {
      report = Soak.run(options, System.err);
      SoakJson.write(report, json);
    } else {
      // This command runs from parity-cli.jar, whose manifest lists every jar the soak needs.
      SoakJvm jvm =
          SoakJvm.builder()
              .setClasspath(System.getProperty("java.class.path"))
              .optHeap(heap)
              .optJvmOptions(SoakJvm.forwardedProperties(System.getProperties()))
              .build();
      report =
          jvm.run(
              options,
              json,
              line -> {
                // The child's summary is printed below from its report, its error by the handler.
                if (SoakJvm.isProgress(line)) {
                  spec.commandLine().getErr().println(line);
                }
              });
    }
    out.print(SoakSummary.text(report));
    out.println("  report: " + json);
    out.flush();
    return (report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED).code();
  }
}
