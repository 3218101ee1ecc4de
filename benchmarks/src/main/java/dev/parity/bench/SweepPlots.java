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
   * @param results the measurements
   * @return the files written
   * @throws IOException if a file cannot be written
   */
  public static List<Path> write(Path dir, List<JmhMeasurement> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> out = new ArrayList<>();
    out.add(save(dir.resolve("throughput-vs-batch.png"), vsBatch(results)));
    out.add(save(dir.resolve("throughput-vs-threads.png"), vsThreads(results)));
    return out;
  }

  /**
   * Per engine, records/s by batch at the thread setting that was fastest overall.
   *
   * @param results the measurements
   * @return engine → (batch → records/s)
   */
  static Map<String, TreeMap<Integer, Double>> byBatch(List<JmhMeasurement> results) {
    Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
    for (var e : fullPath(results).entrySet()) {
      JmhMeasurement best = fastest(e.getValue());
      TreeMap<Integer, Double> series = new TreeMap<>();
      for (JmhMeasurement m : e.getValue()) {
        if (m.callerThreads() == best.callerThreads()
            && m.intraOp() == best.intraOp()
            && m.interOp() == best.interOp()) {
          series.put(m.batch(), m.recordsPerSecond());
        }
      }
      out.put(e.getKey(), series);
    }
    return out;
  }

  /**
   * Per engine, the best records/s per threads used, at the batch that was fastest overall.
   *
   * @param results the measurements
   * @return engine → (threads used → records/s)
   */
  static Map<String, TreeMap<Integer, Double>> byThreads(List<JmhMeasurement> results) {
    Map<String, TreeMap<Integer, Double>> out = new TreeMap<>();
    for (var e : fullPath(results).entrySet()) {
      int batch = fastest(e.getValue()).batch();
      TreeMap<Integer, Double> series = new TreeMap<>();
      for (JmhMeasurement m : e.getValue()) {
        if (m.batch() == batch) {
          series.merge(m.threadsUsed(), m.recordsPerSecond(), Math::max);
        }
      }
      out.put(e.getKey(), series);
    }
    return out;
  }

  private static XYChart vsBatch(List<JmhMeasurement> results) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("Full path: records/s vs batch size (fastest thread setting per engine)")
            .xAxisTitle("batch size (records per call)")
            .yAxisTitle("records/s")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    addSeries(chart, byBatch(results));
    return chart;
  }

  private static XYChart vsThreads(List<JmhMeasurement> results) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("Full path: records/s vs threads used (fastest batch per engine)")
            .xAxisTitle("threads used (callers × intra-op)")
            .yAxisTitle("records/s")
            .build();
    addSeries(chart, byThreads(results));
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

  private static Map<String, List<JmhMeasurement>> fullPath(List<JmhMeasurement> results) {
    Map<String, List<JmhMeasurement>> out = new TreeMap<>();
    for (JmhMeasurement m : results) {
      if (m.is(BenchSummary.FULL, BenchSummary.THROUGHPUT) && !Double.isNaN(m.recordsPerSecond())) {
        out.computeIfAbsent(m.engine(), k -> new ArrayList<>()).add(m);
      }
    }
    return out;
  }

  private static JmhMeasurement fastest(List<JmhMeasurement> ms) {
    JmhMeasurement best = ms.get(0);
    for (JmhMeasurement m : ms) {
      if (m.recordsPerSecond() > best.recordsPerSecond()) {
        best = m;
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
