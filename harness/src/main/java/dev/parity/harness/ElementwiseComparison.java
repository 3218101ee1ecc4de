package dev.parity.harness;

import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Compares output values element by element: the statistics of the absolute and relative
 * differences, the elements over tolerance, the worst elements and a histogram.
 */
public final class ElementwiseComparison {

  private ElementwiseComparison() {}

  /**
   * One output's values from two sources.
   *
   * @param output the output's name
   * @param shape its shape, records first
   * @param actual the values under test, any numeric dtype
   * @param expected the reference values, any numeric dtype
   * @param tolerance the tolerance its elements are held to
   */
  public record Part(
      String output, List<Long> shape, Tensor actual, Tensor expected, Tolerance tolerance) {

    /** Checks that both tensors hold as many values as the shape says. */
    public Part {
      shape = List.copyOf(shape);
      long size = shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
      if (actual.size() != size || expected.size() != size) {
        throw new IllegalArgumentException(
            output
                + ": shape "
                + shape
                + " holds "
                + size
                + " values but the tensors hold "
                + actual.size()
                + " (actual) and "
                + expected.size()
                + " (expected)");
      }
    }

    int rowWidth() {
      long w = 1;
      for (int i = 1; i < shape.size(); i++) {
        w *= shape.get(i);
      }
      return (int) w;
    }
  }

  /**
   * The comparisons of several outputs: one per output, and one over all their elements.
   *
   * @param outputs one comparison per part, in order
   * @param all every part's elements together, named {@value OutputComparison#ALL}
   */
  public record Comparisons(List<OutputComparison> outputs, OutputComparison all) {

    /** Copies the list so the result stays immutable. */
    public Comparisons {
      outputs = List.copyOf(outputs);
    }
  }

  /**
   * Compares one output.
   *
   * @param part the output's values
   * @param ids the records' ids by position, for the worst elements; may hold nulls
   * @param worstCount how many of the worst elements to keep
   * @return the comparison
   */
  public static OutputComparison compare(Part part, List<String> ids, int worstCount) {
    return compareEach(List.of(part), ids, worstCount).outputs().get(0);
  }

  /**
   * Compares each output, and all outputs as one set of elements, each element held to its own
   * output's tolerance. Each output's differences are sorted once; the combined figures merge the
   * sorted arrays.
   *
   * @param parts the outputs' values
   * @param ids the records' ids by position, for the worst elements; may hold nulls
   * @param worstCount how many of the worst elements to keep per comparison
   * @return the comparisons
   */
  public static Comparisons compareEach(List<Part> parts, List<String> ids, int worstCount) {
    List<OutputComparison> outputs = new ArrayList<>(parts.size());
    List<double[]> absolutes = new ArrayList<>(parts.size());
    List<double[]> relatives = new ArrayList<>(parts.size());
    List<WorstElement> worstOfAll = new ArrayList<>();
    long[] allCounts = null;
    long zeros = 0;
    long below = 0;
    long above = 0;
    long overTolerance = 0;
    long nonFiniteOfAll = 0;
    for (Part part : parts) {
      Tensor a = part.actual();
      Tensor e = part.expected();
      boolean floats = a.dtype() == Dtype.FLOAT32 && e.dtype() == Dtype.FLOAT32;
      float[] af = floats ? a.floats() : null;
      float[] ef = floats ? e.floats() : null;
      Tolerance t = part.tolerance();
      int size = a.size();
      double[] absolute = new double[size];
      double[] relative = new double[size];
      int finiteCount = 0;
      int relativeCount = 0;
      long over = 0;
      long nonFinite = 0;
      Worst worst = new Worst(worstCount);
      for (int i = 0; i < size; i++) {
        double actual = floats ? af[i] : a.getDouble(i);
        double expected = floats ? ef[i] : e.getDouble(i);
        double d = Math.abs(actual - expected);
        if (!Double.isFinite(actual) || !Double.isFinite(expected)) {
          // Never a match, and kept out of the statistics so they stay numbers; counted instead.
          nonFinite++;
          over++;
          worst.offer(Double.NaN, i);
          continue;
        }
        absolute[finiteCount++] = d;
        if (expected != 0) {
          relative[relativeCount++] = d / Math.abs(expected);
        }
        if (!t.accepts(actual, expected)) {
          over++;
        }
        worst.offer(d, i);
      }
      absolute = finiteCount == size ? absolute : Arrays.copyOf(absolute, finiteCount);
      Histogram histogram = Histogram.of(absolute);
      double[] rel = Arrays.copyOf(relative, relativeCount);
      List<WorstElement> worstElements = worst.elements(part, ids);
      OutputComparison c =
          new OutputComparison(
              part.output(),
              part.shape(),
              t,
              DiffStatistics.ofSortingInPlace(absolute),
              DiffStatistics.ofSortingInPlace(rel),
              over,
              nonFinite,
              worstElements,
              histogram);
      outputs.add(c);
      absolutes.add(absolute);
      relatives.add(rel);
      worstOfAll.addAll(worstElements);
      overTolerance += over;
      nonFiniteOfAll += nonFinite;
      zeros += histogram.zeros();
      below += histogram.below();
      above += histogram.above();
      if (allCounts == null) {
        allCounts = new long[histogram.counts().size()];
      }
      for (int i = 0; i < allCounts.length; i++) {
        allCounts[i] += histogram.counts().get(i);
      }
    }
    worstOfAll.sort((x, y) -> Double.compare(y.difference(), x.difference()));
    List<Long> counts = new ArrayList<>();
    if (allCounts != null) {
      for (long c : allCounts) {
        counts.add(c);
      }
    }
    double[] absolute = merge(absolutes);
    OutputComparison all =
        new OutputComparison(
            OutputComparison.ALL,
            List.of((long) absolute.length + nonFiniteOfAll),
            null,
            DiffStatistics.ofSorted(absolute),
            DiffStatistics.ofSorted(merge(relatives)),
            overTolerance,
            nonFiniteOfAll,
            worstOfAll.subList(0, Math.min(worstCount, worstOfAll.size())),
            new Histogram(
                Histogram.LOWEST_EXPONENT, Histogram.BINS_PER_DECADE, zeros, below, counts, above));
    return new Comparisons(outputs, all);
  }

  // Merges ascending arrays into one ascending array; NaN sorts last, as in Arrays.sort.
  private static double[] merge(List<double[]> sorted) {
    double[] out = sorted.isEmpty() ? new double[0] : sorted.get(0);
    for (int k = 1; k < sorted.size(); k++) {
      double[] a = out;
      double[] b = sorted.get(k);
      double[] m = new double[a.length + b.length];
      int i = 0;
      int j = 0;
      int o = 0;
      while (i < a.length && j < b.length) {
        m[o++] = Double.compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
      }
      while (i < a.length) {
        m[o++] = a[i++];
      }
      while (j < b.length) {
        m[o++] = b[j++];
      }
      out = m;
    }
    return out;
  }

  /** Keeps the largest differences seen, NaN counted as the largest. */
  private static final class Worst {
    private final int capacity;
    // Smallest difference at the head; ties keep the earlier element.
    private final PriorityQueue<double[]> heap =
        new PriorityQueue<>(
            (x, y) -> {
              int c = Double.compare(x[0], y[0]);
              return c != 0 ? c : Double.compare(y[1], x[1]);
            });

    Worst(int capacity) {
      this.capacity = capacity;
    }

    void offer(double difference, int index) {
      if (capacity == 0) {
        return;
      }
      if (heap.size() < capacity) {
        heap.add(new double[] {difference, index});
      } else if (Double.compare(difference, heap.peek()[0]) > 0) {
        heap.poll();
        heap.add(new double[] {difference, index});
      }
    }

    List<WorstElement> elements(Part part, List<String> ids) {
      List<double[]> sorted = new ArrayList<>(heap);
      sorted.sort(heap.comparator().reversed());
      List<WorstElement> out = new ArrayList<>(sorted.size());
      for (double[] entry : sorted) {
        int index = (int) entry[1];
        int width = part.rowWidth();
        int record = index / width;
        out.add(
            new WorstElement(
                part.output(),
                record,
                record < ids.size() ? ids.get(record) : null,
                index % width,
                part.actual().getDouble(index),
                part.expected().getDouble(index),
                entry[0]));
      }
      return out;
    }
  }
}
