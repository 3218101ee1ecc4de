package dev.parity.predict;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.features.EncodedBatch;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.zoo.ArtifactSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A native-memory soak: runs many predictions (or many model load/close cycles) through {@link
 * PurchasePredictor} and samples the process's resident memory every 1% of the run. The figure is
 * the RSS growth from the end of the first 5% (the steady state, after warm-up) to the end of the
 * run; the soak fails when it exceeds a fraction (2% by default) of the steady RSS.
 *
 * <p>Heap noise: RSS includes the Java heap, which grows as the collector sizes it and would mimic
 * (or, shrinking, mask) native growth. {@link #fork} therefore runs the soak in a child JVM with a
 * fixed, pre-touched heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}): the heap's pages are
 * resident from the first sample on, so whatever the RSS gains afterwards is outside the heap. Heap
 * in use is reported separately, after a full collection, at the two points that define the figure.
 *
 * <p>The leak control ({@code leak=true}) also creates each batch's input tensors on the model's
 * own {@link NDManager} and never closes them (the classic bug: arrays outliving the call because
 * they hang off a long-lived manager); it must fail the same check.
 */
public final class Soak {

  /** The heap the forked soak JVM gets, fixed and pre-touched. */
  public static final String DEFAULT_HEAP = "512m";

  /** Fraction of the steady RSS the run may grow by. */
  public static final double DEFAULT_MAX_GROWTH = 0.02;

  /** Fraction of the run after which the RSS counts as steady. */
  public static final double STEADY_AT = 0.05;

  // A fixed young generation: the collector then frees the engines' direct buffers at a steady
  // cadence instead of an ever larger backlog as it grows eden.
  private static final String YOUNG = "32m";

  // A fixed glibc mmap threshold (128 KiB, glibc's initial value) turns off its dynamic raise:
  // large blocks are then mapped and unmapped per allocation, so the RSS follows live native memory
  // instead of what the allocator keeps cached. A leak stays mapped and shows in full.
  private static final String MMAP_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";

  private static final int STEPS = 100;
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private Soak() {}

  /**
   * What to run.
   *
   * @param engine the engine
   * @param records predictions to run (prediction mode)
   * @param warmup predictions (in cycle mode: model load/close cycles) run before the measured run,
   *     to let allocators, JIT and the engine reach their working size (not leaked in the control)
   * @param cycles model load/close cycles; when positive, the soak cycles models instead of
   *     predicting {@code records}
   * @param batchSize records per engine call
   * @param threads caller threads sharing the one model
   * @param interOp inter-op threads (0: the engine's default)
   * @param intraOp intra-op threads (0: the engine's default)
   * @param leak the control: leak each batch's inputs on the model's manager (each model, in cycle
   *     mode, by never closing it)
   * @param maxGrowth the fraction of the steady RSS the run may grow by
   * @param zoo the zoo folder, or null for the environment's
   * @param input raw records (JSON Lines), cycled; parsed once before the run
   */
  public record Options(
      EngineName engine,
      long records,
      long warmup,
      int cycles,
      int batchSize,
      int threads,
      int interOp,
      int intraOp,
      boolean leak,
      double maxGrowth,
      Path zoo,
      Path input) {

    /** Checks the values. */
    public Options {
      if (engine == null) {
        throw new IllegalArgumentException("an engine is required");
      }
      if (warmup < 0) {
        throw new IllegalArgumentException("warm-up must not be negative, found " + warmup);
      }
      if (cycles < 0 || (cycles == 0 && records < 1)) {
        throw new IllegalArgumentException(
            "records must be at least 1 (or cycles positive), found " + records);
      }
      if (batchSize < 1 || threads < 1 || threads > 64) {
        throw new IllegalArgumentException(
            "batch size must be positive and threads 1 to 64, found "
                + batchSize
                + " and "
                + threads);
      }
      if (!(maxGrowth > 0)) {
        throw new IllegalArgumentException("max growth must be positive, found " + maxGrowth);
      }
      if (input == null) {
        throw new IllegalArgumentException("an input file of raw records is required");
      }
    }

    /**
     * Returns the options as {@link #main} arguments.
     *
     * @return arguments
     */
    public List<String> toArguments() {
      List<String> a = new ArrayList<>();
      a.addAll(List.of("--engine", engine.cliName()));
      a.addAll(List.of("--records", Long.toString(records)));
      a.addAll(List.of("--warmup", Long.toString(warmup)));
      a.addAll(List.of("--cycles", Integer.toString(cycles)));
      a.addAll(List.of("--batch-size", Integer.toString(batchSize)));
      a.addAll(List.of("--threads", Integer.toString(threads)));
      a.addAll(List.of("--inter-op", Integer.toString(interOp)));
      a.addAll(List.of("--intra-op", Integer.toString(intraOp)));
      a.addAll(List.of("--max-growth", Double.toString(maxGrowth)));
      if (zoo != null) {
        a.addAll(List.of("--zoo", zoo.toAbsolutePath().toString()));
      }
      a.addAll(List.of("--input", input.toAbsolutePath().toString()));
      if (leak) {
        a.add("--leak");
      }
      return a;
    }

    static Options parse(List<String> args, Map<String, String> out) {
      Map<String, String> v = new java.util.HashMap<>();
      boolean leak = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--leak")) {
          leak = true;
        } else if (a.startsWith("--") && i + 1 < args.size()) {
          v.put(a.substring(2), args.get(++i));
        } else {
          throw new IllegalArgumentException("unexpected argument " + a);
        }
      }
      if (v.containsKey("json")) {
        out.put("json", v.get("json"));
      }
      return new Options(
          EngineName.parse(v.getOrDefault("engine", "pytorch")),
          Long.parseLong(v.getOrDefault("records", "1000000")),
          Long.parseLong(v.getOrDefault("warmup", "0")),
          Integer.parseInt(v.getOrDefault("cycles", "0")),
          Integer.parseInt(v.getOrDefault("batch-size", "1024")),
          Integer.parseInt(v.getOrDefault("threads", "1")),
          Integer.parseInt(v.getOrDefault("inter-op", "0")),
          Integer.parseInt(v.getOrDefault("intra-op", "0")),
          leak,
          Double.parseDouble(v.getOrDefault("max-growth", Double.toString(DEFAULT_MAX_GROWTH))),
          v.containsKey("zoo") ? Path.of(v.get("zoo")) : null,
          Path.of(v.getOrDefault("input", "reference-outputs/records.jsonl.gz")));
    }
  }

  /**
   * One memory sample.
   *
   * @param done predictions (or cycles) done when it was taken
   * @param seconds since the run started
   * @param rssBytes {@code VmRSS}
   * @param hwmBytes {@code VmHWM}
   * @param heapUsedBytes heap in use (after a full collection at the steady and final samples)
   * @param heapCommittedBytes heap committed
   */
  public record Sample(
      long done,
      double seconds,
      long rssBytes,
      long hwmBytes,
      long heapUsedBytes,
      long heapCommittedBytes) {

    static Sample of(long done, double seconds, ProcessMemory m) {
      return new Sample(
          done, seconds, m.rssBytes(), m.hwmBytes(), m.heapUsedBytes(), m.heapCommittedBytes());
    }
  }

  /**
   * The soak's outcome.
   *
   * @param schema {@code parity.soak-report/1}
   * @param mode {@code predictions} or {@code cycles}
   * @param engine the engine's command-line name
   * @param engineVersion the engine's version
   * @param options what ran
   * @param jvmArguments the soak JVM's arguments (shows the fixed heap)
   * @param total predictions (or cycles) run
   * @param seconds wall time of the run, loading excluded in prediction mode
   * @param perSecond predictions (or cycles) per second
   * @param steadyRssBytes RSS after the first 5% of the run
   * @param finalRssBytes RSS at the end of the run
   * @param growthBytes {@code finalRss - steadyRss}
   * @param growthFraction {@code growth / steadyRss}
   * @param maxGrowth the fraction allowed
   * @param peakRssBytes {@code VmHWM} at the end
   * @param steadyHeapUsedBytes heap in use after a full collection at 5%
   * @param finalHeapUsedBytes heap in use after a full collection at the end
   * @param scoresStable whether the first batch scored the same at the end as at the start
   * @param passed whether the growth is within the limit and the scores stable
   * @param samples every sample, in order
   */
  public record Report(
      String schema,
      String mode,
      String engine,
      String engineVersion,
      Options options,
      List<String> jvmArguments,
      long total,
      double seconds,
      double perSecond,
      long steadyRssBytes,
      long finalRssBytes,
      long growthBytes,
      double growthFraction,
      double maxGrowth,
      long peakRssBytes,
      long steadyHeapUsedBytes,
      long finalHeapUsedBytes,
      boolean scoresStable,
      boolean passed,
      List<Sample> samples) {

    /**
     * Returns the figures as a few lines of text.
     *
     * @return the summary, ending in PASS or FAIL
     */
    public String summary() {
      StringBuilder s = new StringBuilder();
      String what = mode.equals("cycles") ? "model load/close cycles" : "predictions";
      s.append(
          String.format(
              Locale.ROOT,
              "soak %s %s%s: %,d %s%s in %.1f s (%,.0f/s), batch %d, %d thread(s)%n",
              engine,
              engineVersion,
              options.leak() ? " [LEAK CONTROL]" : "",
              total,
              what,
              options.warmup() > 0
                  ? String.format(Locale.ROOT, " (after %,d warm-up)", options.warmup())
                  : "",
              seconds,
              perSecond,
              options.batchSize(),
              options.threads()));
      s.append(
          String.format(
              Locale.ROOT,
              "  RSS after 5%%: %s; at the end: %s; growth %s = %.2f%% of the steady RSS (limit"
                  + " %.2f%%)%n",
              mib(steadyRssBytes),
              mib(finalRssBytes),
              mib(growthBytes),
              growthFraction * 100,
              maxGrowth * 100));
      s.append(
          String.format(
              Locale.ROOT,
              "  peak RSS (VmHWM) %s; heap in use after GC: %s at 5%%, %s at the end; first batch"
                  + " scores %s%n",
              mib(peakRssBytes),
              mib(steadyHeapUsedBytes),
              mib(finalHeapUsedBytes),
              scoresStable ? "unchanged" : "CHANGED"));
      s.append(passed ? "  PASS" : "  FAIL").append(System.lineSeparator());
      return s.toString();
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /**
   * Runs the soak in this JVM. Use {@link #fork} for a figure that heap sizing cannot disturb.
   *
   * @param o what to run
   * @param log receives progress lines
   * @return the report
   * @throws Exception if the model cannot load or a prediction fails
   */
  public static Report run(Options o, PrintStream log) throws Exception {
    EngineSettings settings =
        EngineSettings.builder()
            .setEngine(o.engine())
            .optBatchSize(o.batchSize())
            .optInterOpThreads(o.interOp())
            .optIntraOpThreads(o.intraOp())
            .build();
    ArtifactSpec artifact = ArtifactSpec.builder().optZoo(o.zoo()).build();
    return o.cycles() > 0
        ? cycles(o, settings, artifact, log)
        : predictions(o, settings, artifact, log);
  }

  private static Report predictions(
      Options o, EngineSettings settings, ArtifactSpec artifact, PrintStream log) throws Exception {
    try (PurchasePredictor p = PurchasePredictor.open(artifact, settings, false)) {
      List<RawRecord> pool = read(o.input(), p.features().names(), Integer.MAX_VALUE);
      log.printf(
          Locale.ROOT,
          "soak: %d records parsed from %s; running %,d predictions on %s%n",
          pool.size(),
          o.input(),
          o.records(),
          o.engine().cliName());
      long batches = (o.records() + o.batchSize() - 1) / o.batchSize();
      float[] first = p.predict(batch(pool, o, 0)).probability();
      List<Sample> samples = new ArrayList<>();
      int steadyStep = (int) Math.ceil(STEADY_AT * STEPS);
      ExecutorService callers = Executors.newFixedThreadPool(o.threads());
      try {
        long warmupBatches = (o.warmup() + o.batchSize() - 1) / o.batchSize();
        if (warmupBatches > 0) {
          log.printf(Locale.ROOT, "soak: warm-up, %,d predictions%n", o.warmup());
          runBatches(p, pool, o, -warmupBatches, 0, callers, false);
        }
        long start = System.nanoTime();
        samples.add(Sample.of(0, 0, ProcessMemory.now()));
        long from = 0;
        for (int step = 1; step <= STEPS; step++) {
          long to = batches * step / STEPS;
          runBatches(p, pool, o, from, to, callers, o.leak());
          from = to;
          if (step == steadyStep || step == STEPS) {
            quiesce();
          }
          long done = Math.min(o.records(), to * o.batchSize());
          samples.add(Sample.of(done, (System.nanoTime() - start) / 1e9, ProcessMemory.now()));
          if (step % 10 == 0) {
            log.printf(
                Locale.ROOT,
                "soak: %3d%%  %,d predictions, RSS %s%n",
                step,
                done,
                mib(samples.get(samples.size() - 1).rssBytes()));
          }
        }
      } finally {
        callers.shutdownNow();
      }
      double seconds = samples.get(samples.size() - 1).seconds();
      float[] last = p.predict(batch(pool, o, 0)).probability();
      return report(
          "predictions",
          o,
          p.engineVersion(),
          o.records(),
          seconds,
          samples,
          samples.get(steadyStep),
          Arrays.equals(first, last));
    }
  }

  private static void runBatches(
      PurchasePredictor p,
      List<RawRecord> pool,
      Options o,
      long from,
      long to,
      ExecutorService callers,
      boolean leak)
      throws Exception {
    AtomicInteger next = new AtomicInteger(0);
    int count = (int) (to - from);
    List<Future<Void>> work = new ArrayList<>();
    for (int t = 0; t < Math.min(o.threads(), Math.max(1, count)); t++) {
      work.add(
          callers.submit(
              () -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                  List<RawRecord> records = batch(pool, o, from + i);
                  if (leak) {
                    leak(p, p.features().encode(records));
                  }
                  p.predict(records);
                }
                return null;
              }));
    }
    for (Future<Void> f : work) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }

  // The control's bug: the batch's input tensors made on the model's manager, never closed.
  private static void leak(PurchasePredictor p, EncodedBatch batch) {
    NDManager manager = p.modelManager();
    for (int f = 0; f < batch.lengths().length; f++) {
      manager.create(batch.ids().get(f), new Shape(batch.size(), batch.lengths()[f]));
    }
  }

  /**
   * Collects garbage and lets the cleaners free what it held: the engines copy tensors through
   * direct buffers, whose native memory goes back only when a cleaner runs after a collection. The
   * two samples that define the figure are taken after this, so that neither catches a different
   * backlog of dead buffers.
   *
   * @throws InterruptedException if interrupted while the cleaners run
   */
  public static void quiesce() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  static List<RawRecord> batch(List<RawRecord> pool, Options o, long index) {
    long offset = index * o.batchSize();
    // Negative indices are warm-up batches, always full; the run's last batch may be short.
    int size = (int) (index < 0 ? o.batchSize() : Math.min(o.batchSize(), o.records() - offset));
    int start = (int) Math.floorMod(offset, (long) pool.size());
    if (start + size <= pool.size()) {
      return pool.subList(start, start + size);
    }
    List<RawRecord> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(pool.get((start + i) % pool.size()));
    }
    return out;
  }

  private static Report cycles(
      Options o, EngineSettings settings, ArtifactSpec artifact, PrintStream log) throws Exception {
    List<RawRecord> pool = null;
    float[] first = null;
    float[] last = null;
    String version = null;
    List<Sample> samples = new ArrayList<>();
    int steadyCycle = Math.max(1, (int) Math.ceil(STEADY_AT * o.cycles()));
    int every = Math.max(1, o.cycles() / STEPS);
    Sample steady = null;
    if (o.warmup() > 0) {
      // The JIT keeps compiling the load path for hundreds of cycles (its code cache and the
      // compiler's own malloc arenas grow meanwhile); warm-up cycles let it settle first.
      log.printf(
          Locale.ROOT,
          "soak: warm-up, %,d model load/close cycles on %s%n",
          o.warmup(),
          o.engine().cliName());
      for (long c = 0; c < o.warmup(); c++) {
        try (PurchasePredictor p = PurchasePredictor.open(artifact, settings, false)) {
          if (pool == null) {
            pool = read(o.input(), p.features().names(), o.batchSize());
            version = p.engineVersion();
          }
          float[] scores = p.predict(pool).probability();
          if (first == null) {
            first = scores;
          }
        }
      }
    }
    long start = System.nanoTime();
    samples.add(Sample.of(0, 0, ProcessMemory.now()));
    log.printf(
        Locale.ROOT, "soak: %d model load/close cycles on %s%n", o.cycles(), o.engine().cliName());
    for (int c = 1; c <= o.cycles(); c++) {
      PurchasePredictor p = PurchasePredictor.open(artifact, settings, false);
      try {
        if (pool == null) {
          pool = read(o.input(), p.features().names(), o.batchSize());
          version = p.engineVersion();
        }
        last = p.predict(pool).probability();
        if (first == null) {
          first = last;
        }
      } finally {
        if (!o.leak()) {
          p.close();
        }
      }
      boolean defining = c == steadyCycle || c == o.cycles();
      if (defining) {
        quiesce();
      }
      if (defining || c % every == 0) {
        Sample s = Sample.of(c, (System.nanoTime() - start) / 1e9, ProcessMemory.now());
        samples.add(s);
        if (c == steadyCycle) {
          steady = s;
        }
      }
      if (c % Math.max(1, o.cycles() / 10) == 0) {
        log.printf(
            Locale.ROOT,
            "soak: %d of %d cycles, RSS %s%n",
            c,
            o.cycles(),
            mib(samples.get(samples.size() - 1).rssBytes()));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return report(
        "cycles", o, version, o.cycles(), seconds, samples, steady, Arrays.equals(first, last));
  }

  private static Report report(
      String mode,
      Options o,
      String version,
      long total,
      double seconds,
      List<Sample> samples,
      Sample steady,
      boolean stable) {
    Sample end = samples.get(samples.size() - 1);
    long growth = end.rssBytes() - steady.rssBytes();
    double fraction = growth / (double) steady.rssBytes();
    return new Report(
        "parity.soak-report/1",
        mode,
        o.engine().cliName(),
        version,
        o,
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        total,
        seconds,
        total / Math.max(seconds, 1e-9),
        steady.rssBytes(),
        end.rssBytes(),
        growth,
        fraction,
        o.maxGrowth(),
        end.hwmBytes(),
        steady.heapUsedBytes(),
        end.heapUsedBytes(),
        stable,
        fraction <= o.maxGrowth() && stable,
        List.copyOf(samples));
  }

  private static List<RawRecord> read(Path file, List<String> fields, int max) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    try (JsonlRecords lines = JsonlRecords.open(file, fields)) {
      while (lines.hasNext() && out.size() < max) {
        JsonlRecords.Line l = lines.next();
        if (!l.ok()) {
          throw new IOException(file + ": " + l.error() + "; the soak needs valid records");
        }
        out.add(l.record());
      }
    }
    if (out.isEmpty()) {
      throw new IOException(file + " holds no records");
    }
    return out;
  }

  /**
   * Writes a report as JSON.
   *
   * @param report the report
   * @param file where; parent folders are created
   * @throws IOException if it cannot be written
   */
  public static void write(Report report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), report);
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param file the JSON file
   * @return the report
   * @throws IOException if it cannot be read
   */
  public static Report read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Report.class);
  }

  /**
   * Runs the soak in a child JVM with a fixed, pre-touched heap, so that the RSS figure measures
   * native memory: the child gets {@code -Xms<heap> -Xmx<heap> -XX:+AlwaysPreTouch}, this JVM's
   * classpath and its {@code ai.djl.*}, {@code parity.*}, {@code DJL_CACHE_DIR} and {@code
   * TENSORFLOW_LIBRARY_PATH} system properties.
   *
   * @param o what to run
   * @param heap the child's heap, e.g. {@code 512m}
   * @param json where the child writes its report
   * @param lines receives the child's output, line by line
   * @return the child's report
   * @throws IOException if the child cannot start or writes no report; the message carries its exit
   *     code and last output line
   * @throws InterruptedException if interrupted while waiting
   */
  public static Report fork(Options o, String heap, Path json, Consumer<String> lines)
      throws IOException, InterruptedException {
    if (!heap.matches("[0-9]+[kKmMgG]?")) {
      throw new IllegalArgumentException("heap must look like 512m or 2g, found " + heap);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-Xmn" + YOUNG);
    command.add("-XX:+AlwaysPreTouch");
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("ai.djl.")
          || key.startsWith("parity.")
          || key.equals("DJL_CACHE_DIR")
          || key.equals("TENSORFLOW_LIBRARY_PATH")
          || key.startsWith("org.slf4j.simpleLogger.")) {
        command.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    command.add("-cp");
    command.add(classpath());
    command.add(Soak.class.getName());
    command.addAll(o.toArguments());
    command.add("--json");
    command.add(json.toAbsolutePath().toString());
    Files.deleteIfExists(json);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent(MMAP_THRESHOLD, "131072");
    Process child = builder.start();
    String lastLine = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.accept(line);
        if (!line.isBlank()) {
          lastLine = line;
        }
      }
    } finally {
      if (child.isAlive()) {
        child.destroy();
      }
    }
    int code = child.waitFor();
    if (code == 3) {
      throw new EngineUnavailableException(o.engine(), "the soak JVM says: " + lastLine, null);
    }
    if (!Files.isRegularFile(json)) {
      throw new IOException(
          "the soak JVM exited with code " + code + " and wrote no report; last line: " + lastLine);
    }
    return read(json);
  }

  // Surefire hands tests a manifest-only jar and the real classpath in this property.
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /**
   * Runs one soak in this JVM: {@code --engine E --records N --cycles C --batch-size B --threads T
   * --inter-op I --intra-op J --max-growth F --zoo DIR --input FILE [--leak] [--json FILE]}. Exit
   * code 0 when it passes, 1 when it fails, 2 for bad arguments or input, 3 when the engine cannot
   * load.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int code;
    try {
      Map<String, String> extra = new java.util.HashMap<>();
      Options o = Options.parse(List.of(args), extra);
      Report report = run(o, System.out);
      if (extra.containsKey("json")) {
        write(report, Path.of(extra.get("json")));
      }
      System.out.print(report.summary());
      code = report.passed() ? 0 : 1;
    } catch (EngineUnavailableException e) {
      System.out.println("soak: error: " + e.getMessage());
      code = 3;
    } catch (Exception e) {
      System.out.println("soak: error: " + e);
      code = e instanceof IllegalArgumentException || e instanceof IOException ? 2 : 1;
    }
    System.out.flush();
    System.exit(code);
  }
}
