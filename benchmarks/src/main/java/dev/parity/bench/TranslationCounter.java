package dev.parity.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link TranslationBenchmark}'s counters: records (secondary result {@code :records}) and where
 * the time went, as nanoseconds spent per second of the iteration ({@code :encodeNanos}: normalise,
 * look up, pad; {@code :tensorNanos}: bound check, tensors in, free them). Divided by the records
 * rate they give each part's cost per record.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TranslationCounter {

  /** Records translated in this iteration. */
  public long records;

  /** Nanoseconds spent encoding records into ids in this iteration. */
  public long encodeNanos;

  /** Nanoseconds spent checking ids and making (and freeing) the tensors in this iteration. */
  public long tensorNanos;

  /** Starts each iteration from zero. */
  @Setup(Level.Iteration)
  public void reset() {
    records = 0;
    encodeNanos = 0;
    tensorNanos = 0;
  }
}
