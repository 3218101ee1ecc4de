package dev.parity.bench;

import java.util.Map;

/**
 * One JMH result (a benchmark method under one parameter combination), as read from JMH's JSON.
 *
 * @param benchmark the benchmark class's simple name, e.g. {@code FullPathBenchmark}
 * @param method the benchmark method, e.g. {@code throughput}
 * @param callerThreads JMH's threads: callers running the method at once
 * @param params the {@code @Param} values
 * @param score the primary score
 * @param scoreError the primary score's 99.9% error (NaN when JMH gave none)
 * @param unit the primary score's unit
 * @param secondary secondary results by name (e.g. {@code records}, {@code flops}), per second
 */
public record JmhMeasurement(
    String benchmark,
    String method,
    int callerThreads,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    Map<String, Double> secondary) {

  /** Copies the maps. */
  public JmhMeasurement {
    params = Map.copyOf(params);
    secondary = Map.copyOf(secondary);
  }

  /**
   * The engine parameter.
   *
   * @return the engine, or an empty string
   */
  public String engine() {
    return params.getOrDefault("engine", "");
  }

  /**
   * The device parameter.
   *
   * @return the device, {@code cpu} when absent
   */
  public String device() {
    return params.getOrDefault("device", "cpu");
  }

  /**
   * The batch parameter.
   *
   * @return records per call, 0 when absent
   */
  public int batch() {
    return intParam("batch");
  }

  /**
   * The inter-op threads parameter.
   *
   * @return inter-op threads, 0 when absent
   */
  public int interOp() {
    return intParam("interOp");
  }

  /**
   * The intra-op threads parameter (also the {@code threads} of {@link LimitBenchmark}).
   *
   * @return intra-op threads, 0 when absent
   */
  public int intraOp() {
    return params.containsKey("intraOp") ? intParam("intraOp") : intParam("threads");
  }

  /**
   * The input path parameter.
   *
   * @return the path; {@link InputPath#RECORDS} when absent (results from before the parameter)
   */
  public InputPath path() {
    return InputPath.of(params.get("path"));
  }

  /**
   * Cores the setting keeps busy at most: callers × (intra-op threads + the path's encoder thread).
   *
   * @return at least 1
   */
  public int threadsUsed() {
    return Math.max(1, callerThreads) * (Math.max(1, intraOp()) + path().encoderThreads());
  }

  /**
   * Records per second, the secondary result {@code records}.
   *
   * @return records/s, NaN when the benchmark does not count records
   */
  public double recordsPerSecond() {
    return secondary.getOrDefault("records", Double.NaN);
  }

  /**
   * Whether this is the given benchmark method.
   *
   * @param benchmarkName the class's simple name
   * @param methodName the method
   * @return true when both match
   */
  public boolean is(String benchmarkName, String methodName) {
    return benchmark.equals(benchmarkName) && method.equals(methodName);
  }

  private int intParam(String name) {
    String v = params.get(name);
    return v == null ? 0 : Integer.parseInt(v.trim());
  }
}
