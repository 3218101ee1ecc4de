package dev.parity.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One performance target of a bench plan: a {@link Figure} held to a threshold, from below ({@code
 * atLeast}) or above ({@code atMost}), optionally only on some presets. Reported, never asserted.
 * Immutable and validated when built.
 */
public final class BenchTarget {

  /** Which side of the threshold meets the target. */
  public enum Direction {
    /** Met when the figure is at least the threshold. */
    AT_LEAST("atLeast", ">="),
    /** Met when the figure is at most the threshold. */
    AT_MOST("atMost", "<=");

    private final String key;
    private final String symbol;

    Direction(String key, String symbol) {
      this.key = key;
      this.symbol = symbol;
    }

    /**
     * Returns the plan key that sets a threshold this way.
     *
     * @return {@code atLeast} or {@code atMost}
     */
    public String key() {
      return key;
    }

    /**
     * Returns the comparison as a symbol.
     *
     * @return {@code >=} or {@code <=}
     */
    public String symbol() {
      return symbol;
    }
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final String name;
  private final Figure figure;
  private final Direction direction;
  private final double threshold;
  private final List<String> presets;

  private BenchTarget(Builder b) {
    this.name = b.name;
    this.figure = b.figure;
    this.direction = b.atLeast != null ? Direction.AT_LEAST : Direction.AT_MOST;
    this.threshold = b.atLeast != null ? b.atLeast : b.atMost;
    this.presets = List.copyOf(b.presets);
  }

  /**
   * Starts a builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the target's name.
   *
   * @return e.g. {@code translation-share}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the figure the target holds.
   *
   * @return the figure
   */
  public Figure figure() {
    return figure;
  }

  /**
   * Returns which side of the threshold meets the target.
   *
   * @return the direction
   */
  public Direction direction() {
    return direction;
  }

  /**
   * Returns the threshold.
   *
   * @return a finite number, in the figure's unit
   */
  public double threshold() {
    return threshold;
  }

  /**
   * Returns the presets the target is judged on.
   *
   * @return preset names; empty for every preset
   */
  public List<String> presets() {
    return presets;
  }

  /**
   * Whether a value meets the target.
   *
   * @param value the measured figure
   * @return true when it lies on the target's side of the threshold, the threshold included
   */
  public boolean isMetBy(double value) {
    return direction == Direction.AT_LEAST ? value >= threshold : value <= threshold;
  }

  /**
   * Judges the target on a sweep's results.
   *
   * @param engines the per-engine results, fastest full path first
   * @param preset the preset the sweep ran
   * @return the figure as measured and the verdict; not measured when the figure is missing or the
   *     target does not apply to {@code preset}
   */
  public BenchSummary.Target judge(List<BenchSummary.EngineResult> engines, String preset) {
    Figure.Measured measured = figure.measure(engines);
    if (measured.value() == null) {
      return new BenchSummary.Target(
          this, measured, BenchSummary.Verdict.NOT_MEASURED, measured.missing());
    }
    if (!presets.isEmpty() && !presets.contains(preset)) {
      return new BenchSummary.Target(
          this,
          measured,
          BenchSummary.Verdict.NOT_MEASURED,
          "the target applies to the "
              + String.join(" and ", presets)
              + " preset"
              + (presets.size() == 1 ? "" : "s")
              + ", this run is "
              + preset);
    }
    return new BenchSummary.Target(
        this,
        measured,
        isMetBy(measured.value()) ? BenchSummary.Verdict.MET : BenchSummary.Verdict.MISSED,
        null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BenchTarget t
        && name.equals(t.name)
        && figure == t.figure
        && direction == t.direction
        && Double.compare(threshold, t.threshold) == 0
        && presets.equals(t.presets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, figure, direction, threshold, presets);
  }

  @Override
  public String toString() {
    return name
        + ": "
        + figure.key()
        + " "
        + direction.symbol()
        + " "
        + threshold
        + (presets.isEmpty() ? "" : " on " + presets);
  }

  /** Builds a {@link BenchTarget}: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private String name;
    private Figure figure;
    private Double atLeast;
    private Double atMost;
    private List<String> presets = List.of();

    private Builder() {}

    /**
     * Sets the name.
     *
     * @param name lower-case words joined by hyphens, e.g. {@code python-ratio}
     * @return this builder
     */
    public Builder setName(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the figure.
     *
     * @param figure the figure the target holds
     * @return this builder
     */
    public Builder setFigure(Figure figure) {
      this.figure = figure;
      return this;
    }

    /**
     * Sets a lower bound: met when the figure is at least this. Exactly one of this and {@link
     * #optAtMost} must be set.
     *
     * @param threshold the bound
     * @return this builder
     */
    public Builder optAtLeast(double threshold) {
      this.atLeast = threshold;
      return this;
    }

    /**
     * Sets an upper bound: met when the figure is at most this. Exactly one of this and {@link
     * #optAtLeast} must be set.
     *
     * @param threshold the bound
     * @return this builder
     */
    public Builder optAtMost(double threshold) {
      this.atMost = threshold;
      return this;
    }

    /**
     * Limits the target to some presets; by default it applies to every preset.
     *
     * @param presets preset names, each one of {@link BenchPreset#NAMES}
     * @return this builder
     */
    public Builder optPresets(List<String> presets) {
      this.presets = presets == null ? null : new ArrayList<>(presets);
      return this;
    }

    /**
     * Builds the target.
     *
     * @return the target
     * @throws IllegalArgumentException naming every problem: a missing or malformed name, no
     *     figure, not exactly one threshold, a threshold that is not finite, an unknown or repeated
     *     preset
     */
    public BenchTarget build() {
      List<String> problems = new ArrayList<>();
      if (name == null || !NAME.matcher(name).matches()) {
        problems.add(
            "the name must be lower-case words joined by hyphens, e.g. python-ratio, found "
                + name);
      }
      if (figure == null) {
        problems.add("no figure; expected one of " + Figure.keys());
      }
      if ((atLeast == null) == (atMost == null)) {
        problems.add(
            "set exactly one of atLeast and atMost, found "
                + (atLeast == null ? "neither" : "both"));
      }
      for (Double t : new Double[] {atLeast, atMost}) {
        if (t != null && !Double.isFinite(t)) {
          problems.add("the threshold must be a finite number, found " + t);
        }
      }
      if (presets == null) {
        problems.add("presets must be a list, found null");
      } else {
        for (String p : presets) {
          if (!BenchPreset.NAMES.contains(p)) {
            problems.add(
                "unknown preset "
                    + p
                    + "; expected one of "
                    + String.join(", ", BenchPreset.NAMES));
          }
        }
        if (new LinkedHashSet<>(presets).size() != presets.size()) {
          problems.add("presets repeat a name: " + presets);
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new BenchTarget(this);
    }
  }
}
