package dev.parity.bench;

/**
 * The records/s no engine can beat on this machine at a thread count: the lower of the compute roof
 * (GEMM rate / FLOPs per record) and the memory roof (read bandwidth / bytes per record).
 *
 * @param threads the threads the limits were measured with
 * @param gflops sustained fp32 GEMM rate through the engine, GFLOP/s
 * @param gigabytesPerSecond read bandwidth through the engine, GB/s (10^9 bytes)
 * @param computeRecordsPerSecond the compute roof
 * @param memoryRecordsPerSecond the memory roof
 */
public record Roofline(
    int threads,
    double gflops,
    double gigabytesPerSecond,
    double computeRecordsPerSecond,
    double memoryRecordsPerSecond) {

  /**
   * Builds the roofline for a model from the machine's limits.
   *
   * @param threads the threads the limits were measured with
   * @param gflops GEMM rate, GFLOP/s
   * @param gigabytesPerSecond read bandwidth, GB/s
   * @param cost the model's cost per record
   * @return the roofline
   */
  public static Roofline of(int threads, double gflops, double gigabytesPerSecond, ModelCost cost) {
    return new Roofline(
        threads,
        gflops,
        gigabytesPerSecond,
        gflops * 1e9 / cost.flopsPerRecord(),
        gigabytesPerSecond * 1e9 / cost.bytesPerRecord());
  }

  /**
   * The bound: the lower roof.
   *
   * @return records/s
   */
  public double recordsPerSecond() {
    return Math.min(computeRecordsPerSecond, memoryRecordsPerSecond);
  }

  /**
   * Which roof binds.
   *
   * @return {@code compute} or {@code memory}
   */
  public String bound() {
    return computeRecordsPerSecond <= memoryRecordsPerSecond ? "compute" : "memory";
  }
}
