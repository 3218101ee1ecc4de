package dev.parity.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Draws the sweep as PNG charts (XChart): full-path records/s against batch size (each engine at
 * its fastest thread setting) and against threads used (each engine at its fastest batch).
 */
public final class SweepPlots {

  private SweepPlots() {}

  /**
   * Writes {@code throughput-vs-batch.png} and {@code throughput-vs-threads.png}.
   *
   * @param dir the report folder
   * @param summary the summary holding the sweep's full-path measurements
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(Path dir, BenchSummary summary) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> out = new ArrayList<>();
    out.add(save(dir.resolve("throughput-vs-batch.png"), vsBatch(summary.sweep())));
    out.add(save(dir.resolve("throughput-vs-threads.png"), vsThreads(summary.sweep())));
    return out;
  }

  /**
   * Per engine, records/s by batch at the thread setting that was fastest overall.
   *
   * @param sweep the full-path measurements
   * @return engine → (batch → records/s)
   */
  static Map<String, TreeMap<Integer, Double>> byBatch(List<BenchSummary.SweepPoint> sweep) {
    Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
    for (var e : byEngine(sweep).entrySet()) {
      BenchSummary.Setting best = fastest(e.getValue()).setting();
      TreeMap<Integer, Double> series = new TreeMap<>();
      for (BenchSummary.SweepPoint p : e.getValue()) {
        BenchSummary.Setting m = p.setting();
        if (m.callerThreads() == best.callerThreads()
            && m.intraOp() == best.intraOp()
            && m.interOp() == best.interOp()) {
          series.put(m.batch(), p.recordsPerSecond());
        }
      }
      out.put(e.getKey(), series);
    }
    return out;
  }

  /**
   * Per engine, the best records/s per threads used, at the batch that was fastest overall.
   *
   * @param sweep the full-path measurements
   * @return engine → (threads used → records/s)
   */
  static Map<String, TreeMap<Integer, Double>> byThreads(List<BenchSummary.SweepPoint> sweep) {
    Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
    for (var e : byEngine(sweep).entrySet()) {
      int batch = fastest(e.getValue()).setting().batch();
      TreeMap<Integer, Double> series = new TreeMap<>();
      for (BenchSummary.SweepPoint p : e.getValue()) {
        if (p.setting().batch() == batch) {
          series.merge(p.setting().threads(), p.recordsPerSecond(), Math::max);
        }
      }
      out.put(e.getKey(), series);
    }
    return out;
  }

  private static XYChart vsBatch(List<BenchSummary.SweepPoint> sweep) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("Full path: records/s vs batch size (fastest thread setting per engine)")
            .xAxisTitle("batch size (records per call)")
            .yAxisTitle("records/s")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    addSeries(chart, byBatch(sweep));
    return chart;
  }

  private static XYChart vsThreads(List<BenchSummary.SweepPoint> sweep) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("Full path: records/s vs threads used (fastest batch per engine)")
            .xAxisTitle("threads used (callers × intra-op)")
            .yAxisTitle("records/s")
            .build();
    addSeries(chart, byThreads(sweep));
    return chart;
  }

  private static void addSeries(XYChart chart, Map<String, TreeMap<Integer, Double>> series) {
    for (var e : series.entrySet()) {
      double[] x = e.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
      double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
      if (x.length > 0) {
        chart.addSeries(e.getKey(), x, y);
      }
    }
  }

  private static Map<String, List<BenchSummary.SweepPoint>> byEngine(
      List<BenchSummary.SweepPoint> sweep) {
    Map<String, List<BenchSummary.SweepPoint>> out = new TreeMap<>();
    for (BenchSummary.SweepPoint p : sweep) {
      out.computeIfAbsent(p.engine(), k -> new ArrayList<>()).add(p);
    }
    return out;
  }

  private static BenchSummary.SweepPoint fastest(List<BenchSummary.SweepPoint> points) {
    BenchSummary.SweepPoint best = points.get(0);
    for (BenchSummary.SweepPoint p : points) {
      if (p.recordsPerSecond() > best.recordsPerSecond()) {
        best = p;
      }
    }
    return best;
  }

  private static Path save(Path file, XYChart chart) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return file;
  }
}
