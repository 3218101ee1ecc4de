package dev.parity.bench.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's request queue, batched the way an online server batches: a server thread takes up to
 * {@code maxBatch} requests at once, and waits for more at most {@code maxWait} after the oldest
 * queued request was enqueued. A full batch, an expired wait, or the end of the schedule ({@link
 * #closeAndDrain}) hands the waiting requests over at once.
 *
 * <p>The queue is bounded: a request offered to a full queue is refused, and the runner counts it
 * as dropped instead of letting an overloaded run grow without limit.
 */
public final class MicroBatcher {
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int capacity;
  private final LoadClock clock;
  private final LoadClock.Monitor monitor;
  private final ArrayDeque<LoadRequest> queue = new ArrayDeque<>();
  private boolean closed;

  /**
   * Creates an empty batcher.
   *
   * @param maxBatch the most requests per batch, at least 1
   * @param maxWaitNanos how long the oldest request may wait for others, 0 or more
   * @param capacity the most requests queued at once, at least {@code maxBatch}
   * @param clock the clock its waits run on
   * @throws IllegalArgumentException if a limit is out of range
   */
  public MicroBatcher(int maxBatch, long maxWaitNanos, int capacity, LoadClock clock) {
    if (maxBatch < 1 || maxWaitNanos < 0 || capacity < maxBatch) {
      throw new IllegalArgumentException(
          "need max batch >= 1, max wait >= 0 and capacity >= max batch; found "
              + maxBatch
              + ", "
              + maxWaitNanos
              + " ns, "
              + capacity);
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.capacity = capacity;
    this.clock = clock;
    this.monitor = clock.newMonitor();
  }

  /**
   * Enqueues a request.
   *
   * @param request the request
   * @return the queue's depth with it, or 0 if the queue was full (the request is not queued), or
   *     -1 if the batcher is closed
   */
  public int offer(LoadRequest request) {
    monitor.lock();
    try {
      if (closed) {
        return -1;
      }
      if (queue.size() >= capacity) {
        return 0;
      }
      queue.addLast(request);
      int depth = queue.size();
      // A first request starts a server's max-wait timer; a full batch is ready now. In between,
      // the waiting server already has its deadline.
      if (depth == 1 || depth == maxBatch) {
        monitor.signalAll();
      }
      return depth;
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Takes the next batch, waiting until one is ready: {@code maxBatch} requests are queued, the
   * oldest has waited {@code maxWait}, or the batcher is closed.
   *
   * @return up to {@code maxBatch} requests in arrival order; empty once the batcher is closed and
   *     empty
   * @throws InterruptedException if interrupted while waiting
   */
  public List<LoadRequest> take() throws InterruptedException {
    monitor.lock();
    try {
      while (true) {
        LoadRequest oldest = queue.peekFirst();
        if (oldest == null) {
          if (closed) {
            return List.of();
          }
          monitor.awaitUntil(Long.MAX_VALUE);
          continue;
        }
        long due = saturatedAdd(oldest.sentNanos(), maxWaitNanos);
        if (closed || queue.size() >= maxBatch || clock.nanoTime() >= due) {
          int n = Math.min(maxBatch, queue.size());
          List<LoadRequest> batch = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            batch.add(queue.pollFirst());
          }
          // Other idle servers may take what is left; a drain waits for the queue to empty.
          monitor.signalAll();
          return batch;
        }
        monitor.awaitUntil(due);
      }
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Returns how many requests are queued.
   *
   * @return the depth
   */
  public int depth() {
    monitor.lock();
    try {
      return queue.size();
    } finally {
      monitor.unlock();
    }
  }

  /**
   * Closes the queue to new requests, lets the servers take what is queued (without waiting for
   * {@code maxWait}) until the deadline, then removes whatever is still queued.
   *
   * @param deadline a clock time
   * @return the requests still queued at the deadline, which no server will take
   * @throws InterruptedException if interrupted while waiting
   */
  public List<LoadRequest> closeAndDrain(long deadline) throws InterruptedException {
    monitor.lock();
    try {
      closed = true;
      monitor.signalAll();
      while (!queue.isEmpty() && clock.nanoTime() < deadline) {
        monitor.awaitUntil(deadline);
      }
      List<LoadRequest> left = new ArrayList<>(queue);
      queue.clear();
      monitor.signalAll();
      return left;
    } finally {
      monitor.unlock();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
