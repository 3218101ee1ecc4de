package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class PeakSearchTest {
  private static final long MS = 1_000_000;

  /** A measured phase whose p99 is the given value; everything completed. */
  private static LoadResult resultWithP99(double rate, double p99Ms) {
    LatencySummary s = new LatencySummary(100, p99Ms / 2, p99Ms / 2, p99Ms, p99Ms, p99Ms, p99Ms);
    LatencyBreakdown l = new LatencyBreakdown(s, s, s, s, s, LatencySummary.EMPTY);
    PhaseResult p =
        new PhaseResult(1, 100, 100, 0, 0, rate, rate, 10, 10, l, new GcPauses(0, 0, 0));
    return LoadResult.of(rate, p, p, 1, 0);
  }

  @Test
  void run_serviceThatMeetsTheBoundUpToAKnownRate_bracketsThatRateToTheResolution()
      throws Exception {
    double capacity = 12_345;
    PeakSearchSpec spec =
        PeakSearchSpec.builder()
            .setP99Bound(Duration.ofMillis(10))
            .optStartRate(1000)
            .optRetries(0)
            .build();
    List<Double> tried = new ArrayList<>();

    PeakSearch.Outcome o =
        PeakSearch.run(
            spec,
            rate -> {
              tried.add(rate);
              return resultWithP99(rate, rate <= capacity ? 2 : 50);
            },
            step -> {});

    assertThat(o.peakRate()).isBetween(capacity / 1.05, capacity);
    assertThat(o.lowestFailingRate()).isBetween(capacity, capacity * 1.05);
    assertThat(o.stop()).startsWith("bracketed");
    // Doubling to 16,000 (5 runs), then bisecting 8,000..16,000 to 5% (at most 5 more).
    assertThat(tried).hasSizeLessThanOrEqualTo(10).startsWith(1000.0, 2000.0, 4000.0, 8000.0);
    assertThat(o.steps()).extracting(SearchStep::passed).contains(true, false);
  }

  @Test
  void run_nothingMeetsTheBound_shrinksToTheMinRateAndReportsNoPeak() throws Exception {
    PeakSearchSpec spec =
        PeakSearchSpec.builder()
            .setP99Bound(Duration.ofMillis(1))
            .optStartRate(1000)
            .optMinRate(100)
            .optRetries(0)
            .build();

    PeakSearch.Outcome o = PeakSearch.run(spec, rate -> resultWithP99(rate, 5), step -> {});

    assertThat(o.peakRate()).isNull();
    assertThat(o.steps())
        .extracting(SearchStep::rate)
        .containsExactly(1000.0, 500.0, 250.0, 125.0, 100.0);
    assertThat(o.stop()).contains("min rate");
  }

  @Test
  void run_realRunnerOnAServiceOfKnownCapacity_findsThePeakNearThatCapacity() throws Exception {
    // Each batch costs 2 ms + 0.1 ms per request, at most 8 per batch: capacity 8 / 2.8 ms,
    // 2,857 requests/s. Below it the queue stays short (p99 a few ms); above it the backlog grows
    // through the 1.2 s run and p99 passes 50 ms a few % past capacity.
    double capacity = 8 / 2.8e-3;
    LoadSpec step =
        LoadSpec.builder()
            .setRate(1)
            .setDuration(Duration.ofSeconds(1))
            .optWarmup(Duration.ofMillis(200))
            .optArrivals(ArrivalProcess.FIXED)
            .optMaxBatch(8)
            .optMaxWait(Duration.ZERO)
            .optDrainLimit(Duration.ofSeconds(1))
            .build();
    PeakSearchSpec spec =
        PeakSearchSpec.builder().setP99Bound(Duration.ofMillis(50)).optStartRate(500).build();

    PeakSearch.Outcome o =
        PeakSearch.run(
            spec,
            rate -> {
              VirtualClock clock = new VirtualClock();
              FakeService service = new FakeService(clock, 2 * MS, MS / 10);
              return new OpenLoopRunner<>(step.toBuilder().setRate(rate).build(), service, clock)
                  .run();
            },
            s -> {});

    assertThat(o.peakRate()).isBetween(capacity * 0.9, capacity * 1.1);
    assertThat(o.stop()).startsWith("bracketed");
  }

  @Test
  void run_oneStallBelowThePeak_theRetryPassesAndTheSearchGoesOnToThePeak() throws Exception {
    double capacity = 12_345;
    List<Double> tried = new ArrayList<>();
    PeakSearch.Trial stallOnceAt4000 =
        rate -> {
          tried.add(rate);
          boolean stall = rate == 4000 && tried.stream().filter(r -> r == 4000).count() == 1;
          return resultWithP99(rate, rate <= capacity && !stall ? 2 : 50);
        };

    PeakSearch.Outcome retried =
        PeakSearch.run(
            PeakSearchSpec.builder().setP99Bound(Duration.ofMillis(10)).build(),
            stallOnceAt4000,
            step -> {});

    assertThat(retried.peakRate()).isBetween(capacity / 1.05, capacity);
    assertThat(retried.steps())
        .filteredOn(s -> s.rate() == 4000)
        .extracting(SearchStep::passed)
        .containsExactly(false, true);

    tried.clear();
    PeakSearch.Outcome once =
        PeakSearch.run(
            PeakSearchSpec.builder().setP99Bound(Duration.ofMillis(10)).optRetries(0).build(),
            stallOnceAt4000,
            step -> {});
    assertThat(once.peakRate()).isLessThan(4000);
  }

  @Test
  void build_retriesOutsideZeroToThree_rejectedNamingTheOption() {
    assertThatThrownBy(
            () -> PeakSearchSpec.builder().setP99Bound(Duration.ofMillis(10)).optRetries(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("optRetries");
  }
}
