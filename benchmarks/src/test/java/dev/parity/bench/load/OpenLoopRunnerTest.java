package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Every run here is in virtual time (VirtualClock): the figures follow from the schedule and the
// fake service's costs alone. The timeout only stops a broken clock from hanging the build.
@Timeout(120)
class OpenLoopRunnerTest {
  private static final long MS = 1_000_000;

  private final VirtualClock clock = new VirtualClock();

  private static LoadSpec.Builder fixed(double rate, long durationMs) {
    return LoadSpec.builder()
        .setRate(rate)
        .setDuration(Duration.ofMillis(durationMs))
        .optArrivals(ArrivalProcess.FIXED)
        .optWarmup(Duration.ZERO)
        .optMaxWait(Duration.ZERO);
  }

  @Test
  void run_serverStallsOnce_requestsScheduledDuringTheStallCarryItFromTheirIntendedStart()
      throws Exception {
    // One request per ms for 1 s; each batch takes 1 ms, but the one starting at 100 ms stalls
    // for 500 ms. An open loop keeps sending during the stall, so requests k = 101..599 wait
    // about (601 - k) ms: their latencies spread evenly from a few ms to 500 ms.
    FakeService service = new FakeService(clock, MS, 0).stallOnce(100 * MS, 500 * MS);
    LoadSpec spec = fixed(1000, 1000).optMaxBatch(64).build();

    LoadResult r = new OpenLoopRunner<>(spec, service, clock).run();

    PhaseResult m = r.measured();
    assertThat(m.sent()).isEqualTo(1000);
    assertThat(m.completed()).isEqualTo(1000);
    assertThat(r.maxQueueDepth()).isGreaterThanOrEqualTo(495);
    LatencySummary total = m.latency().total();
    // The stalled request itself: 100 ms -> 601 ms.
    assertThat(total.maxMs()).isBetween(500.0, 502.0);
    // 900th of 1000: the 400th shortest of the ~500 stalled requests, k ~ 200, ~401 ms plus the
    // few ms the backlog takes to drain in batches of 64.
    assertThat(total.p90Ms()).isBetween(395.0, 415.0);
    // Half the requests never met the stall.
    assertThat(total.p50Ms()).isBetween(0.9, 12.0);
    // The stall shows as queueing, not as engine time at the high percentiles of other requests.
    assertThat(m.latency().queueing().p90Ms()).isGreaterThan(390.0);
    assertThat(m.latency().sendLag().maxMs()).isZero();
  }

  @Test
  void run_schedulerStallsOnce_lateRequestsCountFromTheirIntendedStartNotFromWhenSent()
      throws Exception {
    // The scheduler thread wakes 300 ms late at 200 ms: requests intended at 200..500 ms all go
    // at 500 ms. The service is instant, so request k (ms) has latency 500 - k exactly.
    clock.stallOnce(200 * MS, 300 * MS);
    FakeService service = new FakeService(clock, 0, 0);
    LoadSpec spec = fixed(1000, 1000).optMaxBatch(1000).build();

    LoadResult r = new OpenLoopRunner<>(spec, service, clock).run();

    PhaseResult m = r.measured();
    assertThat(m.completed()).isEqualTo(1000);
    LatencySummary total = m.latency().total();
    assertThat(total.maxMs()).isBetween(299.0, 301.0);
    // 700 requests at 0 ms, then 1..300 ms: the 900th is 200 ms.
    assertThat(total.p90Ms()).isBetween(199.0, 201.0);
    // Measured from when each was sent, every latency would be 0.
    assertThat(m.latency().sendLag().maxMs()).isBetween(299.0, 301.0);
    assertThat(r.notes()).anyMatch(n -> n.contains("load generator sent requests late"));
  }

  @Test
  void run_poissonWithTwoServers_everyRequestCompletesOnceAndBatchesStayWithinMaxBatch()
      throws Exception {
    FakeService service = new FakeService(clock, MS / 2, 20_000);
    LoadSpec spec =
        LoadSpec.builder()
            .setRate(5000)
            .setDuration(Duration.ofMillis(400))
            .optWarmup(Duration.ofMillis(100))
            .optMaxBatch(16)
            .optMaxWait(Duration.ofMillis(1))
            .optServerThreads(2)
            .optSeed(3)
            .build();

    LoadResult r = new OpenLoopRunner<>(spec, service, clock).run();

    long sent = r.warmup().sent() + r.measured().sent();
    assertThat(service.batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 16));
    assertThat(service.servedTwice).isEmpty();
    assertThat(service.served).hasSize((int) sent);
    assertThat(r.warmup().completed() + r.measured().completed()).isEqualTo(sent);
    assertThat(r.measured().batches() + r.warmup().batches()).isEqualTo(service.batchSizes.size());
    // About 500 warm-up and 2,000 measured requests at 5,000/s (Poisson).
    assertThat(r.warmup().sent()).isBetween(400L, 600L);
    assertThat(r.measured().sent()).isBetween(1800L, 2200L);
    assertThat(r.keptUp()).isTrue();
  }

  @Test
  void run_overloaded_dropsAndAbandonsOnTimeAndSaysSo() throws Exception {
    // Capacity 1,000/s (1 ms per request, one at a time) against 2,000/s offered.
    FakeService service = new FakeService(clock, 0, MS);
    LoadSpec spec =
        fixed(2000, 1000)
            .optMaxBatch(1)
            .optMaxQueue(100)
            .optDrainLimit(Duration.ofMillis(50))
            .build();

    LoadResult r = new OpenLoopRunner<>(spec, service, clock).run();

    PhaseResult m = r.measured();
    assertThat(m.dropped()).isGreaterThan(0);
    assertThat(m.unfinished()).isGreaterThan(0);
    assertThat(m.completed() + m.dropped() + m.unfinished()).isEqualTo(m.sent());
    assertThat(r.keptUp()).isFalse();
    assertThat(r.notes()).anyMatch(n -> n.contains("dropped"));
    assertThat(r.notes()).anyMatch(n -> n.contains("abandoned"));
    // It ended at the drain limit: 1 s of schedule plus 50 ms.
    assertThat(clock.nanoTime()).isBetween(1000 * MS, 1052 * MS);
  }

  @Test
  void run_serviceFails_stopsAndThrowsWithTheCause() {
    FakeService service = new FakeService(clock, MS, 0).failOnBatch(3);
    LoadSpec spec = fixed(1000, 1000).build();

    assertThatThrownBy(() -> new OpenLoopRunner<>(spec, service, clock).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine fell over on batch 3")
        .hasRootCauseInstanceOf(java.io.IOException.class);
  }
}
