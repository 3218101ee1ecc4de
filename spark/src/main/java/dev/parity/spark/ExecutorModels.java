package dev.parity.spark;

import dev.parity.card.ModelCard;
import dev.parity.card.ModelId;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.predict.ModelPredictor;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import dev.parity.zoo.ZooFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one executor JVM: each (zoo, model version, outputs, engine settings) is loaded
 * once, on first use, and shared by every task that runs in the JVM afterwards; it is never
 * reloaded per partition. Tasks take a {@link Lease} each and close it when they complete.
 */
final class ExecutorModels {
  private static final Map<Key, LoadedModel> MODELS = new ConcurrentHashMap<>();
  private static final Map<Key, RuntimeException> FAILURES = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static final AtomicInteger LEASES_OPENED = new AtomicInteger();
  private static final AtomicInteger LEASES_CLOSED = new AtomicInteger();

  private ExecutorModels() {}

  private record Key(String zoo, ModelId model, List<String> outputs, EngineSettings settings) {}

  /**
   * A loaded model with its provenance.
   *
   * @param predictor the thread-safe predictor
   * @param engineVersion the engine's version
   * @param modelVersion the model's version from its card
   * @param cardSha256 the SHA-256 of the model card file
   * @param utf8Features the model's pre-processing on Spark's columns
   */
  record LoadedModel(
      ModelPredictor predictor,
      String engineVersion,
      String modelVersion,
      String cardSha256,
      Utf8Features utf8Features) {}

  /**
   * Takes a lease on the job's model, loading it if this JVM has not yet. The load is reported to
   * the driver ({@link ModelLoads}); a load that failed is not tried again in this JVM (until
   * {@link #closeAll()}), its failure is thrown again at once.
   *
   * @param options the job's options: the zoo (null for the one this executor's environment names)
   *     and the engine settings
   * @param columns the model version and outputs the driver laid the output out for
   * @param taskCpus {@code spark.task.cpus} of the running task
   * @return a lease; close it when the task ends
   * @throws EngineUnavailableException naming this executor, when the engine's natives or classes
   *     cannot load here or the zoo is not where the job says
   * @throws IllegalStateException naming this executor, when the model cannot load from the zoo
   */
  static Lease lease(InferenceOptions options, OutputColumns columns, int taskCpus) {
    // The batch size is the caller's business, not the model's: one model serves every size.
    EngineSettings modelSettings =
        options.engineSettings(taskCpus).toBuilder()
            .optBatchSize(EngineSettings.DEFAULT_BATCH_SIZE)
            .build();
    Key key = new Key(options.zoo(), columns.model(), columns.predictorOutputs(), modelSettings);
    LoadedModel model = MODELS.get(key);
    if (model == null) {
      long start = System.nanoTime();
      try {
        model = loadOnce(key);
      } catch (RuntimeException e) {
        // Tell the driver, which stops the run, and hold this task (so its core takes no other
        // task that would fail the same way) until the run is cancelled.
        ModelLoads.failed((System.nanoTime() - start) / 1e9, LOADS.get(), e);
        throw e;
      }
    }
    LEASES_OPENED.incrementAndGet();
    return new Lease(model);
  }

  /**
   * Starts loading the model in the background, in local mode, where the executors are this JVM:
   * the load then overlaps Spark's listing and planning of the input, where the first task would
   * otherwise load it while the other task slots wait. A failure is left for the tasks to meet (and
   * report).
   *
   * @param options the job's options
   * @param columns the model version and outputs the driver laid the output out for
   * @param taskCpus {@code spark.task.cpus}
   */
  static void preload(InferenceOptions options, OutputColumns columns, int taskCpus) {
    Thread t =
        new Thread(
            () -> {
              try {
                lease(options, columns, taskCpus).close();
              } catch (RuntimeException e) {
                // The tasks take a lease too and fail with it, naming the cause.
              }
            },
            "parity-model-preload");
    t.setDaemon(true);
    t.start();
  }

  // One load per key and JVM: the tasks that arrive meanwhile wait for it.
  private static synchronized LoadedModel loadOnce(Key key) {
    LoadedModel model = MODELS.get(key);
    if (model != null) {
      return model;
    }
    RuntimeException failed = FAILURES.get(key);
    if (failed != null) {
      throw failed;
    }
    long start = System.nanoTime();
    try {
      model = load(key);
    } catch (RuntimeException e) {
      FAILURES.put(key, e);
      throw e;
    }
    MODELS.put(key, model);
    ModelLoads.loaded((System.nanoTime() - start) / 1e9, LOADS.get());
    return model;
  }

  private static LoadedModel load(Key key) {
    Path zoo = zoo(key.zoo(), key.settings().engine());
    try {
      ModelPredictor p =
          ModelPredictor.open(
              ArtifactSpec.builder().optModel(key.model()).optZoo(zoo).build(),
              key.settings(),
              key.outputs());
      LOADS.incrementAndGet();
      return new LoadedModel(
          p,
          p.engineVersion(),
          p.card().id().version(),
          Sha256.of(p.cardFolder().resolve(ModelCard.FILE_NAME)),
          Utf8Features.of(p.card(), p.encoder()));
    } catch (EngineUnavailableException e) {
      throw ModelLoads.onCluster()
          ? new EngineUnavailableException(ModelLoads.onThisExecutor(e.getMessage()), e)
          : e;
    } catch (IOException e) {
      throw new UncheckedIOException(
          ModelLoads.onThisExecutor("cannot load the model from zoo " + zoo), e);
    } catch (ai.djl.MalformedModelException e) {
      String m = ModelLoads.onThisExecutor(e.getMessage());
      throw new IllegalStateException(m, new ai.djl.MalformedModelException(m, e));
    } catch (ai.djl.ModelException e) {
      String m = ModelLoads.onThisExecutor(e.getMessage());
      throw new IllegalStateException(
          m + " (zoo " + zoo + ", " + key.settings() + ")",
          new ai.djl.repository.zoo.ModelNotFoundException(m, e));
    }
  }

  // The zoo this executor reads: the one the job names, else the one its environment names. On a
  // cluster's executor, not finding it is a fault of that executor's installation (the job runs
  // elsewhere); in local mode it is the caller's input.
  private static Path zoo(String named, EngineName engine) {
    Path zoo;
    try {
      zoo = named != null ? Path.of(named) : ZooFolder.defaultRoot();
      if (!Files.isDirectory(zoo)) {
        throw new IOException(
            "the zoo folder "
                + zoo
                + " does not exist; every executor must read the zoo at the path the job names"
                + " (--zoo, -Dparity.zoo or PARITY_ZOO): a shared mount, or the same folder on"
                + " every node");
      }
    } catch (IOException e) {
      if (ModelLoads.onCluster()) {
        throw new EngineUnavailableException(
            ModelLoads.onThisExecutor(
                "cannot load the " + engine.djlName() + " model: " + e.getMessage()),
            e);
      }
      throw new UncheckedIOException(e);
    }
    return zoo;
  }

  /**
   * Returns how many models this JVM has loaded.
   *
   * @return loads
   */
  static int loads() {
    return LOADS.get();
  }

  /**
   * Returns how many leases were opened in this JVM.
   *
   * @return leases
   */
  static int leasesOpened() {
    return LEASES_OPENED.get();
  }

  /**
   * Returns how many leases were closed in this JVM.
   *
   * @return leases
   */
  static int leasesClosed() {
    return LEASES_CLOSED.get();
  }

  /**
   * Frees every model of this JVM and forgets failed loads (tests, and the driver at the end of an
   * embedded run).
   */
  static void closeAll() {
    FAILURES.clear();
    for (Key k : MODELS.keySet()) {
      LoadedModel m = MODELS.remove(k);
      if (m != null) {
        m.predictor().close();
      }
    }
  }

  /** One task's handle on the shared model; closed by the task's completion listener. */
  static final class Lease implements AutoCloseable {
    private final LoadedModel model;
    private volatile boolean closed;

    private Lease(LoadedModel model) {
      this.model = model;
    }

    /**
     * Returns the model.
     *
     * @return the model
     * @throws IllegalStateException after {@link #close()}
     */
    LoadedModel model() {
      if (closed) {
        throw new IllegalStateException("the task's model lease is closed");
      }
      return model;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        LEASES_CLOSED.incrementAndGet();
      }
    }
  }
}
