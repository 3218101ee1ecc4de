package dev.parity.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts floating-point operations and bytes next to JMH's count of calls, so {@link
 * LimitBenchmark} reports FLOP/s ({@code :flops}) and bytes/s ({@code :bytes}) directly.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class LimitCounter {

  /** Floating-point operations done in this iteration. */
  public double flops;

  /** Bytes read in this iteration. */
  public double bytes;

  /** Starts each iteration from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    flops = 0;
    bytes = 0;
  }
}
