package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of a load run for tests: spends virtual time per batch ({@code fixed + perRequest
 * * size}, or a stall for one batch), records every batch and answers each request with its own
 * sequence number so that mix-ups show.
 */
final class FakeService implements BatchService<List<LoadRequest>, float[]> {
  private final VirtualClock clock;
  private final long fixedNanos;
  private final long perRequestNanos;
  private long stallFrom = Long.MAX_VALUE;
  private long stallNanos;
  private int failOnBatch = -1;
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  final Set<Long> served = ConcurrentHashMap.newKeySet();
  final List<Long> servedTwice = Collections.synchronizedList(new ArrayList<>());

  FakeService(VirtualClock clock, long fixedNanos, long perRequestNanos) {
    this.clock = clock;
    this.fixedNanos = fixedNanos;
    this.perRequestNanos = perRequestNanos;
  }

  /** The first batch whose engine call starts at or after {@code from} takes {@code nanos}. */
  FakeService stallOnce(long from, long nanos) {
    this.stallFrom = from;
    this.stallNanos = nanos;
    return this;
  }

  /** The engine call of batch number {@code n} (from 0) throws. */
  FakeService failOnBatch(int n) {
    this.failOnBatch = n;
    return this;
  }

  @Override
  public List<LoadRequest> translate(List<LoadRequest> batch) {
    return batch;
  }

  @Override
  public float[] infer(List<LoadRequest> batch) throws Exception {
    int n;
    synchronized (batchSizes) {
      n = batchSizes.size();
      batchSizes.add(batch.size());
    }
    if (n == failOnBatch) {
      throw new java.io.IOException("engine fell over on batch " + n);
    }
    long now = clock.nanoTime();
    long cost = fixedNanos + perRequestNanos * batch.size();
    synchronized (this) {
      if (now >= stallFrom) {
        cost = stallNanos;
        stallFrom = Long.MAX_VALUE;
      }
    }
    if (cost > 0) {
      clock.sleepUntil(now + cost);
    }
    float[] out = new float[batch.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = batch.get(i).sequence();
    }
    return out;
  }

  @Override
  public void deliver(float[] outputs, List<LoadRequest> batch) {
    for (int i = 0; i < batch.size(); i++) {
      LoadRequest r = batch.get(i);
      r.setResult(outputs[i]);
      if (!served.add(r.sequence())) {
        servedTwice.add(r.sequence());
      }
    }
  }
}
