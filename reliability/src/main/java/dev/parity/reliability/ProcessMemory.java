package dev.parity.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One reading of this process's memory: resident set size and its peak from {@code
 * /proc/self/status}, and the JVM heap as the JVM reports it. The soaks also settle memory through
 * here before a reading that defines their figure ({@link #quiesce}, {@link #mallocTrim}).
 *
 * @param rssBytes {@code VmRSS}: resident memory now, native and heap together
 * @param hwmBytes {@code VmHWM}: the peak resident memory so far
 * @param heapUsedBytes JVM heap in use (live and not yet collected objects)
 * @param heapCommittedBytes JVM heap reserved from the operating system
 */
public record ProcessMemory(
    long rssBytes, long hwmBytes, long heapUsedBytes, long heapCommittedBytes) {

  private static final Path STATUS = Path.of("/proc/self/status");

  /**
   * Reads the process's memory now.
   *
   * @return the reading
   * @throws IllegalStateException if {@code /proc/self/status} cannot be read (not Linux)
   */
  public static ProcessMemory now() {
    List<String> lines;
    try {
      lines = Files.readAllLines(STATUS);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read " + STATUS + " (process memory is measured on Linux only): " + e, e);
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new ProcessMemory(
        kibibytes(lines, "VmRSS:") * 1024,
        kibibytes(lines, "VmHWM:") * 1024,
        heap.getUsed(),
        heap.getCommitted());
  }

  /**
   * Parses a {@code Key: 1234 kB} line of {@code /proc/PID/status}.
   *
   * @param lines the file's lines
   * @param key e.g. {@code VmRSS:}
   * @return the value in kB
   * @throws IllegalStateException if the key is missing or malformed
   */
  public static long kibibytes(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        try {
          return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          throw new IllegalStateException("malformed " + STATUS + " line: " + line, e);
        }
      }
    }
    throw new IllegalStateException(STATUS + " has no " + key + " line");
  }

  /**
   * Collects garbage and lets the cleaners free what it held: the engines copy tensors through
   * direct buffers, whose native memory goes back only when a cleaner runs after a collection. The
   * samples that define a soak's figure are taken after this, so that neither catches a different
   * backlog of dead buffers.
   *
   * @throws InterruptedException if interrupted while the cleaners run
   */
  public static void quiesce() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  /**
   * Asks glibc to hand free memory back to the system. Memory freed by native code (engines,
   * Parquet's codecs, direct buffers) stays in glibc's per-thread arenas and so in the RSS; what
   * remains after a trim is memory the process still uses. JNA comes with DJL.
   *
   * @return whether the call was made (false off glibc)
   */
  public static boolean mallocTrim() {
    try {
      com.sun.jna.NativeLibrary.getInstance("c")
          .getFunction("malloc_trim")
          .invokeInt(new Object[] {0});
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false;
    }
  }

  /**
   * Returns resident memory outside the committed JVM heap: native allocations, metaspace, code,
   * thread stacks. With a fixed, pre-touched heap ({@code -Xms = -Xmx}, {@code
   * -XX:+AlwaysPreTouch}) the heap's part of the RSS is constant, so growth here is native growth.
   *
   * @return {@code rss - heapCommitted}, in bytes
   */
  public long rssOutsideHeapBytes() {
    return rssBytes - heapCommittedBytes;
  }
}
