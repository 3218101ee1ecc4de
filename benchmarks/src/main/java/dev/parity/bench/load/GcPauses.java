package dev.parity.bench.load;

/**
 * The JVM's garbage-collection pauses that began in a phase (from the collectors' notifications;
 * concurrent cycles are not pauses and are left out).
 *
 * @param count pauses
 * @param totalMs their summed length
 * @param maxMs the longest
 */
public record GcPauses(long count, double totalMs, double maxMs) {}
