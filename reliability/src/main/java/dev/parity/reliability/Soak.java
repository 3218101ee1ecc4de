package dev.parity.reliability;

import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A native-memory soak in this JVM: many predictions (or many model load/close cycles) through
 * {@link ModelPredictor}, with the process's resident memory sampled every 1% of the run (every
 * cycle, at most 100 samples, in cycle mode). The figure is the RSS growth from the steady point to
 * the end, judged by the options' {@link GrowthRule}; both defining samples are taken after {@link
 * ProcessMemory#quiesce}.
 *
 * <p>Run it through {@link SoakJvm} for a figure that heap sizing cannot disturb: in this JVM the
 * heap grows and shrinks inside the RSS.
 */
public final class Soak {

  /** Samples (after the first) in prediction mode: one every 1% of the run. */
  static final int STEPS = 100;

  private Soak() {}

  /**
   * Runs the soak in this JVM.
   *
   * @param o what to run
   * @param log receives progress lines, each starting with {@code soak: }
   * @return the report
   * @throws Exception if the model cannot load, the input is unreadable or a prediction fails
   */
  public static SoakReport run(SoakOptions o, PrintStream log) throws Exception {
    ArtifactSpec.Builder b = ArtifactSpec.builder().optZoo(o.zoo());
    if (o.model() != null) {
      b.optModel(o.model());
    }
    ArtifactSpec artifact = b.build();
    return o.mode() == SoakMode.CYCLES ? cycles(o, artifact, log) : predictions(o, artifact, log);
  }

  private static SoakReport predictions(SoakOptions o, ArtifactSpec artifact, PrintStream log)
      throws Exception {
    EngineSettings settings = o.engineSettings();
    int batchSize = settings.batchSize();
    try (ModelPredictor p = ModelPredictor.openServing(artifact, settings);
        LeakControl leak = o.leakControl() ? LeakControl.open(artifact, settings) : null) {
      List<RawRecord> pool = read(o.input(), p, Integer.MAX_VALUE);
      log.printf(
          Locale.ROOT,
          "soak: %d records parsed from %s; running %,d predictions on %s%n",
          pool.size(),
          o.input(),
          o.records(),
          settings.engine().cliName());
      long batches = (o.records() + batchSize - 1) / batchSize;
      TensorBatch first = p.predictRecords(batch(pool, o, 0));
      List<SoakSample> samples = new ArrayList<>();
      int steadyStep = GrowthRule.steadyPoint(STEPS);
      ExecutorService callers = Executors.newFixedThreadPool(o.threads());
      try {
        long warmupBatches = (o.warmup() + batchSize - 1) / batchSize;
        if (warmupBatches > 0) {
          log.printf(Locale.ROOT, "soak: warm-up, %,d predictions%n", o.warmup());
          runBatches(p, pool, o, -warmupBatches, 0, callers, null);
        }
        long start = System.nanoTime();
        samples.add(SoakSample.of(0, 0, ProcessMemory.now()));
        long from = 0;
        for (int step = 1; step <= STEPS; step++) {
          long to = batches * step / STEPS;
          runBatches(p, pool, o, from, to, callers, leak);
          from = to;
          if (step == steadyStep || step == STEPS) {
            ProcessMemory.quiesce();
          }
          long done = Math.min(o.records(), to * batchSize);
          samples.add(SoakSample.of(done, (System.nanoTime() - start) / 1e9, ProcessMemory.now()));
          if (step % 10 == 0) {
            log.printf(
                Locale.ROOT,
                "soak: %3d%%  %,d predictions, RSS %s%n",
                step,
                done,
                SoakSummary.mib(samples.get(samples.size() - 1).rssBytes()));
          }
        }
      } finally {
        callers.shutdownNow();
      }
      double seconds = samples.get(samples.size() - 1).seconds();
      TensorBatch last = p.predictRecords(batch(pool, o, 0));
      return report(
          o, p.engineVersion(), seconds, samples, samples.get(steadyStep), same(first, last));
    }
  }

  private static void runBatches(
      ModelPredictor p,
      List<RawRecord> pool,
      SoakOptions o,
      long from,
      long to,
      ExecutorService callers,
      LeakControl leak)
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
                  if (leak != null) {
                    leak.leak(p.encoder().encode(records));
                  }
                  p.predictRecords(records);
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

  /**
   * Returns the records of one batch, cycling through the pool.
   *
   * @param pool the parsed records
   * @param o the options (batch size, records)
   * @param index the batch's index; negative indices are warm-up batches, always full, while the
   *     run's last batch may be short
   * @return the batch's records
   */
  static List<RawRecord> batch(List<RawRecord> pool, SoakOptions o, long index) {
    int batchSize = o.engineSettings().batchSize();
    long offset = index * batchSize;
    int size = (int) (index < 0 ? batchSize : Math.min(batchSize, o.records() - offset));
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

  private static SoakReport cycles(SoakOptions o, ArtifactSpec artifact, PrintStream log)
      throws Exception {
    EngineSettings settings = o.engineSettings();
    List<RawRecord> pool = null;
    TensorBatch first = null;
    TensorBatch last = null;
    String version = null;
    List<SoakSample> samples = new ArrayList<>();
    int steadyCycle = GrowthRule.steadyPoint(o.cycles());
    int every = Math.max(1, o.cycles() / STEPS);
    SoakSample steady = null;
    if (o.warmup() > 0) {
      // The JIT keeps compiling the load path for hundreds of cycles (its code cache and the
      // compiler's own malloc arenas grow meanwhile); warm-up cycles let it settle first.
      log.printf(
          Locale.ROOT,
          "soak: warm-up, %,d model load/close cycles on %s%n",
          o.warmup(),
          settings.engine().cliName());
      for (long c = 0; c < o.warmup(); c++) {
        try (ModelPredictor p = ModelPredictor.openServing(artifact, settings)) {
          if (pool == null) {
            pool = read(o.input(), p, settings.batchSize());
            version = p.engineVersion();
          }
          TensorBatch scores = p.predictRecords(pool);
          if (first == null) {
            first = scores;
          }
        }
      }
    }
    long start = System.nanoTime();
    samples.add(SoakSample.of(0, 0, ProcessMemory.now()));
    log.printf(
        Locale.ROOT,
        "soak: %d model load/close cycles on %s%n",
        o.cycles(),
        settings.engine().cliName());
    for (int c = 1; c <= o.cycles(); c++) {
      ModelPredictor p = ModelPredictor.openServing(artifact, settings);
      try {
        if (pool == null) {
          pool = read(o.input(), p, settings.batchSize());
          version = p.engineVersion();
        }
        last = p.predictRecords(pool);
        if (first == null) {
          first = last;
        }
      } finally {
        // The control's bug in cycle mode: a model that is never closed.
        if (!o.leakControl()) {
          p.close();
        }
      }
      boolean defining = c == steadyCycle || c == o.cycles();
      if (defining) {
        ProcessMemory.quiesce();
      }
      if (defining || c % every == 0) {
        SoakSample s = SoakSample.of(c, (System.nanoTime() - start) / 1e9, ProcessMemory.now());
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
            SoakSummary.mib(samples.get(samples.size() - 1).rssBytes()));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return report(o, version, seconds, samples, steady, same(first, last));
  }

  private static SoakReport report(
      SoakOptions o,
      String version,
      double seconds,
      List<SoakSample> samples,
      SoakSample steady,
      boolean stable) {
    SoakSample end = samples.get(samples.size() - 1);
    return new SoakReport(
        o,
        version,
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        seconds,
        o.growthRule().judge(steady.rssBytes(), end.rssBytes()),
        end.hwmBytes(),
        steady.heapUsedBytes(),
        end.heapUsedBytes(),
        stable,
        samples);
  }

  // The same outputs, element for element: the run did not change the model's answers.
  private static boolean same(TensorBatch a, TensorBatch b) {
    if (a == null || b == null || !a.names().equals(b.names())) {
      return false;
    }
    for (String name : a.names()) {
      if (!java.util.Objects.deepEquals(a.get(name).storage(), b.get(name).storage())) {
        return false;
      }
    }
    return true;
  }

  private static List<RawRecord> read(Path file, ModelPredictor p, int max) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    var encoder = p.encoder();
    try (JsonlRecords lines =
        JsonlRecords.open(file, encoder.fieldNames(), encoder.numericFields())) {
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
}
