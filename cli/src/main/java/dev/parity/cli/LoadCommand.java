package dev.parity.cli;

import dev.parity.bench.load.ArrivalProcess;
import dev.parity.bench.load.DurationText;
import dev.parity.bench.load.LoadJob;
import dev.parity.bench.load.LoadReport;
import dev.parity.bench.load.LoadReportFiles;
import dev.parity.bench.load.LoadSpec;
import dev.parity.bench.load.LoadText;
import dev.parity.bench.load.PeakSearchSpec;
import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity load}: latency under an open-loop load, and the peak rate under a p99 bound. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Offer single records at a target rate (open loop: Poisson or fixed arrivals, whatever the"
          + " server is doing), micro-batched as a server would (up to --max-batch, waiting at"
          + " most --max-wait for the oldest request), and measure each request's latency from its"
          + " intended start (no coordinated omission): p50, p90, p99, p99.9 and max, split into"
          + " queueing, translation, engine and output; offered vs achieved rate; GC pauses.",
      "The warm-up is reported apart and excluded. An overloaded server is reported as such:"
          + " requests beyond --max-queue are dropped and counted, and the queue left after the"
          + " run drains for at most "
          + LoadSpec.DEFAULT_DRAIN_LIMIT
          + " before the rest is counted as unfinished.",
      "--find-peak searches, for each of --engines in a JVM of its own, the highest rate whose p99"
          + " stays within --p99: the rate doubles from --rate while runs pass, then bisection"
          + " narrows it to --resolution. Each step is a short run (--duration and --warmup per"
          + " step) that may drain for at most 10x the bound (1 to 5 s).",
      "Writes load-report.json, load-report.md and, for --find-peak, p99-vs-load.png (p99 against"
          + " offered load per engine) into --report-dir."
    },
    footer = {
      "",
      "Exit codes: 0 done (and within --p99 when given), 1 the server did not keep up or missed"
          + " --p99, or no engine met the bound at any rate tried, 2 usage or input error,"
          + " 3 an engine could not load.",
      "Examples:",
      "  scripts/parity load --engine onnxruntime --rate 20000 --duration 30s",
      "  scripts/parity load --find-peak --p99 10ms --engines pytorch,onnxruntime,tensorflow"
    })
final class LoadCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      description =
          "requests per second offered (default: "
              + (long) LoadJob.DEFAULT_RATE
              + "); with --find-peak, the first rate tried (default: "
              + (long) PeakSearchSpec.DEFAULT_START_RATE
              + ")")
  Double rate;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description =
          "measured phase, e.g. 30s (default: "
              + LoadJob.DEFAULT_RUN_DURATION
              + "; with --find-peak, per step: "
              + PeakSearchSpec.DEFAULT_STEP_DURATION
              + ")")
  Duration duration;

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description =
          "warm-up before it, reported apart and excluded (default: "
              + LoadSpec.DEFAULT_WARMUP
              + "; with --find-peak, per step: "
              + PeakSearchSpec.DEFAULT_STEP_WARMUP
              + ")")
  Duration warmup;

  @Option(
      names = "--arrivals",
      description =
          "poisson (independent arrivals, seeded) or fixed (evenly spaced); default: poisson")
  String arrivals;

  @Option(
      names = "--seed",
      description = "seed of the Poisson arrivals (default: " + LoadSpec.DEFAULT_SEED + ")")
  Long seed;

  @Option(
      names = "--max-batch",
      description = "most requests per engine call (default: " + LoadSpec.DEFAULT_MAX_BATCH + ")")
  Integer maxBatch;

  @Option(
      names = "--max-wait",
      converter = DurationConverter.class,
      description =
          "how long the oldest queued request waits for others before its batch goes (default: "
              + LoadSpec.DEFAULT_MAX_WAIT
              + ")")
  Duration maxWait;

  @Option(
      names = "--server-threads",
      description =
          "threads taking batches, each with its own predictor (default: "
              + LoadSpec.DEFAULT_SERVER_THREADS
              + ")")
  Integer serverThreads;

  @Option(
      names = "--max-queue",
      description =
          "most requests queued; more are dropped and counted (default: "
              + LoadSpec.DEFAULT_MAX_QUEUE
              + ")")
  Integer maxQueue;

  @Option(
      names = "--find-peak",
      description = "search the highest rate whose p99 stays within --p99, per engine")
  boolean findPeak;

  @Option(
      names = "--p99",
      converter = DurationConverter.class,
      description =
          "p99 bound, e.g. 10ms: with --find-peak the bound searched for (default: "
              + PeakSearchSpec.DEFAULT_P99_BOUND
              + "); on a single run a check (exit code 1 when missed)")
  Duration p99;

  @Option(
      names = "--engines",
      split = ",",
      description = "with --find-peak: the engines to search (default: --engine)")
  List<String> engines;

  @Option(
      names = "--max-rate",
      paramLabel = "PER_SECOND",
      description =
          "with --find-peak: the highest rate tried (default: "
              + (long) PeakSearchSpec.DEFAULT_MAX_RATE
              + ")")
  Double maxRate;

  @Option(
      names = "--resolution",
      description =
          "with --find-peak: stop when the lowest failing rate is within this fraction of the"
              + " highest passing one (default: "
              + PeakSearchSpec.DEFAULT_RESOLUTION
              + ")")
  Double resolution;

  @Option(
      names = "--max-steps",
      description =
          "with --find-peak: most runs per engine (default: "
              + PeakSearchSpec.DEFAULT_MAX_STEPS
              + ")")
  Integer maxSteps;

  @Option(
      names = "--retries",
      description =
          "with --find-peak: runs again a rate that failed, up to this many times; it passes if any"
              + " run passes, so one stall does not end the search early (0 to 3, default: "
              + PeakSearchSpec.DEFAULT_RETRIES
              + ")")
  Integer retries;

  @Option(
      names = "--input",
      description = "raw records the requests cycle through (default: ${DEFAULT-VALUE})",
      defaultValue = "reference-outputs/dev.parity/purchase/records.jsonl.gz")
  Path input;

  @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  Path zoo;

  @Option(
      names = "--report-dir",
      description = "where the reports go (default: ${DEFAULT-VALUE})",
      defaultValue = "target/load-report")
  Path reportDir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (engine.batchSize != null) {
      throw new IllegalArgumentException(
          "--batch-size does not apply to load: batches form from arrivals, up to --max-batch");
    }
    if (!findPeak
        && (engines != null
            || maxRate != null
            || resolution != null
            || maxSteps != null
            || retries != null)) {
      throw new IllegalArgumentException(
          "--engines, --max-rate, --resolution, --max-steps and --retries need --find-peak");
    }
    if (!Files.isRegularFile(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadJob.Source source = new LoadJob.Source(zoo, input);
    LoadReport report;
    if (findPeak) {
      PeakSearchSpec search = searchSpec();
      LoadSpec step =
          loadSpec(
              search.startRate(),
              DurationText.parse(PeakSearchSpec.DEFAULT_STEP_DURATION),
              DurationText.parse(PeakSearchSpec.DEFAULT_STEP_WARMUP));
      List<EngineSettings> candidates = new ArrayList<>();
      if (engines == null) {
        candidates.add(engine.settings());
      } else {
        for (String name : engines) {
          candidates.add(engine.settings(name.trim()));
        }
      }
      err.printf(
          Locale.ROOT,
          "parity load --find-peak: p99 <= %s, %d engine setting(s), into %s%n",
          DurationText.format(search.p99Bound()),
          candidates.size(),
          reportDir);
      report = LoadJob.findPeak(candidates, source, step, search, reportDir.resolve("search"), err);
    } else {
      LoadSpec run =
          loadSpec(
              rate != null ? rate : LoadJob.DEFAULT_RATE,
              DurationText.parse(LoadJob.DEFAULT_RUN_DURATION),
              DurationText.parse(LoadSpec.DEFAULT_WARMUP));
      report = LoadJob.run(engine.settings(), source, run, p99, err);
    }
    List<Path> files = LoadReportFiles.write(reportDir, report);
    out.print(LoadText.render(report));
    out.println("Reports: " + String.join(", ", files.stream().map(Path::toString).toList()));
    out.flush();
    return LoadJob.exitCode(report);
  }

  private LoadSpec loadSpec(double offered, Duration defaultDuration, Duration defaultWarmup) {
    LoadSpec.Builder b =
        LoadSpec.builder()
            .setRate(offered)
            .setDuration(duration != null ? duration : defaultDuration)
            .optWarmup(warmup != null ? warmup : defaultWarmup);
    if (arrivals != null) {
      b.optArrivals(ArrivalProcess.parse(arrivals));
    }
    if (seed != null) {
      b.optSeed(seed);
    }
    if (maxBatch != null) {
      b.optMaxBatch(maxBatch);
    }
    if (maxWait != null) {
      b.optMaxWait(maxWait);
    }
    if (serverThreads != null) {
      b.optServerThreads(serverThreads);
    }
    if (maxQueue != null) {
      b.optMaxQueue(maxQueue);
    }
    return b.build();
  }

  private PeakSearchSpec searchSpec() {
    PeakSearchSpec.Builder b =
        PeakSearchSpec.builder()
            .setP99Bound(p99 != null ? p99 : DurationText.parse(PeakSearchSpec.DEFAULT_P99_BOUND));
    if (rate != null) {
      b.optStartRate(rate);
    }
    if (maxRate != null) {
      b.optMaxRate(maxRate);
    }
    if (resolution != null) {
      b.optResolution(resolution);
    }
    if (maxSteps != null) {
      b.optMaxSteps(maxSteps);
    }
    if (retries != null) {
      b.optRetries(retries);
    }
    return b.build();
  }

  /** Reads {@code 30s}, {@code 10ms} and the like. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return DurationText.parse(value);
    }
  }
}
