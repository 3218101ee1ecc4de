package dev.parity.bench.load;

/**
 * Where each request's time went, from its intended start to its completion. The four parts add up
 * to the total for every request; their percentiles do not add up.
 *
 * @param total intended start to completion
 * @param queueing intended start to the start of its batch (includes {@code sendLag})
 * @param translation its batch's translation (records to the model's inputs)
 * @param engine its batch's engine call
 * @param output copying its batch's answers out and completing the requests
 * @param sendLag intended start to enqueued: how late the load generator itself was
 */
public record LatencyBreakdown(
    LatencySummary total,
    LatencySummary queueing,
    LatencySummary translation,
    LatencySummary engine,
    LatencySummary output,
    LatencySummary sendLag) {}
