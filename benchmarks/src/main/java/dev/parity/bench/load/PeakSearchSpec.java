package dev.parity.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to search for the highest offered rate whose p99 latency stays under a bound: start at a
 * rate, multiply it by {@code growth} while runs pass, divide while they fail, then bisect between
 * the highest pass and the lowest fail until they are within {@code resolution} of each other.
 * Immutable, validated when built.
 */
public final class PeakSearchSpec {

  /** The p99 bound when none is given. */
  public static final String DEFAULT_P99_BOUND = "10ms";

  /** The first rate when none is given, requests per second. */
  public static final double DEFAULT_START_RATE = 1000;

  /** The resolution when none is given. */
  public static final double DEFAULT_RESOLUTION = 0.05;

  /** The highest rate tried when none is given, requests per second. */
  public static final double DEFAULT_MAX_RATE = 1_000_000;

  /** How often a failing rate is run again when none is given. */
  public static final int DEFAULT_RETRIES = 1;

  /** The most runs when none is given. */
  public static final int DEFAULT_MAX_STEPS = 20;

  /** Each step's measured duration when none is given. */
  public static final String DEFAULT_STEP_DURATION = "5s";

  /** Each step's warm-up when none is given. */
  public static final String DEFAULT_STEP_WARMUP = "2s";

  private final Duration p99Bound;
  private final double startRate;
  private final double growth;
  private final double resolution;
  private final double minRate;
  private final double maxRate;
  private final int maxSteps;
  private final int retries;

  private PeakSearchSpec(Builder b) {
    this.p99Bound = b.p99Bound;
    this.startRate = b.startRate;
    this.growth = b.growth;
    this.resolution = b.resolution;
    this.minRate = b.minRate;
    this.maxRate = b.maxRate;
    this.maxSteps = b.maxSteps;
    this.retries = b.retries;
  }

  /**
   * Starts a builder; {@code setP99Bound} is required.
   *
   * @return a builder with the defaults: start at 1,000 requests/s, growth 2, resolution 5%, rates
   *     from 10 to 1,000,000 requests/s, at most 20 steps, a failing rate run once more
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the p99 bound a rate must stay under.
   *
   * @return positive
   */
  public Duration p99Bound() {
    return p99Bound;
  }

  /**
   * Returns the first rate tried.
   *
   * @return requests per second
   */
  public double startRate() {
    return startRate;
  }

  /**
   * Returns the factor between rates before the peak is bracketed.
   *
   * @return more than 1
   */
  public double growth() {
    return growth;
  }

  /**
   * Returns when bisection stops: the lowest failing rate within this fraction above the highest
   * passing one.
   *
   * @return a fraction, e.g. 0.05
   */
  public double resolution() {
    return resolution;
  }

  /**
   * Returns the lowest rate tried; if it fails, no rate meets the bound.
   *
   * @return requests per second
   */
  public double minRate() {
    return minRate;
  }

  /**
   * Returns the highest rate tried; if it passes, the peak is at least that.
   *
   * @return requests per second
   */
  public double maxRate() {
    return maxRate;
  }

  /**
   * Returns the most runs the search makes.
   *
   * @return at least 1
   */
  public int maxSteps() {
    return maxSteps;
  }

  /**
   * Returns how often a failing rate is run again before it counts as failed: a rate passes when
   * any of its runs passes, so one stall in a short step on a shared machine does not end the
   * search below the peak.
   *
   * @return 0 to 3
   */
  public int retries() {
    return retries;
  }

  /**
   * Returns the values for a report or a child JVM; {@link #fromMap} reads them back.
   *
   * @return p99Bound (text such as {@code 10ms}), startRate, growth, resolution, minRate, maxRate,
   *     maxSteps, retries
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p99Bound", DurationText.format(p99Bound));
    m.put("startRate", startRate);
    m.put("growth", growth);
    m.put("resolution", resolution);
    m.put("minRate", minRate);
    m.put("maxRate", maxRate);
    m.put("maxSteps", maxSteps);
    m.put("retries", retries);
    return m;
  }

  /**
   * Reads what {@link #toMap} wrote.
   *
   * @param m the values
   * @return the spec
   * @throws IllegalArgumentException if a value is missing or invalid
   */
  public static PeakSearchSpec fromMap(Map<String, ?> m) {
    return builder()
        .setP99Bound(DurationText.parse(LoadSpec.value(m, "p99Bound")))
        .optStartRate(Double.parseDouble(LoadSpec.value(m, "startRate")))
        .optGrowth(Double.parseDouble(LoadSpec.value(m, "growth")))
        .optResolution(Double.parseDouble(LoadSpec.value(m, "resolution")))
        .optMinRate(Double.parseDouble(LoadSpec.value(m, "minRate")))
        .optMaxRate(Double.parseDouble(LoadSpec.value(m, "maxRate")))
        .optMaxSteps(Integer.parseInt(LoadSpec.value(m, "maxSteps")))
        .optRetries(Integer.parseInt(LoadSpec.value(m, "retries")))
        .build();
  }

  /** Builds a {@link PeakSearchSpec}; {@code setP99Bound} is required. */
  public static final class Builder {
    private Duration p99Bound;
    private double startRate = DEFAULT_START_RATE;
    private double growth = 2;
    private double resolution = DEFAULT_RESOLUTION;
    private double minRate = 10;
    private double maxRate = DEFAULT_MAX_RATE;
    private int maxSteps = DEFAULT_MAX_STEPS;
    private int retries = DEFAULT_RETRIES;

    private Builder() {}

    /**
     * Sets the p99 bound (required).
     *
     * @param bound positive, e.g. 10 ms
     * @return this builder
     */
    public Builder setP99Bound(Duration bound) {
      this.p99Bound = bound;
      return this;
    }

    /**
     * Sets the first rate tried.
     *
     * @param rate within the min and max rate (default 1,000 requests/s)
     * @return this builder
     */
    public Builder optStartRate(double rate) {
      this.startRate = rate;
      return this;
    }

    /**
     * Sets the factor between rates before the peak is bracketed.
     *
     * @param growth more than 1 (default 2)
     * @return this builder
     */
    public Builder optGrowth(double growth) {
      this.growth = growth;
      return this;
    }

    /**
     * Sets the resolution of the bisection.
     *
     * @param resolution a fraction above 0 and below 1 (default 0.05)
     * @return this builder
     */
    public Builder optResolution(double resolution) {
      this.resolution = resolution;
      return this;
    }

    /**
     * Sets the lowest rate tried.
     *
     * @param rate positive (default 10 requests/s)
     * @return this builder
     */
    public Builder optMinRate(double rate) {
      this.minRate = rate;
      return this;
    }

    /**
     * Sets the highest rate tried.
     *
     * @param rate at least the min rate, at most {@value LoadSpec#MAX_RATE} (default 1,000,000)
     * @return this builder
     */
    public Builder optMaxRate(double rate) {
      this.maxRate = rate;
      return this;
    }

    /**
     * Sets the most runs the search makes.
     *
     * @param steps 1 to 100 (default 20)
     * @return this builder
     */
    public Builder optMaxSteps(int steps) {
      this.maxSteps = steps;
      return this;
    }

    /**
     * Sets how often a failing rate is run again before it counts as failed.
     *
     * @param retries 0 to 3 (default 1)
     * @return this builder
     */
    public Builder optRetries(int retries) {
      this.retries = retries;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the spec
     * @throws IllegalArgumentException naming the first invalid value
     */
    public PeakSearchSpec build() {
      if (p99Bound == null || p99Bound.isNegative() || p99Bound.isZero()) {
        throw new IllegalArgumentException(
            "the p99 bound must be positive, e.g. 10ms, found " + p99Bound + " (setP99Bound)");
      }
      if (!(minRate > 0 && minRate <= maxRate && maxRate <= LoadSpec.MAX_RATE)) {
        throw new IllegalArgumentException(
            "need 0 < min rate <= max rate <= "
                + (long) LoadSpec.MAX_RATE
                + " requests/s, found "
                + minRate
                + " and "
                + maxRate);
      }
      if (!(startRate >= minRate && startRate <= maxRate)) {
        throw new IllegalArgumentException(
            "the start rate must lie between the min rate "
                + minRate
                + " and the max rate "
                + maxRate
                + ", found "
                + startRate);
      }
      if (!(growth > 1 && growth <= 100)) {
        throw new IllegalArgumentException(
            "growth must be above 1 and at most 100, found " + growth);
      }
      if (!(resolution > 0 && resolution < 1)) {
        throw new IllegalArgumentException(
            "resolution must be a fraction between 0 and 1 (e.g. 0.05), found " + resolution);
      }
      if (maxSteps < 1 || maxSteps > 100) {
        throw new IllegalArgumentException("max steps must be 1 to 100, found " + maxSteps);
      }
      if (retries < 0 || retries > 3) {
        throw new IllegalArgumentException(
            "retries must be 0 to 3, found " + retries + " (optRetries)");
      }
      return new PeakSearchSpec(this);
    }
  }
}
