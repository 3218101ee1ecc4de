package dev.parity.bench.load;

/**
 * What happened to the requests intended in one phase (the warm-up or the measured phase).
 *
 * @param seconds the phase's length
 * @param sent requests the schedule produced in it
 * @param completed of those, requests that completed
 * @param dropped of those, requests refused because the queue was full
 * @param unfinished of those, requests still queued when the drain limit ran out
 * @param offeredPerSecond {@code sent / seconds}
 * @param achievedPerSecond {@code completed} over the time from the phase's start to its last
 *     completion (at least the phase's length): below the offered rate when the server falls behind
 * @param batches batches whose first request belongs to the phase
 * @param meanBatchSize requests per such batch
 * @param latency the completed requests' latency, by component
 * @param gcPauses collector pauses that began during the phase
 */
public record PhaseResult(
    double seconds,
    long sent,
    long completed,
    long dropped,
    long unfinished,
    double offeredPerSecond,
    double achievedPerSecond,
    long batches,
    double meanBatchSize,
    LatencyBreakdown latency,
    GcPauses gcPauses) {}
