package dev.parity.bench;

import dev.parity.build.BuildVersions;
import dev.parity.card.ModelCard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a {@link SweepPlan} through JMH's Java API from this JVM (forks inherit {@code
 * java.class.path}), plus the Python baseline, and gathers the results.
 *
 * <p>MXNet reads its threads only from {@code OMP_NUM_THREADS} in the environment the JVM starts
 * with, so its forks start through a small wrapper script per thread count that sets it ({@code
 * jvm/java-omp<N>.sh} in the report folder, given to JMH as the fork's JVM).
 */
public final class Sweep {

  private static final String PKG = Sweep.class.getPackageName();

  private Sweep() {}

  /**
   * What a sweep produced.
   *
   * @param results every JMH measurement
   * @param jmhJson the merged JMH JSON file
   * @param python the Python baseline
   * @param notes what was skipped or failed, and why
   */
  public record Outcome(
      List<JmhMeasurement> results, Path jmhJson, PythonBaseline python, List<String> notes) {

    /** Copies the lists. */
    public Outcome {
      results = List.copyOf(results);
      notes = List.copyOf(notes);
    }
  }

  /**
   * Runs the sweep.
   *
   * @param plan what to measure
   * @param preset the model and records
   * @param reportDir where the JMH JSON, logs and the Python baseline go
   * @param python the Python interpreter for the baseline
   * @param progress one line per step
   * @return the results
   * @throws IOException if files cannot be written or read
   * @throws RunnerException if JMH fails as a whole
   * @throws InterruptedException if interrupted while waiting for Python
   */
  public static Outcome run(
      SweepPlan plan, BenchPreset preset, Path reportDir, Path python, PrintWriter progress)
      throws IOException, RunnerException, InterruptedException {
    Files.createDirectories(reportDir.resolve("jmh"));
    List<String> notes = new ArrayList<>();
    ModelCard card = ModelCard.read(preset.modelCard());
    if (preset.hasRecords()) {
      // Parse the records once here; every fork reads them back from the cache.
      progress.println("Caching the records for the forks in " + recordCache(preset) + "...");
      progress.flush();
      RecordCache.records(
          preset.records(),
          card.features().names(),
          card.features().numericNames(),
          recordCache(preset));
    } else {
      notes.add(
          "full path and translation not measured: "
              + preset.model()
              + (card.features() == null
                  ? " takes tensors (its card has no features)"
                  : " has no raw records in its reference set")
              + "; engine only runs on the inputs of its reference set");
    }
    boolean limits = ModelCost.known(card);
    if (!limits) {
      notes.add(
          "roofline not measured: "
              + preset.model()
              + "'s card has no architecture section, so its cost per record is not known");
    }
    List<String> devices = devices(plan, notes);
    List<Run> runs = runs(plan, devices, preset.model(), preset.hasRecords(), limits);
    List<Path> parts = new ArrayList<>();
    int i = 0;
    for (Run r : runs) {
      i++;
      Path json =
          reportDir.resolve("jmh").resolve(String.format(Locale.ROOT, "%02d-%s.json", i, r.name));
      Path log =
          reportDir.resolve("jmh").resolve(String.format(Locale.ROOT, "%02d-%s.log", i, r.name));
      progress.printf(
          Locale.ROOT, "[%d/%d] %s (%d forks; log %s)%n", i, runs.size(), r.name, r.forks, log);
      progress.flush();
      ChainedOptionsBuilder o =
          r.options
              .forks(1)
              .warmupIterations(plan.warmupIterations())
              .warmupTime(TimeValue.seconds(plan.warmupSeconds()))
              .measurementIterations(plan.measurementIterations())
              .measurementTime(TimeValue.seconds(plan.measurementSeconds()))
              .jvmArgsAppend(jvmArgs(preset))
              .shouldFailOnError(false)
              .resultFormat(ResultFormatType.JSON)
              .result(json.toString())
              .output(log.toString());
      if (r.ompThreads > 0) {
        o = o.jvm(ompWrapper(reportDir, r.ompThreads).toString());
      }
      new Runner(o.build()).run();
      parts.add(json);
    }
    Path merged = reportDir.resolve("jmh-results.json");
    JmhResults.merge(parts, merged);
    List<JmhMeasurement> results = JmhResults.read(merged);
    missing(runs, results, notes);
    PythonBaseline baseline;
    if (preset.model().startsWith(PythonBaseline.MODEL)) {
      progress.println("Python baseline (" + python + ")...");
      progress.flush();
      baseline = python(plan, preset, reportDir, python);
    } else {
      baseline =
          PythonBaseline.notMeasured(
              "the Python baseline reproduces " + PythonBaseline.MODEL + "'s pre-processing only");
    }
    return new Outcome(results, merged, baseline, notes);
  }

  /**
   * The JMH forks a plan starts, by run name, in order (one fork per parameter combination).
   *
   * @param plan the plan
   * @param devices the devices that will be measured
   * @return run name to its forks
   */
  static Map<String, Integer> forks(SweepPlan plan, List<String> devices) {
    return forks(plan, devices, PythonBaseline.MODEL, true, true);
  }

  /**
   * The JMH forks a plan starts for a model, by run name, in order.
   *
   * @param plan the plan
   * @param devices the devices that will be measured
   * @param model the model, {@code groupId:artifactId[:version]}
   * @param fullPath whether the full path and translation run (the model takes records and has
   *     them)
   * @param limits whether the roofline's limits run (the model's cost is known)
   * @return run name to its forks
   */
  static Map<String, Integer> forks(
      SweepPlan plan, List<String> devices, String model, boolean fullPath, boolean limits) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Run r : runs(plan, devices, model, fullPath, limits)) {
      out.put(r.name(), r.forks());
    }
    return out;
  }

  /** One JMH invocation: a benchmark method with its parameter lists, threads and environment. */
  private record Run(String name, ChainedOptionsBuilder options, int forks, int ompThreads) {}

  private static List<String> devices(SweepPlan plan, List<String> notes) {
    List<String> out = new ArrayList<>();
    for (String d : plan.devices()) {
      if (d.equals("cpu")) {
        out.add(d);
      } else if (!Files.exists(Path.of("/dev/nvidia0"))) {
        notes.add(
            d
                + " not measured: no GPU lent to this session (no /dev/nvidia0); JVM and Python on cuda skipped");
      } else if (System.getenv("PYTORCH_LIBRARY_PATH") == null) {
        notes.add(
            d
                + " not measured: DJL's CUDA natives for PyTorch "
                + BuildVersions.pytorch()
                + " are not on Maven Central; set PYTORCH_LIBRARY_PATH to a libtorch "
                + BuildVersions.pytorch()
                + " CUDA build");
      } else {
        out.add(d);
      }
    }
    return out;
  }

  private static List<Run> runs(
      SweepPlan plan, List<String> devices, String model, boolean fullPath, boolean limits) {
    List<Run> runs = new ArrayList<>();
    List<String> others = plan.engines().stream().filter(e -> !e.equals("mxnet")).toList();
    boolean mxnet = plan.engines().contains("mxnet");
    String threads = join(plan.threads());
    if (fullPath) {
      fullPathRuns(runs, plan, devices, others, mxnet, threads);
    }
    // Engine only.
    if (!others.isEmpty()) {
      runs.add(
          run(
              "engine-only",
              "EngineOnlyBenchmark",
              "throughput",
              1,
              others,
              plan.engineOnlyBatches(),
              join(plan.engineOnlyThreads()),
              devices,
              0));
    }
    if (mxnet) {
      for (int t : plan.engineOnlyThreads()) {
        runs.add(
            run(
                "engine-only-mxnet-omp" + t,
                "EngineOnlyBenchmark",
                "throughput",
                1,
                List.of("mxnet"),
                plan.engineOnlyBatches(),
                Integer.toString(t),
                List.of("cpu"),
                t));
      }
    }
    // Translation: what the full path does before the engine runs (encode, bound check, tensors),
    // per engine since each makes its own tensors; one thread, records laid out by field as the
    // full path takes them.
    ChainedOptionsBuilder tr =
        new OptionsBuilder()
            .include(pattern("TranslationBenchmark", "throughput"))
            .threads(1)
            .param("engine", plan.engines().toArray(String[]::new))
            .param("batch", strings(plan.translationBatches()))
            .param("path", InputPath.PIPELINED.key())
            .param("device", "cpu");
    if (fullPath) {
      runs.add(
          new Run("translation", tr, plan.engines().size() * plan.translationBatches().size(), 0));
    }
    // The limits, through the engine.
    if (limits) {
      ChainedOptionsBuilder limit =
          new OptionsBuilder()
              .include(PKG + "\\.LimitBenchmark\\.(gemm|readBandwidth)$")
              .threads(1)
              .param("threads", strings(plan.threads()));
      runs.add(new Run("limit", limit, 2 * plan.threads().size(), 0));
    }
    // Every model benchmark runs the sweep's model.
    List<Run> out = new ArrayList<>(runs.size());
    for (Run r : runs) {
      out.add(
          r.name().equals("limit")
              ? r
              : new Run(r.name(), r.options().param("model", model), r.forks(), r.ompThreads()));
    }
    return out;
  }

  // Full path: engines × batches × intra-op threads with one caller, then several callers.
  private static void fullPathRuns(
      List<Run> runs,
      SweepPlan plan,
      List<String> devices,
      List<String> others,
      boolean mxnet,
      String threads) {
    if (!others.isEmpty()) {
      runs.add(
          run(
              "full-path",
              "FullPathBenchmark",
              "throughput",
              1,
              others,
              plan.batches(),
              threads,
              devices,
              0));
    }
    if (mxnet) {
      for (int t : plan.threads()) {
        runs.add(
            run(
                "full-path-mxnet-omp" + t,
                "FullPathBenchmark",
                "throughput",
                1,
                List.of("mxnet"),
                plan.batches(),
                Integer.toString(t),
                List.of("cpu"),
                t));
      }
    }
    // Several callers, each its own predictor from the pool, intra-op 1.
    for (int c : plan.callerThreads()) {
      if (!others.isEmpty()) {
        runs.add(
            run(
                "full-path-" + c + "-callers",
                "FullPathBenchmark",
                "throughput",
                c,
                others,
                plan.callerBatches(),
                "1",
                devices,
                0));
      }
      if (mxnet) {
        runs.add(
            run(
                "full-path-" + c + "-callers-mxnet-omp1",
                "FullPathBenchmark",
                "throughput",
                c,
                List.of("mxnet"),
                plan.callerBatches(),
                "1",
                List.of("cpu"),
                1));
      }
    }
  }

  private static Run run(
      String name,
      String benchmark,
      String method,
      int callers,
      List<String> engines,
      List<Integer> batches,
      String intraOp,
      List<String> devices,
      int omp) {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(pattern(benchmark, method))
            .threads(callers)
            .param("engine", engines.toArray(String[]::new))
            .param("batch", strings(batches))
            .param("interOp", "1")
            .param("intraOp", intraOp.split(","))
            .param("device", devices.toArray(String[]::new));
    if (benchmark.equals("FullPathBenchmark")) {
      // One caller: encoding runs ahead on the stream's own thread, hidden behind the engine.
      // Several
      // callers already keep the cores busy: each encodes on its own thread, into a direct batch.
      o = o.param("path", (callers == 1 ? InputPath.PIPELINED : InputPath.COLUMNS).key());
    }
    int forks = engines.size() * batches.size() * intraOp.split(",").length * devices.size();
    return new Run(name, o, forks, omp);
  }

  private static String pattern(String benchmark, String method) {
    return "^" + Pattern.quote(PKG + "." + benchmark + "." + method) + "$";
  }

  private static String[] strings(List<Integer> values) {
    return values.stream().map(String::valueOf).toArray(String[]::new);
  }

  private static String join(List<Integer> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String[] jvmArgs(BenchPreset preset) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-Xms2g",
                "-Xmx2g",
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dparity.zoo=" + preset.zoo().toAbsolutePath()));
    if (preset.hasRecords()) {
      args.add("-D" + BenchInputs.RECORDS_PROPERTY + "=" + preset.records().toAbsolutePath());
      args.add(
          "-D" + BenchInputs.RECORDS_CACHE_PROPERTY + "=" + recordCache(preset).toAbsolutePath());
    }
    if (preset.reference() != null) {
      args.add("-D" + BenchInputs.REFERENCE_PROPERTY + "=" + preset.reference().toAbsolutePath());
    }
    return args.toArray(String[]::new);
  }

  /** Where the parsed records are cached for the forks: under the repository's target/. */
  static Path recordCache(BenchPreset preset) {
    return preset.root().resolve("target").resolve("bench-cache");
  }

  /** A script that starts this JVM's java with OMP_NUM_THREADS set, for MXNet's forks. */
  static Path ompWrapper(Path reportDir, int threads) throws IOException {
    Path dir = Files.createDirectories(reportDir.resolve("jvm"));
    Path script = dir.resolve("java-omp" + threads + ".sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        script,
        "#!/bin/sh\n# MXNet reads its threads only from the environment: set it for this fork.\n"
            + "OMP_NUM_THREADS="
            + threads
            + "\nexport OMP_NUM_THREADS\nexec '"
            + java
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toAbsolutePath();
  }

  private static void missing(List<Run> runs, List<JmhMeasurement> results, List<String> notes) {
    long expected = runs.stream().mapToLong(Run::forks).sum();
    if (results.size() < expected) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%d of %d JMH settings gave no result (an engine failed to load or run): see jmh/*.log",
              expected - results.size(),
              expected));
    }
  }

  private static PythonBaseline python(
      SweepPlan plan, BenchPreset preset, Path reportDir, Path python)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(python)) {
      return PythonBaseline.notMeasured(
          python + " not found (apt-get install -y python3-torch python3-numpy)");
    }
    Path out = reportDir.resolve("python-baseline.json");
    Files.deleteIfExists(out);
    List<String> cmd =
        List.of(
            python.toString(),
            "-m",
            "purchase",
            "baseline",
            "--zoo",
            preset.zoo().toAbsolutePath().toString(),
            "--records",
            preset.records().toAbsolutePath().toString(),
            "--threads",
            join(plan.threads()),
            "--batches",
            join(plan.batches().stream().filter(b -> b >= 64).toList()),
            "--seconds",
            Double.toString(plan.pythonSeconds()),
            "--out",
            out.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(preset.root().toFile());
    pb.environment().put("PYTHONPATH", preset.root().resolve("scripts").toString());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(reportDir.resolve("python-baseline.log").toFile());
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroy();
      return PythonBaseline.notMeasured("timed out after 30 minutes");
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
      return PythonBaseline.notMeasured(
          "exit code " + p.exitValue() + "; see " + reportDir.resolve("python-baseline.log"));
    }
    return PythonBaseline.read(out);
  }
}
