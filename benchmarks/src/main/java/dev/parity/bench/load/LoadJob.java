package dev.parity.bench.load;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code parity load} runs: one open-loop run of the purchase model in this JVM, or a peak
 * search per engine setting, each in its own JVM. Returns a {@link LoadReport}; writing and
 * printing it is {@link LoadReportFiles}' and {@link LoadText}'s job.
 */
public final class LoadJob {

  /** The rate of a single run when none is given, requests per second. */
  public static final double DEFAULT_RATE = 1000;

  /** The measured duration of a single run when none is given. */
  public static final String DEFAULT_RUN_DURATION = "30s";

  private LoadJob() {}

  /**
   * Where the model and the requests come from.
   *
   * @param zoo the zoo folder, or null for the environment's ({@code -Dparity.zoo}, {@code
   *     PARITY_ZOO}, the nearest {@code zoo/})
   * @param records the raw records (JSON Lines) that requests cycle through
   */
  public record Source(Path zoo, Path records) {}

  /**
   * Loads the model in this JVM and runs the load once.
   *
   * @param settings engine, device and threads (the batch size does not apply: batches form from
   *     arrivals, up to the spec's max batch)
   * @param source zoo and records
   * @param spec rate, arrivals, phases, batching
   * @param p99Bound a p99 bound to check, or null for none
   * @param progress receives a few lines while it runs
   * @return the report
   * @throws ModelNotFoundException if the zoo lacks the engine's artifact
   * @throws MalformedModelException if a file fails its checksum or the engine rejects it
   * @throws IOException if the zoo or the records cannot be read
   * @throws InterruptedException if interrupted
   */
  public static LoadReport run(
      EngineSettings settings,
      Source source,
      LoadSpec spec,
      Duration p99Bound,
      PrintWriter progress)
      throws ModelNotFoundException, MalformedModelException, IOException, InterruptedException {
    String started = Instant.now().toString();
    EngineSettings serving = serving(settings, spec);
    try (ModelBatchService service =
        ModelBatchService.open(serving, source.zoo(), source.records(), progress)) {
      settle();
      progress.printf(
          Locale.ROOT,
          "load: %s, %,.0f requests/s for %s after a %s warm-up...%n",
          serving,
          spec.rate(),
          DurationText.format(spec.duration()),
          DurationText.format(spec.warmup()));
      progress.flush();
      LoadResult result = new OpenLoopRunner<>(spec, service, LoadClock.system()).run();
      Boolean within = null;
      if (p99Bound != null) {
        within =
            result.keptUp()
                && result.measured().latency().total().p99Ms() <= p99Bound.toNanos() / 1e6;
      }
      return new LoadReport(
          LoadReport.SCHEMA,
          "run",
          started,
          MachineProvenance.current(),
          spec.toMap(),
          new LoadReport.Run(
              service.provenance(),
              result,
              p99Bound == null ? null : DurationText.format(p99Bound),
              within),
          null);
    }
  }

  /**
   * The settings the model serves a run with: the predictor's batch size does not apply (batches
   * form from arrivals), so it becomes the run's max batch, which reports then show.
   *
   * @param settings engine, device, threads
   * @param spec the run
   * @return the settings with the max batch as batch size
   */
  static EngineSettings serving(EngineSettings settings, LoadSpec spec) {
    return settings.toBuilder().optBatchSize(spec.maxBatch()).build();
  }

  /**
   * Collects the garbage of loading (100,000 parsed records and the model's setup) before the clock
   * starts, so that its collection does not land in the measured phase as a pause.
   */
  static void settle() {
    System.gc();
  }

  /**
   * Searches, for each engine setting in a JVM of its own, the highest rate whose p99 stays under
   * the bound. Each step runs the spec's warm-up and duration; its drain limit becomes {@link
   * #stepDrainLimit}. A setting whose JVM fails is reported with its error and the others go on.
   *
   * @param candidates the engine settings to search
   * @param source zoo and records
   * @param step each step's run; its rate is replaced by the search's
   * @param search bound, start rate, growth, resolution, limits
   * @param workDir where each search JVM's request and result files go
   * @param progress receives the search JVMs' lines
   * @return the report; {@code peak.best} names the setting with the highest peak
   * @throws IOException if a JVM cannot start or its files cannot be written
   * @throws InterruptedException if interrupted
   */
  public static LoadReport findPeak(
      List<EngineSettings> candidates,
      Source source,
      LoadSpec step,
      PeakSearchSpec search,
      Path workDir,
      PrintWriter progress)
      throws IOException, InterruptedException {
    String started = Instant.now().toString();
    LoadSpec steps =
        step.toBuilder()
            .setRate(search.startRate())
            .optDrainLimit(stepDrainLimit(search.p99Bound()))
            .build();
    List<CandidatePeak> results = new ArrayList<>();
    int i = 0;
    for (EngineSettings s : candidates) {
      i++;
      progress.printf(
          Locale.ROOT,
          "[%d/%d] %s: searching in its own JVM...%n",
          i,
          candidates.size(),
          PeakSearchJvm.label(s, steps.serverThreads()));
      progress.flush();
      PeakSearchJvm.Request request =
          new PeakSearchJvm.Request(s, source.zoo(), source.records(), steps, search);
      results.add(
          PeakSearchJvm.fork(
              request,
              workDir.resolve(String.format(Locale.ROOT, "%02d-%s", i, s.engine().cliName())),
              line -> {
                progress.println("  " + line);
                progress.flush();
              }));
    }
    CandidatePeak best =
        results.stream()
            .filter(c -> c.peakRate() != null)
            .max(Comparator.comparingDouble(CandidatePeak::peakRate))
            .orElse(null);
    return new LoadReport(
        LoadReport.SCHEMA,
        "find-peak",
        started,
        MachineProvenance.current(),
        steps.toMap(),
        null,
        new LoadReport.Peak(
            search.toMap(),
            results,
            best == null ? null : best.label(),
            best == null ? null : best.peakRate()));
  }

  /**
   * How long a search step may drain its queue: ten times the bound, at least 1 s and at most 5 s.
   * A step still draining after that has failed the bound by far, and a failing step should not
   * cost the search more than it must.
   *
   * @param p99Bound the bound
   * @return the drain limit
   */
  public static Duration stepDrainLimit(Duration p99Bound) {
    Duration tenfold = p99Bound.multipliedBy(10);
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(5);
    return tenfold.compareTo(min) < 0 ? min : tenfold.compareTo(max) > 0 ? max : tenfold;
  }

  /**
   * The exit status a report stands for.
   *
   * @param report the report
   * @return 0, or 1 when a run's server did not keep up or missed its bound, or no setting met the
   *     search's bound; the failure code of the search JVMs when none of them could run
   */
  public static int exitCode(LoadReport report) {
    if (report.run() != null) {
      boolean failed =
          !report.run().result().keptUp() || Boolean.FALSE.equals(report.run().withinBound());
      return failed ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
    }
    List<CandidatePeak> c = report.peak().candidates();
    if (!c.isEmpty() && c.stream().allMatch(x -> x.error() != null)) {
      return c.get(0).exitCode();
    }
    return report.peak().best() == null ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
  }
}
