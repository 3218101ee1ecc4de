package dev.parity.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws p99 latency against offered load, one series per engine setting searched, with the bound as
 * a line (XChart, PNG; logarithmic latency axis, since p99 climbs by orders of magnitude past a
 * server's capacity).
 */
final class PeakPlot {

  private PeakPlot() {}

  /**
   * Writes the plot, when any step has a latency to show.
   *
   * @param file the PNG file
   * @param peak the search
   * @return whether the file was written (no step of any setting completed a request: not)
   * @throws IOException if it cannot be written
   */
  static boolean write(Path file, LoadReport.Peak peak) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("p99 latency vs offered load (bound " + peak.search().get("p99Bound") + ")")
            .xAxisTitle("offered load (requests/s)")
            .yAxisTitle("p99 latency (ms)")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    // Rates grow geometrically before bisection: a log axis spaces the steps evenly.
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    double minRate = Double.MAX_VALUE;
    double maxRate = 0;
    for (CandidatePeak c : peak.candidates()) {
      List<SearchStep> steps =
          c.steps().stream()
              .filter(s -> s.p99Ms() > 0)
              .sorted(Comparator.comparingDouble(SearchStep::rate))
              .toList();
      if (steps.isEmpty()) {
        continue;
      }
      double[] x = steps.stream().mapToDouble(SearchStep::rate).toArray();
      double[] y = steps.stream().mapToDouble(SearchStep::p99Ms).toArray();
      chart.addSeries(c.label(), x, y);
      minRate = Math.min(minRate, x[0]);
      maxRate = Math.max(maxRate, x[x.length - 1]);
    }
    if (maxRate == 0) {
      return false;
    }
    double bound = DurationText.parse(peak.search().get("p99Bound").toString()).toNanos() / 1e6;
    chart
        .addSeries("p99 bound", new double[] {minRate, maxRate}, new double[] {bound, bound})
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(
        chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }
}
