package dev.parity.bench;

import java.util.List;

/**
 * What a sweep measures and for how long. Every parameter combination runs in its own JMH fork
 * (PyTorch and MXNet read thread settings once per process).
 *
 * @param quick whether this is the quick plan
 * @param engines engines to run
 * @param batches full-path batch sizes
 * @param threads intra-op thread counts (MXNet: OMP_NUM_THREADS), also the roofline's threads
 * @param callerThreads caller thread counts above 1, run with intra-op 1 at {@code callerBatches}
 * @param callerBatches batch sizes for the multi-caller runs
 * @param engineOnlyBatches engine-only batch sizes
 * @param engineOnlyThreads engine-only intra-op thread counts
 * @param translationBatches translation batch sizes (each engine's)
 * @param devices devices asked for, e.g. {@code cpu}, {@code gpu:0}
 * @param warmupIterations JMH warm-up iterations
 * @param warmupSeconds seconds per warm-up iteration
 * @param measurementIterations JMH measurement iterations
 * @param measurementSeconds seconds per measurement iteration
 * @param pythonSeconds seconds per Python baseline setting
 */
public record SweepPlan(
    boolean quick,
    List<String> engines,
    List<Integer> batches,
    List<Integer> threads,
    List<Integer> callerThreads,
    List<Integer> callerBatches,
    List<Integer> engineOnlyBatches,
    List<Integer> engineOnlyThreads,
    List<Integer> translationBatches,
    List<String> devices,
    int warmupIterations,
    int warmupSeconds,
    int measurementIterations,
    int measurementSeconds,
    double pythonSeconds) {

  /** Copies the lists. */
  public SweepPlan {
    engines = List.copyOf(engines);
    batches = List.copyOf(batches);
    threads = List.copyOf(threads);
    callerThreads = List.copyOf(callerThreads);
    callerBatches = List.copyOf(callerBatches);
    engineOnlyBatches = List.copyOf(engineOnlyBatches);
    engineOnlyThreads = List.copyOf(engineOnlyThreads);
    translationBatches = List.copyOf(translationBatches);
    devices = List.copyOf(devices);
  }

  /**
   * The quick plan, about 40 forks (several minutes for four engines): full path at batches 1024
   * and 4096 with intra-op threads 1 and 2, one caller, pipelined; two callers with one thread each
   * at 4096; engine only at the full path's batches with two threads (what a pipelined full path's
   * two cores are held against); translation at the full path's batches; the limits at 1 and 2
   * threads; one 1 s warm-up and two 1 s measurements per fork.
   *
   * @param engines the engines
   * @param devices the devices
   * @return the plan
   */
  public static SweepPlan quick(List<String> engines, List<String> devices) {
    return new SweepPlan(
        true,
        engines,
        List.of(1024, 4096),
        List.of(1, 2),
        List.of(2),
        List.of(4096),
        List.of(1024, 4096),
        List.of(2),
        List.of(1024, 4096),
        devices,
        1,
        1,
        2,
        1,
        1.0);
  }

  /**
   * The full plan: batches 1 to 8192, threads 1 and 2, two callers from batch 256, engine only from
   * 1024 (threads 1 and 2), translation at every batch, two 2 s warm-ups and three 3 s measurements
   * per fork.
   *
   * @param engines the engines
   * @param devices the devices
   * @return the plan
   */
  public static SweepPlan full(List<String> engines, List<String> devices) {
    return new SweepPlan(
        false,
        engines,
        List.of(1, 8, 64, 256, 1024, 4096, 8192),
        List.of(1, 2),
        List.of(2),
        List.of(256, 1024, 4096, 8192),
        List.of(1024, 4096, 8192),
        List.of(1, 2),
        List.of(1, 8, 64, 256, 1024, 4096, 8192),
        devices,
        2,
        2,
        3,
        3,
        3.0);
  }
}
