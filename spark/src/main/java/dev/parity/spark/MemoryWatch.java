package dev.parity.spark;

import dev.parity.reliability.GrowthRule;
import dev.parity.reliability.ProcessMemory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples this JVM's memory while a job runs (in local mode the executors live here too) and
 * reports native growth: resident memory outside the committed heap, from 5% of the run's wall time
 * ({@link GrowthRule#STEADY_FRACTION}) to its end. It reports, it does not judge: the soak judges
 * its passes by the {@link GrowthRule} itself. Run with {@code -Xms} = {@code -Xmx} and {@code
 * -XX:+AlwaysPreTouch} so the heap's share of the RSS is constant and what grows is native memory.
 */
final class MemoryWatch implements AutoCloseable {
  private final Path log;
  private final List<double[]> samples = new ArrayList<>();
  private final Thread sampler;
  private final long start = System.nanoTime();
  private volatile boolean running = true;

  MemoryWatch(Path log, long intervalMillis) {
    this.log = log;
    this.sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "parity-memory-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private synchronized void sample() {
    ProcessMemory m = ProcessMemory.now();
    samples.add(
        new double[] {
          (System.nanoTime() - start) / 1e9,
          m.rssBytes(),
          m.heapCommittedBytes(),
          m.rssOutsideHeapBytes()
        });
  }

  /**
   * Stops sampling, writes the samples as CSV and returns the summary line.
   *
   * @return steady and final native RSS and the growth between them
   */
  String summary() throws IOException {
    running = false;
    sampler.interrupt();
    sample();
    List<double[]> copy;
    synchronized (this) {
      copy = List.copyOf(samples);
    }
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
      out.println("seconds,rss_bytes,heap_committed_bytes,rss_outside_heap_bytes");
      for (double[] s : copy) {
        out.printf(Locale.ROOT, "%.2f,%.0f,%.0f,%.0f%n", s[0], s[1], s[2], s[3]);
      }
    }
    double end = copy.get(copy.size() - 1)[0];
    double[] steady = copy.get(0);
    for (double[] s : copy) {
      if (s[0] >= GrowthRule.STEADY_FRACTION * end) {
        steady = s;
        break;
      }
    }
    double[] last = copy.get(copy.size() - 1);
    double growth = last[3] - steady[3];
    return String.format(
        Locale.ROOT,
        "memory: RSS outside the heap %.1f MiB after 5%% of the run, %.1f MiB at the end: growth"
            + " %.1f MiB (%.2f%%); total RSS %.1f -> %.1f MiB; %d samples in %s",
        steady[3] / 1048576,
        last[3] / 1048576,
        growth / 1048576,
        100 * growth / steady[3],
        steady[1] / 1048576,
        last[1] / 1048576,
        copy.size(),
        log);
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
