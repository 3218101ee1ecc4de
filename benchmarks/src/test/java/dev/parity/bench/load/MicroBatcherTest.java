package dev.parity.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// The timeouts only stop a broken clock from hanging the build; nothing here depends on speed.
@Timeout(60)
class MicroBatcherTest {
  private static final long MS = 1_000_000;

  private final VirtualClock clock = new VirtualClock();

  private static LoadRequest request(long sequence, long sentNanos) {
    return new LoadRequest(sequence, sentNanos, sentNanos, true);
  }

  @Test
  void take_loneRequest_leavesExactlyMaxWaitAfterItWasSent() throws Exception {
    MicroBatcher b = new MicroBatcher(8, 2 * MS, 100, clock);
    b.offer(request(0, 0));

    clock.enter(1);
    List<LoadRequest> batch;
    long at;
    try {
      batch = b.take();
      at = clock.nanoTime();
    } finally {
      clock.leave();
    }

    assertThat(batch).extracting(LoadRequest::sequence).containsExactly(0L);
    assertThat(at).isEqualTo(2 * MS);
  }

  @Test
  void take_fullBatchQueued_leavesAtOnceAndTheRestAfterMaxWait() throws Exception {
    MicroBatcher b = new MicroBatcher(8, 2 * MS, 100, clock);
    for (int i = 0; i < 20; i++) {
      b.offer(request(i, 0));
    }

    clock.enter(1);
    try {
      assertThat(b.take()).hasSize(8);
      assertThat(b.take()).hasSize(8);
      assertThat(clock.nanoTime()).isZero();
      List<LoadRequest> rest = b.take();
      assertThat(rest).extracting(LoadRequest::sequence).containsExactly(16L, 17L, 18L, 19L);
      assertThat(clock.nanoTime()).isEqualTo(2 * MS);
    } finally {
      clock.leave();
    }
  }

  @Test
  void offer_fullQueue_refusesWithZero() {
    MicroBatcher b = new MicroBatcher(1, 0, 2, clock);

    assertThat(b.offer(request(0, 0))).isEqualTo(1);
    assertThat(b.offer(request(1, 0))).isEqualTo(2);
    assertThat(b.offer(request(2, 0))).isZero();
    assertThat(b.depth()).isEqualTo(2);
  }

  @Test
  void closeAndDrain_noServer_returnsWhatIsQueuedAtTheDeadlineAndRefusesMore() throws Exception {
    MicroBatcher b = new MicroBatcher(4, MS, 100, clock);
    b.offer(request(0, 0));
    b.offer(request(1, 0));

    clock.enter(1);
    List<LoadRequest> left;
    try {
      left = b.closeAndDrain(5 * MS);
      assertThat(clock.nanoTime()).isEqualTo(5 * MS);
      assertThat(b.take()).isEmpty();
    } finally {
      clock.leave();
    }

    assertThat(left).extracting(LoadRequest::sequence).containsExactly(0L, 1L);
    assertThat(b.offer(request(2, 0))).isEqualTo(-1);
  }
}
