package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.engine.EngineName;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One model, eight caller threads (4 x the 2 cores here), every engine: the same scores as one
 * thread, no deadlock (every future has a deadline), and a close() in the middle of the traffic
 * fails the calls after it cleanly. Extends ModelPredictorTest's PyTorch/ONNX Runtime check.
 */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int SLICE = 512;
  private static final int SLICES = 16;
  private static final int ROUNDS = 2;
  private static final long DEADLINE_S = 120;

  private static List<List<RawRecord>> slices() throws Exception {
    List<RawRecord> records = ReliabilityData.records(SLICE * SLICES);
    List<List<RawRecord>> out = new ArrayList<>();
    for (int s = 0; s < SLICES; s++) {
      out.add(records.subList(s * SLICE, (s + 1) * SLICE));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_eightThreadsRotatingOverSlices_identicalToSingleThreadedForEveryRecord(
      EngineName engine) throws Exception {
    List<List<RawRecord>> slices = slices();
    try (ModelPredictor p = ReliabilityData.open(engine, SLICE)) {
      List<float[]> single = new ArrayList<>();
      for (List<RawRecord> s : slices) {
        single.add(ReliabilityData.probability(p, s));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Integer>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          work.add(
              pool.submit(
                  () -> {
                    int checked = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                      // Each thread walks all slices from its own offset: every slice is in
                      // flight on several threads at once.
                      for (int i = 0; i < SLICES; i += 2) {
                        int s = (thread + i + round) % SLICES;
                        float[] got = ReliabilityData.probability(p, slices.get(s));
                        assertThat(got)
                            .as("%s slice %d on thread %d", engine, s, thread)
                            .containsExactly(single.get(s));
                        checked += got.length;
                      }
                    }
                    return checked;
                  }));
        }
        long total = 0;
        for (Future<Integer> f : work) {
          total += f.get(DEADLINE_S, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo((long) THREADS * ROUNDS * (SLICES / 2) * SLICE);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void close_whilePredictionsInFlight_everyCallReturnsRightScoresOrIllegalState(EngineName engine)
      throws Exception {
    List<List<RawRecord>> slices = slices();
    ModelPredictor p = ReliabilityData.open(engine, SLICE);
    List<float[]> single = new ArrayList<>();
    for (List<RawRecord> s : slices) {
      single.add(ReliabilityData.probability(p, s));
    }
    AtomicInteger succeeded = new AtomicInteger();
    CountDownLatch busy = new CountDownLatch(2 * THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      List<Future<String>> callers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        callers.add(
            pool.submit(
                () -> {
                  // Predicts until the model is closed under it; the outcome of the last call.
                  for (int i = 0; i < 100_000; i++) {
                    int s = (thread + i) % SLICES;
                    float[] got;
                    try {
                      got = ReliabilityData.probability(p, slices.get(s));
                    } catch (IllegalStateException closed) {
                      return "closed: " + closed.getMessage();
                    }
                    assertThat(got).as("%s slice %d", engine, s).containsExactly(single.get(s));
                    succeeded.incrementAndGet();
                    busy.countDown();
                  }
                  return "never closed";
                }));
      }
      assertThat(busy.await(DEADLINE_S, TimeUnit.SECONDS)).as("calls started").isTrue();
      Future<?> closing = pool.submit(p::close);
      closing.get(DEADLINE_S, TimeUnit.SECONDS);
      int atClose = succeeded.get();
      for (Future<String> f : callers) {
        try {
          assertThat(f.get(DEADLINE_S, TimeUnit.SECONDS)).isEqualTo("closed: predictor is closed");
        } catch (ExecutionException e) {
          throw new AssertionError(engine + ": a caller failed other than cleanly", e.getCause());
        }
      }
      assertThat(atClose).isGreaterThanOrEqualTo(2 * THREADS);
      // Calls in flight at close() finished with right scores; none started after it.
      assertThat(succeeded.get()).isLessThanOrEqualTo(atClose + THREADS);
    } finally {
      pool.shutdownNow();
      p.close();
    }
  }
}
