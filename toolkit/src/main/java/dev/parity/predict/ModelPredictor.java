package dev.parity.predict;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import dev.parity.card.CardFile;
import dev.parity.card.ModelCard;
import dev.parity.engine.EngineSettings;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordColumns;
import dev.parity.features.RecordEncoder;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
import dev.parity.translate.TensorTranslator;
import dev.parity.translate.TranslatorArguments;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.EngineLayout;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A model of the zoo, loaded once under one engine and shared by any number of threads: named
 * tensors in and out for any model, raw records in for a model whose card has features. DJL's
 * predictors are not thread-safe, so each call borrows one from a pool (creating one when none is
 * idle) and returns it afterwards; every call's tensors live on a per-call manager that is closed
 * when the call ends.
 *
 * <p>{@link #close()} waits for calls in flight, then frees the model; calls after it fail with
 * {@link IllegalStateException}.
 */
public final class ModelPredictor implements AutoCloseable {
  private final ZooModel<TensorBatch, TensorBatch> model;
  private final EngineSettings settings;
  private final ModelCard card;
  private final Path cardFolder;
  private final RecordEncoder encoder;
  private final List<String> outputs;
  private final NoBatchifyTranslator<DirectBatch, TensorBatch> directTranslator;
  private final ConcurrentLinkedQueue<Predictor<TensorBatch, TensorBatch>> idle =
      new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Predictor<DirectBatch, TensorBatch>> idleDirect =
      new ConcurrentLinkedQueue<>();
  // Direct batches of closed streams, for the next ones: native memory is reused, not reallocated
  // per call of predictRecords, and stays bounded by the streams open at once.
  private final ConcurrentLinkedQueue<DirectBatch> spareBatches = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private ModelPredictor(
      ZooModel<TensorBatch, TensorBatch> model,
      EngineSettings settings,
      ModelCard card,
      Path cardFolder,
      RecordEncoder encoder,
      TensorTranslator translator) {
    this.model = model;
    this.settings = settings;
    this.card = card;
    this.cardFolder = cardFolder;
    this.encoder = encoder;
    this.outputs = List.copyOf(translator.outputs().stream().map(t -> t.name()).toList());
    this.directTranslator = translator.direct();
  }

  /**
   * Loads a model from the zoo; predictions return every output of its signature.
   *
   * @param artifact which model
   * @param settings engine, device, threads, batch size
   * @return the predictor; close it
   * @throws ModelNotFoundException if the zoo has no such model, version or engine file; the
   *     message lists what is there
   * @throws MalformedModelException if a file fails its checksum, the engine rejects it, or the
   *     card's signature disagrees with it
   * @throws IOException if a file cannot be read or the card or vocabulary is malformed
   * @throws EngineUnavailableException if the engine's natives cannot load
   */
  public static ModelPredictor open(ArtifactSpec artifact, EngineSettings settings)
      throws ModelNotFoundException, MalformedModelException, IOException {
    return open(artifact, settings, List.of());
  }

  /**
   * Loads a model from the zoo as a service would: predictions return the card's serving output
   * only (the task's output, else the first), the one a benchmark or a soak reads.
   *
   * @param artifact which model
   * @param settings engine, device, threads, batch size
   * @return the predictor; close it
   * @throws ModelNotFoundException if the zoo has no such model, version or engine file
   * @throws MalformedModelException if a file fails its checksum, the engine rejects it, or the
   *     card's signature disagrees with it
   * @throws IOException if a file cannot be read or the card or vocabulary is malformed
   */
  public static ModelPredictor openServing(ArtifactSpec artifact, EngineSettings settings)
      throws ModelNotFoundException, MalformedModelException, IOException {
    ModelCard card = ModelCard.read(artifact.zooFolder().cardFile(artifact.model()));
    return open(artifact, settings, List.of(card.servingOutput()));
  }

  /**
   * Loads a model from the zoo; predictions return the named outputs only. Taps (intermediate
   * tensors the card lists under {@code signature.taps}) are named like outputs.
   *
   * @param artifact which model
   * @param settings engine, device, threads, batch size
   * @param outputs the outputs and taps to copy back, in order; empty for all outputs
   * @return the predictor; close it
   * @throws ModelNotFoundException if the zoo has no such model, version or engine file
   * @throws MalformedModelException if a file fails its checksum, the engine rejects it, or the
   *     card's signature disagrees with it
   * @throws IOException if a file cannot be read or the card or vocabulary is malformed
   * @throws java.util.NoSuchElementException if a name is neither an output nor a tap of the
   *     model's signature
   */
  public static ModelPredictor open(
      ArtifactSpec artifact, EngineSettings settings, List<String> outputs)
      throws ModelNotFoundException, MalformedModelException, IOException {
    settings.applyProcessSettings();
    ZooModel<TensorBatch, TensorBatch> model;
    try {
      model =
          artifact.criteria(settings, TensorBatch.class, TensorBatch.class, outputs).loadModel();
    } catch (ModelNotFoundException e) {
      throw unwrap(e);
    }
    try {
      TensorTranslator translator = (TensorTranslator) model.getTranslator();
      Path cardFolder = TranslatorArguments.cardFolder(model);
      ModelCard card = ModelCard.read(cardFolder.resolve(ModelCard.FILE_NAME));
      RecordEncoder encoder = card.features() == null ? null : RecordEncoder.load(card, cardFolder);
      return new ModelPredictor(model, settings, card, cardFolder, encoder, translator);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  // DJL wraps a loader's own reason as the cause of a generic "no model found"; surface it.
  private static ModelNotFoundException unwrap(ModelNotFoundException e)
      throws MalformedModelException, IOException {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof EngineUnavailableException u) {
        throw u;
      }
      if (t instanceof MalformedModelException m) {
        throw m;
      }
      if (t instanceof IOException io) {
        throw io;
      }
      if (t instanceof ModelNotFoundException m && m.getCause() == null) {
        return m;
      }
    }
    return e;
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
   * Returns the folder holding the loaded artifact's card.
   *
   * @return a folder in the zoo
   */
  public Path cardFolder() {
    return cardFolder;
  }

  /**
   * Returns the file the engine runs.
   *
   * @return the model file in the zoo
   */
  public Path modelFile() {
    return cardFolder.resolve(
        EngineLayout.of(settings.engine(), card.file(settings.engine())).modelFile());
  }

  /**
   * Returns the SHA-256 of the file the engine runs: as the card records it, else computed.
   *
   * @return hex
   * @throws IOException if it has to be computed and the file cannot be read
   */
  public String modelSha256() throws IOException {
    CardFile f = card.file(settings.engine());
    return f.sha256() != null ? f.sha256() : Sha256.of(modelFile());
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
   * Returns the outputs predictions return.
   *
   * @return output names, in order
   */
  public List<String> outputs() {
    return outputs;
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
   * Whether the model takes raw records (its card has features).
   *
   * @return true when {@link #encoder()} is available
   */
  public boolean takesRecords() {
    return encoder != null;
  }

  /**
   * Returns the encoder that turns raw records into this model's inputs.
   *
   * @return the card's features, executable
   * @throws IllegalStateException if the card has no features
   */
  public RecordEncoder encoder() {
    if (encoder == null) {
      throw new IllegalStateException(
          card.id()
              + " takes tensors, not raw records: its card has no features (docs/model-card.md);"
              + " give it input tensors instead");
    }
    return encoder;
  }

  /**
   * Predicts raw records, in batches of the settings' batch size. When there is more than one
   * batch, each is encoded on a second thread while the engine runs the one before ({@link
   * #streamRecords}).
   *
   * @param records raw records
   * @return the outputs, one row per record, in order
   * @throws TranslateException if the engine fails
   * @throws IllegalStateException if the model takes no records
   */
  public TensorBatch predictRecords(List<RawRecord> records) throws TranslateException {
    RecordEncoder e = encoder();
    int batch = settings.batchSize();
    if (records.size() <= batch) {
      return predict(e.encode(records));
    }
    List<List<RawRecord>> batches = new ArrayList<>();
    for (int i = 0; i < records.size(); i += batch) {
      batches.add(records.subList(i, Math.min(records.size(), i + batch)));
    }
    List<TensorBatch> parts = new ArrayList<>(batches.size());
    try (PredictionStream stream = streamRecords(batches.iterator())) {
      while (stream.hasNext()) {
        parts.add(stream.next());
      }
    }
    return TensorBatch.concat(parts);
  }

  /**
   * Predicts batches of raw records as they come, encoding each on a second thread (at most {@value
   * PredictionStream#AHEAD} batches ahead) while the engine runs the one before, into direct
   * buffers the engine reads in place where it can.
   *
   * @param batches the batches, each at most the settings' batch size; read by the stream's thread
   * @return the stream of outputs, one per batch, in order; close it
   * @throws IllegalStateException if the model takes no records
   */
  public PredictionStream streamRecords(Iterator<List<RawRecord>> batches) {
    RecordEncoder e = encoder();
    return new PredictionStream(
        this,
        batches,
        new PredictionStream.Encoding<List<RawRecord>>() {
          @Override
          public TensorBatch encode(List<RawRecord> batch) {
            return e.encode(batch);
          }

          @Override
          public void encode(List<RawRecord> batch, DirectBatch into) {
            e.encode(batch, into);
          }
        });
  }

  /**
   * Predicts batches of records laid out by field as they come, like {@link #streamRecords}: the
   * fastest way in for records held in columns (Parquet, Arrow, a columnar reader).
   *
   * @param batches the batches, each at most the settings' batch size, with the encoder's fields;
   *     read by the stream's thread
   * @return the stream of outputs, one per batch, in order; close it
   * @throws IllegalStateException if the model takes no records
   */
  public PredictionStream streamColumns(Iterator<RecordColumns> batches) {
    RecordEncoder e = encoder();
    return new PredictionStream(
        this,
        batches,
        new PredictionStream.Encoding<RecordColumns>() {
          @Override
          public TensorBatch encode(RecordColumns batch) {
            return e.encode(batch);
          }

          @Override
          public void encode(RecordColumns batch, DirectBatch into) {
            e.encode(batch, into);
          }
        });
  }

  /**
   * Predicts one batch of inputs in one engine call. Inputs are checked against the card's
   * signature first (names, dtypes, shapes, id ranges).
   *
   * @param inputs one tensor per signature input
   * @return the outputs
   * @throws TranslateException if the engine fails
   * @throws IllegalArgumentException if an input disagrees with the signature or an id is out of
   *     range
   * @throws IllegalStateException if the predictor is closed
   */
  public TensorBatch predict(TensorBatch inputs) throws TranslateException {
    return call(idle, model::newPredictor, inputs);
  }

  /**
   * Predicts one direct batch in one engine call, checked like {@link #predict(TensorBatch)}; the
   * engine reads the buffers in place where it can. The batch may be refilled once this returns.
   *
   * @param inputs one tensor per signature input, in signature order
   * @return the outputs
   * @throws TranslateException if the engine fails
   * @throws IllegalArgumentException if an input disagrees with the signature or an id is out of
   *     range
   * @throws IllegalStateException if the predictor is closed
   */
  public TensorBatch predict(DirectBatch inputs) throws TranslateException {
    return call(idleDirect, () -> model.newPredictor(directTranslator), inputs);
  }

  private <I> TensorBatch call(
      ConcurrentLinkedQueue<Predictor<I, TensorBatch>> pool,
      Supplier<Predictor<I, TensorBatch>> create,
      I inputs)
      throws TranslateException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("predictor is closed");
      }
      Predictor<I, TensorBatch> p = pool.poll();
      if (p == null) {
        p = create.get();
      }
      try {
        Object lock = settings.engine().callLock();
        if (lock != null) {
          synchronized (lock) {
            return p.predict(inputs);
          }
        }
        return p.predict(inputs);
      } catch (TranslateException e) {
        // DJL wraps the translator's checks; they are the caller's input errors, so say them
        // plainly.
        if (e.getCause() instanceof IllegalArgumentException bad) {
          throw bad;
        }
        throw e;
      } finally {
        pool.add(p);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** A direct batch for a stream: a spare one, else a new one of the settings' batch size. */
  DirectBatch takeBatch() {
    DirectBatch b = spareBatches.poll();
    if (b != null) {
      spareCount.decrementAndGet();
      return b;
    }
    return encoder().allocate(settings.batchSize());
  }

  /** How many direct batches wait for the next stream. */
  int spareBatches() {
    return spareCount.get();
  }

  /** Takes back a closed stream's direct batch, keeping a few per core. */
  void returnBatch(DirectBatch batch) {
    if (!closed
        && spareCount.incrementAndGet()
            <= (PredictionStream.AHEAD + 1) * Runtime.getRuntime().availableProcessors()) {
      spareBatches.add(batch);
    } else {
      spareCount.decrementAndGet();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Predictor<TensorBatch, TensorBatch> p; (p = idle.poll()) != null; ) {
        p.close();
      }
      for (Predictor<DirectBatch, TensorBatch> p; (p = idleDirect.poll()) != null; ) {
        p.close();
      }
      spareBatches.clear();
      spareCount.set(0);
      model.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
