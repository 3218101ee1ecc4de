package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  private static final List<String> ENGINES =
      List.of("pytorch", "onnxruntime", "tensorflow", "mxnet");

  @Test
  void quick_fourEnginesOnCpu_engineOnlyAtTheFullPathBatchesAndTranslationPerEngine() {
    Map<String, Integer> forks =
        Sweep.forks(SweepPlan.quick(ENGINES, List.of("cpu")), List.of("cpu"));

    assertThat(forks)
        .containsExactly(
            Map.entry("full-path", 12),
            Map.entry("full-path-mxnet-omp1", 2),
            Map.entry("full-path-mxnet-omp2", 2),
            Map.entry("full-path-2-callers", 3),
            Map.entry("full-path-2-callers-mxnet-omp1", 1),
            Map.entry("engine-only", 6),
            Map.entry("engine-only-mxnet-omp2", 2),
            Map.entry("translation", 8),
            Map.entry("limit", 4));
    assertThat(forks.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
    SweepPlan quick = SweepPlan.quick(ENGINES, List.of("cpu"));
    assertThat(quick.translationBatches()).isEqualTo(quick.batches());
    // Every full-path batch has an engine-only run at two threads to be held against.
    assertThat(quick.engineOnlyBatches()).isEqualTo(quick.batches());
    assertThat(quick.engineOnlyThreads()).containsExactly(2);
  }

  @Test
  void full_translationAtEveryFullPathBatchForEveryEngine() {
    SweepPlan full = SweepPlan.full(ENGINES, List.of("cpu"));

    assertThat(full.translationBatches()).isEqualTo(full.batches());
    assertThat(Sweep.forks(full, List.of("cpu")))
        .containsEntry("translation", 4 * full.batches().size())
        .containsEntry("full-path-2-callers", 3 * full.callerBatches().size());
  }
}
