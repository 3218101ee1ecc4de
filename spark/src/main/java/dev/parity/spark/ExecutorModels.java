package dev.parity.spark;

import dev.parity.card.ModelCard;
import dev.parity.engine.EngineSettings;
import dev.parity.predict.ModelPredictor;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one executor JVM: each (zoo, engine settings) is loaded once, on first use, and
 * shared by every task that runs in the JVM afterwards; it is never reloaded per partition. Tasks
 * take a {@link Lease} each and close it when they complete.
 */
final class ExecutorModels {
  private static final Map<Key, LoadedModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();
  private static final AtomicInteger LEASES_OPENED = new AtomicInteger();
  private static final AtomicInteger LEASES_CLOSED = new AtomicInteger();

  private ExecutorModels() {}

  private record Key(String zoo, EngineSettings settings) {}

  /**
   * A loaded model with its provenance.
   *
   * @param predictor the thread-safe predictor
   * @param engineVersion the engine's version
   * @param modelVersion the model's version from its card
   * @param cardSha256 the SHA-256 of the model card file
   * @param utf8Features the model's pre-processing on UTF-8 bytes
   */
  record LoadedModel(
      ModelPredictor predictor,
      String engineVersion,
      String modelVersion,
      String cardSha256,
      Utf8Features utf8Features) {}

  /**
   * Takes a lease on the model for the given zoo and settings, loading it if this JVM has not yet.
   *
   * @param zoo the zoo folder, or null for the default one
   * @param settings the engine settings
   * @return a lease; close it when the task ends
   */
  static Lease lease(String zoo, EngineSettings settings) {
    // The batch size is the caller's business, not the model's: one model serves every size.
    EngineSettings modelSettings =
        settings.toBuilder().optBatchSize(EngineSettings.DEFAULT_BATCH_SIZE).build();
    LoadedModel model = MODELS.computeIfAbsent(new Key(zoo, modelSettings), ExecutorModels::load);
    LEASES_OPENED.incrementAndGet();
    return new Lease(model);
  }

  private static LoadedModel load(Key key) {
    ArtifactSpec.Builder artifact = ArtifactSpec.builder();
    if (key.zoo() != null) {
      artifact.optZoo(Path.of(key.zoo()));
    }
    try {
      ModelPredictor p = ModelPredictor.openServing(artifact.build(), key.settings());
      LOADS.incrementAndGet();
      return new LoadedModel(
          p,
          p.engineVersion(),
          p.card().id().version(),
          Sha256.of(p.cardFolder().resolve(ModelCard.FILE_NAME)),
          Utf8Features.of(p.card(), p.encoder()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load the model from zoo " + Objects.toString(key.zoo(), "(default)"), e);
    } catch (ai.djl.ModelException e) {
      throw new IllegalStateException(
          "cannot load the model from zoo "
              + Objects.toString(key.zoo(), "(default)")
              + " with "
              + key.settings()
              + ": "
              + e.getMessage(),
          e);
    }
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

  /** Frees every model of this JVM (tests, and the driver at the end of an embedded run). */
  static void closeAll() {
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
