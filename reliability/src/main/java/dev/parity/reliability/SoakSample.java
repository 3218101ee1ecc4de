package dev.parity.reliability;

/**
 * One memory sample of a soak.
 *
 * @param done predictions (or cycles) done when it was taken
 * @param seconds since the measured run started
 * @param rssBytes {@code VmRSS}
 * @param hwmBytes {@code VmHWM}
 * @param heapUsedBytes heap in use (after a full collection at the steady and final samples)
 * @param heapCommittedBytes heap committed
 */
public record SoakSample(
    long done,
    double seconds,
    long rssBytes,
    long hwmBytes,
    long heapUsedBytes,
    long heapCommittedBytes) {

  /**
   * Takes a sample from a reading.
   *
   * @param done predictions (or cycles) done
   * @param seconds since the measured run started
   * @param memory the reading
   * @return the sample
   */
  public static SoakSample of(long done, double seconds, ProcessMemory memory) {
    return new SoakSample(
        done,
        seconds,
        memory.rssBytes(),
        memory.hwmBytes(),
        memory.heapUsedBytes(),
        memory.heapCommittedBytes());
  }
}
