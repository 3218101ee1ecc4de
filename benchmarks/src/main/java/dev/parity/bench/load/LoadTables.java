package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words and tables of a load report, computed once for both the console ({@link LoadText}) and
 * Markdown ({@link LoadMarkdown}).
 */
final class LoadTables {

  private LoadTables() {}

  /** What one run or search ran with, in a sentence. */
  static String settings(Map<String, Object> load, boolean search) {
    return String.format(
        Locale.ROOT,
        "%s arrivals (seed %s), %s measured after a %s warm-up%s; max batch %s, max wait %s, %s"
            + " server thread(s), queue limit %,d",
        load.get("arrivals"),
        load.get("seed"),
        load.get("duration"),
        load.get("warmup"),
        search ? " per step" : "",
        load.get("maxBatch"),
        load.get("maxWait"),
        load.get("serverThreads"),
        ((Number) load.get("maxQueue")).longValue());
  }

  /** The model, engine and where the requests come from, in a sentence. */
  static String model(ModelProvenance m) {
    return String.format(
        Locale.ROOT,
        "%s on %s %s (%s); %s sha256 %s; %,d records from %s, cycled",
        m.coordinates(),
        m.engine(),
        m.engineVersion(),
        m.settings(),
        m.modelFile(),
        m.modelSha256(),
        m.recordCount(),
        m.records());
  }

  /** The machine, in a sentence. */
  static String machine(MachineProvenance m) {
    return String.format(
        Locale.ROOT,
        "Java %s (%s), %s %s, %d CPUs, max heap %,d MiB",
        m.java(),
        m.javaVendor(),
        m.os(),
        m.arch(),
        m.cpus(),
        m.maxHeapBytes() >> 20);
  }

  /** What happened to a phase's requests, in a sentence. */
  static String phase(PhaseResult p) {
    return String.format(
        Locale.ROOT,
        "%,d sent, %,d completed, %,d dropped, %,d unfinished; offered %,.0f/s, achieved %,.0f/s;"
            + " %,d batches of %.1f on average; GC pauses %d (total %.0f ms, longest %.0f ms)",
        p.sent(),
        p.completed(),
        p.dropped(),
        p.unfinished(),
        p.offeredPerSecond(),
        p.achievedPerSecond(),
        p.batches(),
        p.meanBatchSize(),
        p.gcPauses().count(),
        p.gcPauses().totalMs(),
        p.gcPauses().maxMs());
  }

  /** A phase's latency by component, milliseconds. */
  static TextTable latency(LatencyBreakdown l) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(latencyRow("total", l.total()));
    rows.add(latencyRow("queueing", l.queueing()));
    rows.add(latencyRow("translation", l.translation()));
    rows.add(latencyRow("engine", l.engine()));
    rows.add(latencyRow("output", l.output()));
    rows.add(latencyRow("(send lag)", l.sendLag()));
    return new TextTable(List.of("latency, ms", "p50", "p90", "p99", "p99.9", "max", "mean"), rows);
  }

  private static List<String> latencyRow(String name, LatencySummary s) {
    return List.of(
        name,
        ms(s.p50Ms()),
        ms(s.p90Ms()),
        ms(s.p99Ms()),
        ms(s.p999Ms()),
        ms(s.maxMs()),
        ms(s.meanMs()));
  }

  /** Every step of one setting's search. */
  static TextTable steps(CandidatePeak c) {
    List<List<String>> rows = new ArrayList<>();
    for (SearchStep s : c.steps()) {
      rows.add(
          List.of(
              rate(s.rate()),
              rate(s.offeredPerSecond()),
              rate(s.achievedPerSecond()),
              ms(s.p50Ms()),
              ms(s.p99Ms()),
              ms(s.maxMs()),
              ms(s.warmupP99Ms()),
              s.passed() ? "PASS" : "FAIL: " + s.verdict()));
    }
    return new TextTable(
        List.of(
            "rate/s",
            "offered/s",
            "achieved/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "warm-up p99 ms",
            "verdict"),
        rows);
  }

  /** Each setting's peak. */
  static TextTable peaks(LoadReport.Peak peak) {
    List<List<String>> rows = new ArrayList<>();
    for (CandidatePeak c : peak.candidates()) {
      rows.add(
          List.of(
              c.label(),
              c.error() != null ? "-" : c.peakRate() == null ? "none" : rate(c.peakRate()),
              c.error() != null ? "ERROR: " + c.error() : c.stop()));
    }
    return new TextTable(List.of("setting", "peak rate/s", "search"), rows);
  }

  /** The search's answer, in a sentence. */
  static String best(LoadReport.Peak peak) {
    Object bound = peak.search().get("p99Bound");
    return peak.best() == null
        ? "No setting kept p99 <= " + bound + " at any rate tried."
        : String.format(
            Locale.ROOT,
            "Best for p99 <= %s: %s at %s requests/s.",
            bound,
            peak.best(),
            rate(peak.bestRate()));
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  static String ms(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.1f", ms);
  }
}
