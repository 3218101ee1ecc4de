package dev.parity.harness;

import java.util.List;

/**
 * How one output (or all outputs together) of the JVM differs from the reference, element by
 * element.
 *
 * @param output the output's name, e.g. {@code probability}, or {@value #ALL} for every output's
 *     elements together
 * @param shape the output's shape, e.g. {@code [100000, 16]}; for {@value #ALL} the total element
 *     count
 * @param tolerance the tolerance elements are held to, or null for {@value #ALL}, whose parts each
 *     keep their own
 * @param absolute statistics of {@code |actual - expected|} over every element
 * @param relative statistics of {@code |actual - expected| / |expected|} over the elements whose
 *     expected value is not 0 (their count is {@code relative.count()})
 * @param overTolerance how many elements fail {@link Tolerance#accepts}, non-finite ones included
 * @param nonFinite how many elements are NaN or infinite on either side; they are left out of
 *     {@code absolute} and {@code relative}, counted here and as over tolerance
 * @param worst the elements with the largest absolute difference, largest first
 * @param histogram the absolute differences on a log scale
 */
public record OutputComparison(
    String output,
    List<Long> shape,
    Tolerance tolerance,
    DiffStatistics absolute,
    DiffStatistics relative,
    long overTolerance,
    long nonFinite,
    List<WorstElement> worst,
    Histogram histogram) {

  /** The name of the comparison over every output's elements together. */
  public static final String ALL = "all";

  /** Copies the lists so the comparison stays immutable. */
  public OutputComparison {
    shape = List.copyOf(shape);
    worst = List.copyOf(worst);
  }

  /**
   * Returns the share of elements over tolerance.
   *
   * @return {@code overTolerance / count}, 0 when there are no elements
   */
  public double overToleranceFraction() {
    long elements = absolute.count() + nonFinite;
    return elements == 0 ? 0 : (double) overTolerance / elements;
  }
}
