/**
 * Latency under load ({@code parity load}): open-loop arrivals of single records at a target rate,
 * micro-batched as a server would, timed from each request's intended start (no coordinated
 * omission) and recorded in HdrHistogram; and the search for the highest rate whose p99 stays under
 * a bound.
 *
 * <p>The runner ({@link dev.parity.bench.load.OpenLoopRunner}) knows nothing about the model: it
 * drives a {@link dev.parity.bench.load.BatchService}. {@link
 * dev.parity.bench.load.ModelBatchService} is the one class that adapts the purchase model to it.
 */
package dev.parity.bench.load;
