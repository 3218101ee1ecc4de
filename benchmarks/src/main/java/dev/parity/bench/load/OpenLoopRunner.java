package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one open-loop load test: a scheduler thread sends requests at their intended start times
 * (fixed or Poisson, see {@link ArrivalSchedule}) whatever the server is doing, and server threads
 * take micro-batches from a {@link MicroBatcher} and put each through a {@link BatchService}.
 *
 * <p>Every request's latency counts from its intended start, not from when it was sent or taken: if
 * the server stalls, every request scheduled during the stall is late by what is left of it; if the
 * scheduler itself is late (a pause of its thread), the requests it sends late carry that too. This
 * is what a closed loop (JMH's) cannot show: it stops sending while the server is stalled, so the
 * stall appears as one slow call (coordinated omission).
 *
 * <p>The run lasts the warm-up plus the measured duration of intended starts. Requests intended in
 * the warm-up are recorded apart. When the schedule ends the servers empty the queue, for at most
 * the spec's drain limit; what is still queued then is counted as unfinished, and requests refused
 * by a full queue as dropped, so an overloaded run ends on time and says so.
 *
 * @param <I> the service's batch inputs
 * @param <O> the service's batch outputs
 */
public final class OpenLoopRunner<I, O> {
  private final LoadSpec spec;
  private final BatchService<I, O> service;
  private final LoadClock clock;

  /**
   * Prepares a run.
   *
   * @param spec rate, arrivals, phases, batching
   * @param service what serves each batch
   * @param clock real time ({@link LoadClock#system()}) or a test's virtual time
   */
  public OpenLoopRunner(LoadSpec spec, BatchService<I, O> service, LoadClock clock) {
    this.spec = spec;
    this.service = service;
    this.clock = clock;
  }

  /**
   * Runs the test and returns its figures; blocks for the warm-up, the duration and the drain.
   *
   * @return the result
   * @throws InterruptedException if interrupted; the threads are stopped
   * @throws IllegalStateException if the service failed on a batch (its exception is the cause)
   */
  public LoadResult run() throws InterruptedException {
    MicroBatcher batcher =
        new MicroBatcher(spec.maxBatch(), spec.maxWait().toNanos(), spec.maxQueue(), clock);
    Scheduler scheduler = new Scheduler(batcher);
    List<Server> servers = new ArrayList<>();
    for (int i = 0; i < spec.serverThreads(); i++) {
      servers.add(new Server(batcher));
    }
    List<Thread> threads = new ArrayList<>();
    try (GcWatch gc = new GcWatch()) {
      scheduler.startNanos = clock.nanoTime();
      scheduler.startMillis = System.currentTimeMillis();
      clock.enter(servers.size() + 1);
      threads.add(start("load-scheduler", scheduler));
      for (int i = 0; i < servers.size(); i++) {
        threads.add(start("load-server-" + i, servers.get(i)));
      }
      try {
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        for (Thread t : threads) {
          t.interrupt();
        }
        throw e;
      }
      long endMillis = System.currentTimeMillis();
      for (Server s : servers) {
        if (s.failure != null) {
          throw new IllegalStateException(
              "the server failed on a batch: " + s.failure.getMessage(), s.failure);
        }
      }
      if (scheduler.failure != null) {
        throw new IllegalStateException(
            "the load generator failed: " + scheduler.failure, scheduler.failure);
      }
      return result(scheduler, servers, gc, endMillis);
    }
  }

  private Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private LoadResult result(Scheduler scheduler, List<Server> servers, GcWatch gc, long endMillis) {
    LatencyRecorder warm = new LatencyRecorder();
    LatencyRecorder measured = new LatencyRecorder();
    for (Server s : servers) {
      warm.add(s.warm);
      measured.add(s.measured);
    }
    long warmNanos = spec.warmup().toNanos();
    long measureStart = scheduler.startNanos + warmNanos;
    long measureStartMillis =
        scheduler.measuredStartMillis != 0 ? scheduler.measuredStartMillis : endMillis;
    PhaseResult warmup =
        phase(
            warm,
            warmNanos,
            scheduler.startNanos,
            scheduler.sent[0],
            scheduler.dropped[0],
            scheduler.unfinished[0],
            gc.between(scheduler.startMillis, measureStartMillis));
    PhaseResult measuredPhase =
        phase(
            measured,
            spec.duration().toNanos(),
            measureStart,
            scheduler.sent[1],
            scheduler.dropped[1],
            scheduler.unfinished[1],
            gc.between(measureStartMillis, endMillis + 1));
    return LoadResult.of(
        spec.rate(), warmup, measuredPhase, scheduler.maxDepth, scheduler.depthAtEnd);
  }

  private static PhaseResult phase(
      LatencyRecorder r,
      long lengthNanos,
      long startNanos,
      long sent,
      long dropped,
      long unfinished,
      GcPauses gc) {
    double seconds = lengthNanos / 1e9;
    double span =
        r.completed == 0 ? seconds : Math.max(seconds, (r.lastCompletionNanos - startNanos) / 1e9);
    return new PhaseResult(
        seconds,
        sent,
        r.completed,
        dropped,
        unfinished,
        seconds > 0 ? sent / seconds : 0,
        span > 0 ? r.completed / span : 0,
        r.batches,
        r.batches == 0 ? 0 : r.batchedRequests / (double) r.batches,
        r.breakdown(),
        gc);
  }

  /** Sends every request at (or, when late, right after) its intended start. */
  private final class Scheduler implements Runnable {
    private final MicroBatcher batcher;
    volatile long startNanos;
    volatile long startMillis;
    // Index 0: warm-up, 1: measured. Read after join.
    final long[] sent = new long[2];
    final long[] dropped = new long[2];
    final long[] unfinished = new long[2];
    long measuredStartMillis;
    long maxDepth;
    long depthAtEnd;
    Throwable failure;

    Scheduler(MicroBatcher batcher) {
      this.batcher = batcher;
    }

    @Override
    public void run() {
      try {
        send();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure = e;
        drainQuietly();
      } finally {
        clock.leave();
      }
    }

    private void send() throws InterruptedException {
      ArrivalSchedule schedule = ArrivalSchedule.of(spec.arrivals(), spec.rate(), spec.seed());
      long warmEnd = startNanos + spec.warmup().toNanos();
      long end = warmEnd + spec.duration().toNanos();
      long sequence = 0;
      long intended = startNanos + schedule.next();
      boolean open = true;
      while (open && intended < end) {
        clock.sleepUntil(intended);
        long now = clock.nanoTime();
        // Everything due by now goes at once: a late scheduler catches up, never skips.
        while (intended < end && intended <= now) {
          int phase = intended >= warmEnd ? 1 : 0;
          if (phase == 1 && measuredStartMillis == 0) {
            measuredStartMillis = System.currentTimeMillis();
          }
          int depth = batcher.offer(new LoadRequest(sequence++, intended, now, phase == 1));
          if (depth < 0) {
            open = false; // a server failed and closed the queue
            break;
          }
          sent[phase]++;
          if (depth == 0) {
            dropped[phase]++;
          } else if (phase == 1) {
            maxDepth = Math.max(maxDepth, depth);
          }
          intended = startNanos + schedule.next();
        }
      }
      depthAtEnd = batcher.depth();
      long deadline = Math.max(end, clock.nanoTime()) + spec.drainLimit().toNanos();
      for (LoadRequest r : batcher.closeAndDrain(deadline)) {
        unfinished[r.measured() ? 1 : 0]++;
      }
    }

    private void drainQuietly() {
      try {
        batcher.closeAndDrain(clock.nanoTime());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Takes batches and serves them until the queue is closed and empty. */
  private final class Server implements Runnable {
    private final MicroBatcher batcher;
    final LatencyRecorder warm = new LatencyRecorder();
    final LatencyRecorder measured = new LatencyRecorder();
    Exception failure;

    Server(MicroBatcher batcher) {
      this.batcher = batcher;
    }

    @Override
    public void run() {
      try {
        for (List<LoadRequest> batch; !(batch = batcher.take()).isEmpty(); ) {
          serve(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failure = e;
        try {
          // Stop the scheduler and the other servers: the run is over.
          batcher.closeAndDrain(clock.nanoTime());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      } finally {
        clock.leave();
      }
    }

    private void serve(List<LoadRequest> batch) throws Exception {
      long start = clock.nanoTime();
      I inputs = service.translate(batch);
      long translated = clock.nanoTime();
      O outputs = service.infer(inputs);
      long inferred = clock.nanoTime();
      service.deliver(outputs, batch);
      for (LoadRequest r : batch) {
        r.complete();
      }
      long done = clock.nanoTime();
      (batch.get(0).measured() ? measured : warm).batch(batch.size());
      for (LoadRequest r : batch) {
        (r.measured() ? measured : warm).record(r, start, translated, inferred, done);
      }
    }
  }
}
