package dev.parity.predict;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;
import dev.parity.features.RawRecord;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.ParityZoo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The purchase model, loaded once, shared by any number of threads. DJL's predictors are not
 * thread-safe, so each call borrows one from a pool (creating one when none is idle) and returns it
 * afterwards; every call's tensors live on a per-call manager that is closed when the call ends.
 *
 * <p>{@link #close()} waits for calls in flight, then frees the model; calls after it fail with
 * {@link IllegalStateException}.
 */
public final class PurchasePredictor implements AutoCloseable {
  private final ZooModel<EncodedBatch, Scores> model;
  private final EngineSettings settings;
  private final FeatureSpec features;
  private final ModelCard card;
  private final Path cardFolder;
  private final ConcurrentLinkedQueue<Predictor<EncodedBatch, Scores>> idle =
      new ConcurrentLinkedQueue<>();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private static final Object MXNET_CALLS = new Object();
  private volatile boolean closed;

  private PurchasePredictor(
      ZooModel<EncodedBatch, Scores> model,
      EngineSettings settings,
      ModelCard card,
      Path cardFolder,
      FeatureSpec features) {
    this.model = model;
    this.settings = settings;
    this.card = card;
    this.cardFolder = cardFolder;
    this.features = features;
  }

  /**
   * Loads a model from the zoo under the given engine settings.
   *
   * @param artifact which model
   * @param settings engine, device, threads, batch size
   * @param withHidden whether predictions also return the last hidden layer
   * @return the predictor; close it
   * @throws ModelNotFoundException if the zoo has no such model, version or engine artifact; the
   *     message lists what is there
   * @throws MalformedModelException if a file fails its checksum or the engine rejects it
   * @throws IOException if a file cannot be read
   * @throws EngineUnavailableException if the engine's natives cannot load
   */
  public static PurchasePredictor open(
      ArtifactSpec artifact, EngineSettings settings, boolean withHidden)
      throws ModelNotFoundException, MalformedModelException, IOException {
    settings.applyProcessSettings();
    ZooModel<EncodedBatch, Scores> model;
    try {
      model = artifact.criteria(settings, EncodedBatch.class, Scores.class, withHidden).loadModel();
    } catch (ModelNotFoundException e) {
      throw unwrap(e);
    }
    try {
      Path cardFolder = Path.of(model.getProperty(ParityZoo.CARD_FOLDER_PROPERTY));
      ModelCard card = ModelCard.read(cardFolder.resolve("model-card.json"));
      // The zoo's translator already read the vocabulary; reading it again doubles the load time
      // on large vocabularies.
      FeatureSpec features =
          model.getTranslator() instanceof PurchaseTranslator t
              ? t.features()
              : FeatureSpec.load(card, cardFolder);
      return new PurchasePredictor(model, settings, card, cardFolder, features);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  // DJL wraps a loader's own reason as the cause of a generic "no model found"; surface it.
  private static ModelNotFoundException unwrap(ModelNotFoundException e)
      throws MalformedModelException {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof EngineUnavailableException u) {
        throw u;
      }
      if (t instanceof MalformedModelException m) {
        throw m;
      }
      if (t instanceof ModelNotFoundException m && m.getCause() == null) {
        return m;
      }
    }
    return e;
  }

  /**
   * Returns the model's features, to encode records ahead of time.
   *
   * @return the feature spec
   */
  public FeatureSpec features() {
    return features;
  }

  /**
   * Returns the model card of the loaded artifact.
   *
   * @return the card
   */
  public ModelCard card() {
    return card;
  }

  /**
   * Returns the folder holding the loaded artifact's card and vocabulary.
   *
   * @return a folder in the zoo
   */
  public Path cardFolder() {
    return cardFolder;
  }

  /**
   * Returns the settings the model runs with.
   *
   * @return the settings
   */
  public EngineSettings settings() {
    return settings;
  }

  /**
   * Returns the engine's own version string.
   *
   * @return e.g. {@code 2.7.1}
   */
  public String engineVersion() {
    return Engine.getEngine(settings.engine().djlName()).getVersion();
  }

  /**
   * Predicts raw records, in batches of the settings' batch size.
   *
   * @param records raw records
   * @return one score per record, in order
   * @throws TranslateException if the engine fails
   */
  public Scores predict(List<RawRecord> records) throws TranslateException {
    int batch = settings.batchSize();
    if (records.size() <= batch) {
      return predict(features.encode(records));
    }
    List<Scores> parts = new ArrayList<>();
    for (int i = 0; i < records.size(); i += batch) {
      parts.add(predict(features.encode(records.subList(i, Math.min(records.size(), i + batch)))));
    }
    return concat(parts);
  }

  /**
   * Predicts one encoded batch in one engine call. Ids are bound-checked first.
   *
   * @param batch ids
   * @return the scores
   * @throws TranslateException if the engine fails
   * @throws IllegalArgumentException if an id is out of its field's range
   * @throws IllegalStateException if the predictor is closed
   */
  public Scores predict(EncodedBatch batch) throws TranslateException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("predictor is closed");
      }
      Predictor<EncodedBatch, Scores> p = idle.poll();
      if (p == null) {
        p = model.newPredictor();
      }
      try {
        if (settings.engine() == EngineName.MXNET) {
          // MXNet's imperative engine mixes up concurrent calls' outputs (ConcurrencyTest saw
          // other records' scores with 8 threads): one call at a time per process.
          synchronized (MXNET_CALLS) {
            return p.predict(batch);
          }
        }
        return p.predict(batch);
      } catch (TranslateException e) {
        // DJL wraps the translator's bound check; it is the caller's input error, so say it
        // plainly.
        if (e.getCause() instanceof IllegalArgumentException bad) {
          throw bad;
        }
        throw e;
      } finally {
        idle.add(p);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  static Scores concat(List<Scores> parts) {
    int n = parts.stream().mapToInt(Scores::size).sum();
    float[] p = new float[n];
    int width = parts.get(0).hiddenWidth();
    float[] h = parts.get(0).hidden() == null ? null : new float[n * width];
    int at = 0;
    for (Scores s : parts) {
      System.arraycopy(s.probability(), 0, p, at, s.size());
      if (h != null) {
        System.arraycopy(s.hidden(), 0, h, at * width, s.size() * width);
      }
      at += s.size();
    }
    return new Scores(p, h, h == null ? 0 : width);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Predictor<EncodedBatch, Scores> p; (p = idle.poll()) != null; ) {
        p.close();
      }
      model.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
