package dev.parity.harness;

import dev.parity.card.Task;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cuts one engine's task output into slices, per value of each categorical field (the most frequent
 * values) and per decile of each numeric field, and compares each slice's records: differences and
 * the quality delta. Worst slices first (largest maximum difference).
 */
final class Slices {
  private static final int DECILES = 10;

  private Slices() {}

  /**
   * Compares every slice.
   *
   * @param keys each record's slice per field
   * @param task the card's task
   * @param actual the JVM's task output, one row per record
   * @param expected the reference's task output
   * @param labels the reference labels, or null
   * @param top how many values of each categorical field, by record count
   * @return the slices, worst first
   */
  static List<SliceComparison> compare(
      SliceKeys keys, Task task, Tensor actual, Tensor expected, Tensor labels, int top) {
    int n = keys.records();
    List<SliceComparison> out = new ArrayList<>();
    for (Map.Entry<String, SliceKeys.Categorical> e : keys.categorical().entrySet()) {
      SliceKeys.Categorical c = e.getValue();
      long[] counts = new long[c.distinct()];
      for (int r = 0; r < n; r++) {
        counts[c.code(r)]++;
      }
      Integer[] order = new Integer[counts.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong((Integer i) -> -counts[i]).thenComparing(i -> i));
      for (int k = 0; k < Math.min(top, order.length); k++) {
        int code = order[k];
        int[] rows = new int[(int) counts[code]];
        int at = 0;
        for (int r = 0; r < n; r++) {
          if (c.code(r) == code) {
            rows[at++] = r;
          }
        }
        String value = c.value(code);
        out.add(
            slice(
                e.getKey() + "=" + value, e.getKey(), value, rows, task, actual, expected, labels));
      }
    }
    for (Map.Entry<String, SliceKeys.Numeric> e : keys.numeric().entrySet()) {
      SliceKeys.Numeric num = e.getValue();
      double[] present = new double[n];
      int m = 0;
      for (int r = 0; r < n; r++) {
        if (!Double.isNaN(num.value(r))) {
          present[m++] = num.value(r);
        }
      }
      double[] sorted = Arrays.copyOf(present, m);
      Arrays.sort(sorted);
      for (int d = 1; d <= DECILES && m > 0; d++) {
        double low =
            d == 1 ? Double.NEGATIVE_INFINITY : DiffStatistics.percentile(sorted, (d - 1) * 10.0);
        double high =
            d == DECILES ? Double.POSITIVE_INFINITY : DiffStatistics.percentile(sorted, d * 10.0);
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          double v = num.value(r);
          if (!Double.isNaN(v) && v >= low && (v < high || d == DECILES)) {
            rows.add(r);
          }
        }
        if (rows.isEmpty()) {
          continue;
        }
        String range =
            String.format(Locale.ROOT, "[%s, %s)", Numbers.compact(low), Numbers.compact(high));
        out.add(
            slice(
                e.getKey() + ":d" + d,
                e.getKey(),
                range,
                rows.stream().mapToInt(Integer::intValue).toArray(),
                task,
                actual,
                expected,
                labels));
      }
    }
    out.sort(
        Comparator.comparingDouble((SliceComparison s) -> -finite(s.difference().max()))
            .thenComparing(SliceComparison::key));
    return out;
  }

  private static double finite(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static SliceComparison slice(
      String key,
      String field,
      String value,
      int[] rows,
      Task task,
      Tensor actual,
      Tensor expected,
      Tensor labels) {
    int width = actual.rowLength();
    double[] diffs = new double[rows.length * width];
    double[] a = new double[rows.length * width];
    double[] e = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      for (int k = 0; k < width; k++) {
        int at = rows[i] * width + k;
        a[i * width + k] = actual.getDouble(at);
        e[i * width + k] = expected.getDouble(at);
        diffs[i * width + k] = Math.abs(a[i * width + k] - e[i * width + k]);
      }
    }
    String metric;
    double delta;
    switch (task.kind()) {
      case BINARY -> {
        float[] af = toFloats(a);
        float[] ef = toFloats(e);
        byte[] y = labels == null ? null : binaryLabels(labels, rows);
        if (y != null && hasBothClasses(y)) {
          metric = "auc";
          delta = Math.abs(QualityMetrics.auc(y, af) - QualityMetrics.auc(y, ef));
        } else {
          metric = "flips";
          delta =
              (double) QualityMetrics.flipped(af, ef, task.threshold(), -1).cardinality()
                  / rows.length;
        }
      }
      case MULTICLASS -> {
        if (labels != null) {
          long[] y = new long[rows.length];
          for (int i = 0; i < rows.length; i++) {
            y[i] = labels.getLong(rows[i]);
          }
          metric = "accuracy";
          delta =
              Math.abs(
                  QualityMetrics.accuracy(y, a, task.classes())
                      - QualityMetrics.accuracy(y, e, task.classes()));
        } else {
          metric = "flips";
          delta =
              (double) QualityMetrics.argmaxFlipped(a, e, task.classes()).cardinality()
                  / rows.length;
        }
      }
      case REGRESSION -> {
        metric = "rmse";
        if (labels != null) {
          double[] y = new double[rows.length];
          for (int i = 0; i < rows.length; i++) {
            y[i] = labels.getDouble(rows[i]);
          }
          delta = Math.abs(QualityMetrics.rmse(y, a) - QualityMetrics.rmse(y, e));
        } else {
          delta = Double.NaN;
        }
      }
      default -> {
        metric = "none";
        delta = Double.NaN;
      }
    }
    return new SliceComparison(
        key, field, value, rows.length, DiffStatistics.ofSortingInPlace(diffs), metric, delta);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static byte[] binaryLabels(Tensor labels, int[] rows) {
    byte[] out = new byte[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = (byte) labels.getLong(rows[i]);
    }
    return out;
  }

  private static boolean hasBothClasses(byte[] y) {
    boolean zero = false;
    boolean one = false;
    for (byte b : y) {
      zero |= b == 0;
      one |= b == 1;
    }
    return zero && one;
  }
}
