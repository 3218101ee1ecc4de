package dev.parity.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One open-loop run: the offered rate and how requests arrive, the warm-up and measured phases, and
 * how the server batches. Immutable, validated when built.
 */
public final class LoadSpec {

  /** The most requests per second a run may offer. */
  public static final double MAX_RATE = 10_000_000;

  /** Warm-up when none is given. */
  public static final String DEFAULT_WARMUP = "5s";

  /** Poisson seed when none is given. */
  public static final long DEFAULT_SEED = 42;

  /** Max batch when none is given. */
  public static final int DEFAULT_MAX_BATCH = 64;

  /** Max wait when none is given. */
  public static final String DEFAULT_MAX_WAIT = "1ms";

  /** Server threads when none are given. */
  public static final int DEFAULT_SERVER_THREADS = 1;

  /** Queue limit when none is given: enough for 50 s at 20,000 requests/s, about 100 MB. */
  public static final int DEFAULT_MAX_QUEUE = 1_000_000;

  /** Drain limit when none is given. */
  public static final String DEFAULT_DRAIN_LIMIT = "5s";

  private final double rate;
  private final ArrivalProcess arrivals;
  private final long seed;
  private final Duration warmup;
  private final Duration duration;
  private final int maxBatch;
  private final Duration maxWait;
  private final int serverThreads;
  private final int maxQueue;
  private final Duration drainLimit;

  private LoadSpec(Builder b) {
    this.rate = b.rate;
    this.arrivals = b.arrivals;
    this.seed = b.seed;
    this.warmup = b.warmup;
    this.duration = b.duration;
    this.maxBatch = b.maxBatch;
    this.maxWait = b.maxWait;
    this.serverThreads = b.serverThreads;
    this.maxQueue = b.maxQueue;
    this.drainLimit = b.drainLimit;
  }

  /**
   * Starts a builder; {@code setRate} and {@code setDuration} are required.
   *
   * @return a builder with the defaults: Poisson arrivals, seed 42, warm-up 5 s, max batch 64, max
   *     wait 1 ms, one server thread, a queue of 1,000,000, 5 s to drain
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the target rate.
   *
   * @return requests per second
   */
  public double rate() {
    return rate;
  }

  /**
   * Returns how requests arrive.
   *
   * @return fixed or Poisson
   */
  public ArrivalProcess arrivals() {
    return arrivals;
  }

  /**
   * Returns the seed of the Poisson arrivals.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the warm-up: requests intended in it are reported apart and excluded.
   *
   * @return the warm-up, possibly zero
   */
  public Duration warmup() {
    return warmup;
  }

  /**
   * Returns the measured phase's length.
   *
   * @return positive
   */
  public Duration duration() {
    return duration;
  }

  /**
   * Returns the most requests per batch.
   *
   * @return at least 1
   */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Returns how long the oldest queued request waits for others before its batch goes.
   *
   * @return zero or more
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * Returns the number of server threads taking batches.
   *
   * @return at least 1
   */
  public int serverThreads() {
    return serverThreads;
  }

  /**
   * Returns the most requests queued at once; more are dropped and counted.
   *
   * @return at least the max batch
   */
  public int maxQueue() {
    return maxQueue;
  }

  /**
   * Returns how long the servers may take, after the schedule ends, to empty the queue; requests
   * still queued then are abandoned and counted as unfinished.
   *
   * @return zero or more
   */
  public Duration drainLimit() {
    return drainLimit;
  }

  /**
   * Returns a builder holding these values, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return builder()
        .setRate(rate)
        .setDuration(duration)
        .optArrivals(arrivals)
        .optSeed(seed)
        .optWarmup(warmup)
        .optMaxBatch(maxBatch)
        .optMaxWait(maxWait)
        .optServerThreads(serverThreads)
        .optMaxQueue(maxQueue)
        .optDrainLimit(drainLimit);
  }

  /**
   * Returns the values for a report or a child JVM; {@link #fromMap} reads them back.
   *
   * @return rate, arrivals, seed, warmup, duration, maxBatch, maxWait, serverThreads, maxQueue,
   *     drainLimit; durations as text such as {@code 30s}
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rate", rate);
    m.put("arrivals", arrivals.cliName());
    m.put("seed", seed);
    m.put("warmup", DurationText.format(warmup));
    m.put("duration", DurationText.format(duration));
    m.put("maxBatch", maxBatch);
    m.put("maxWait", DurationText.format(maxWait));
    m.put("serverThreads", serverThreads);
    m.put("maxQueue", maxQueue);
    m.put("drainLimit", DurationText.format(drainLimit));
    return m;
  }

  /**
   * Reads what {@link #toMap} wrote (numbers may come back as any {@link Number} or as text).
   *
   * @param m the values
   * @return the spec
   * @throws IllegalArgumentException if a value is missing or invalid
   */
  public static LoadSpec fromMap(Map<String, ?> m) {
    return builder()
        .setRate(Double.parseDouble(value(m, "rate")))
        .setDuration(DurationText.parse(value(m, "duration")))
        .optArrivals(ArrivalProcess.parse(value(m, "arrivals")))
        .optSeed(Long.parseLong(value(m, "seed")))
        .optWarmup(DurationText.parse(value(m, "warmup")))
        .optMaxBatch(Integer.parseInt(value(m, "maxBatch")))
        .optMaxWait(DurationText.parse(value(m, "maxWait")))
        .optServerThreads(Integer.parseInt(value(m, "serverThreads")))
        .optMaxQueue(Integer.parseInt(value(m, "maxQueue")))
        .optDrainLimit(DurationText.parse(value(m, "drainLimit")))
        .build();
  }

  static String value(Map<String, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing value '" + key + "'");
    }
    return v.toString();
  }

  @Override
  public String toString() {
    return toMap().toString();
  }

  /** Builds a {@link LoadSpec}; {@code setRate} and {@code setDuration} are required. */
  public static final class Builder {
    private double rate = Double.NaN;
    private ArrivalProcess arrivals = ArrivalProcess.POISSON;
    private long seed = DEFAULT_SEED;
    private Duration warmup = DurationText.parse(DEFAULT_WARMUP);
    private Duration duration;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration maxWait = DurationText.parse(DEFAULT_MAX_WAIT);
    private int serverThreads = DEFAULT_SERVER_THREADS;
    private int maxQueue = DEFAULT_MAX_QUEUE;
    private Duration drainLimit = DurationText.parse(DEFAULT_DRAIN_LIMIT);

    private Builder() {}

    /**
     * Sets the offered rate (required).
     *
     * @param requestsPerSecond more than 0, at most {@value #MAX_RATE}
     * @return this builder
     */
    public Builder setRate(double requestsPerSecond) {
      this.rate = requestsPerSecond;
      return this;
    }

    /**
     * Sets the measured phase's length (required).
     *
     * @param duration positive
     * @return this builder
     */
    public Builder setDuration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Sets how requests arrive.
     *
     * @param arrivals fixed or Poisson (default)
     * @return this builder
     */
    public Builder optArrivals(ArrivalProcess arrivals) {
      this.arrivals = arrivals;
      return this;
    }

    /**
     * Sets the Poisson generator's seed.
     *
     * @param seed any value (default 42)
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the warm-up, reported apart and excluded from the figures.
     *
     * @param warmup zero or more (default 5 s)
     * @return this builder
     */
    public Builder optWarmup(Duration warmup) {
      this.warmup = warmup;
      return this;
    }

    /**
     * Sets the most requests per batch.
     *
     * @param maxBatch 1 to 65536 (default 64)
     * @return this builder
     */
    public Builder optMaxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Sets how long the oldest queued request waits for others.
     *
     * @param maxWait zero or more (default 1 ms)
     * @return this builder
     */
    public Builder optMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Sets the number of server threads.
     *
     * @param serverThreads 1 to 64 (default 1)
     * @return this builder
     */
    public Builder optServerThreads(int serverThreads) {
      this.serverThreads = serverThreads;
      return this;
    }

    /**
     * Sets the most requests queued at once.
     *
     * @param maxQueue at least the max batch (default 1,000,000)
     * @return this builder
     */
    public Builder optMaxQueue(int maxQueue) {
      this.maxQueue = maxQueue;
      return this;
    }

    /**
     * Sets how long the servers may take to empty the queue after the schedule ends.
     *
     * @param drainLimit zero or more (default 5 s)
     * @return this builder
     */
    public Builder optDrainLimit(Duration drainLimit) {
      this.drainLimit = drainLimit;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the spec
     * @throws IllegalArgumentException naming the first invalid value
     */
    public LoadSpec build() {
      if (!(rate > 0 && rate <= MAX_RATE)) {
        throw new IllegalArgumentException(
            "rate must be more than 0 and at most "
                + (long) MAX_RATE
                + " requests/s, found "
                + rate
                + " (setRate)");
      }
      Objects.requireNonNull(arrivals, "arrivals");
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(
            "duration must be positive, e.g. 30s, found " + duration + " (setDuration)");
      }
      nonNegative("warm-up", warmup);
      nonNegative("max wait", maxWait);
      nonNegative("drain limit", drainLimit);
      if (maxBatch < 1 || maxBatch > 65536) {
        throw new IllegalArgumentException("max batch must be 1 to 65536, found " + maxBatch);
      }
      if (serverThreads < 1 || serverThreads > 64) {
        throw new IllegalArgumentException(
            "server threads must be 1 to 64, found " + serverThreads);
      }
      if (maxQueue < maxBatch) {
        throw new IllegalArgumentException(
            "max queue must hold at least one batch (" + maxBatch + "), found " + maxQueue);
      }
      return new LoadSpec(this);
    }

    private static void nonNegative(String what, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be zero or more, found " + d);
      }
    }
  }
}
