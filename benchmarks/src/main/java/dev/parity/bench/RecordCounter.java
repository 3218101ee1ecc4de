package dev.parity.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts records next to JMH's own count of calls, so a throughput run reports both batches/s (the
 * primary score) and records/s (the secondary result {@code :records}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class RecordCounter {

  /** Records processed in this iteration; JMH divides it by the iteration's time. */
  public long records;

  /** Starts each iteration from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    records = 0;
  }
}
