package dev.parity.predict;

import ai.djl.translate.TranslateException;
import dev.parity.tensor.DirectBatch;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model's outputs for a stream of record batches, in order: a second thread (the stream's
 * encoder) encodes each batch while the engine runs the one before on the caller's thread, so that
 * encoding is hidden behind the engine rather than added to it.
 *
 * <p>Bounded: the encoder works at most {@value #AHEAD} batches ahead of the caller, each in one of
 * {@value #AHEAD} + 1 reused {@link DirectBatch}es (the one the engine reads included), so memory
 * does not grow with the stream and no batch allocates native memory of its own; {@link #close()}
 * hands them back to the predictor for the next stream. A model whose inputs a direct batch cannot
 * hold ({@link dev.parity.features.RecordEncoder#encodesDirect()}) is encoded into Java arrays
 * instead, just as far ahead.
 *
 * <p>Made by {@link ModelPredictor#streamRecords} and {@link ModelPredictor#streamColumns}. A
 * failure reading or encoding a batch (a bad record, a batch over the batch size) is thrown by the
 * {@link #next()} that would have returned it, as it was thrown; an engine failure is thrown by its
 * {@link #next()} and the stream goes on. One caller thread at a time; {@link #close()} stops the
 * encoder.
 */
public final class PredictionStream implements AutoCloseable {
  /** How many batches the encoder may have ready before the caller takes them. */
  public static final int AHEAD = 2;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  /** How one kind of batch is encoded. */
  interface Encoding<T> {
    TensorBatch encode(T batch);

    void encode(T batch, DirectBatch into);
  }

  /** What the encoder hands over: a batch ready for the engine. */
  private static final class Slot {
    private final DirectBatch direct;
    private TensorBatch arrays;

    Slot(DirectBatch direct) {
      this.direct = direct;
    }
  }

  /** A failure of the encoder thread, for the caller to throw. */
  private record Failed(Throwable error) {}

  private final ModelPredictor predictor;
  private final List<Slot> slots = new ArrayList<>();
  private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(AHEAD + 1);
  // Room for every slot and the end (or a failure), so the encoder never waits to finish.
  private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(AHEAD + 2);
  private final Thread encoder;
  private Object next;
  private volatile boolean closed;

  <T> PredictionStream(ModelPredictor predictor, Iterator<T> batches, Encoding<T> encoding) {
    this.predictor = predictor;
    boolean direct = predictor.encoder().encodesDirect();
    for (int i = 0; i <= AHEAD; i++) {
      slots.add(new Slot(direct ? predictor.takeBatch() : null));
    }
    free.addAll(slots);
    encoder =
        new Thread(
            () -> encodeAll(batches, encoding), "parity-encoder-" + THREADS.incrementAndGet());
    encoder.setDaemon(true);
    encoder.start();
  }

  private <T> void encodeAll(Iterator<T> batches, Encoding<T> encoding) {
    try {
      while (!closed) {
        Slot slot = free.take();
        if (closed || !batches.hasNext()) {
          ready.put(END);
          return;
        }
        T batch = batches.next();
        if (slot.direct != null) {
          encoding.encode(batch, slot.direct);
        } else {
          slot.arrays = encoding.encode(batch);
        }
        ready.put(slot);
      }
    } catch (InterruptedException e) {
      // close() stops the encoder; nobody waits for the rest.
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Cannot be full: the queue has room for every slot and the end.
      boolean queued = ready.offer(new Failed(e));
      assert queued : "the ready queue has room for a failure";
    }
  }

  /**
   * Whether another batch's outputs follow; waits for the encoder when it has none ready.
   *
   * @return true when {@link #next()} returns outputs or throws the batch's failure
   * @throws IllegalStateException if the stream is closed or the caller is interrupted
   */
  public boolean hasNext() {
    return peek() != END;
  }

  /**
   * Runs the engine on the next batch.
   *
   * @return its outputs, one row per record
   * @throws TranslateException if the engine fails
   * @throws NoSuchElementException after the last batch
   * @throws IllegalStateException if the stream or the predictor is closed, or the caller is
   *     interrupted
   * @throws RuntimeException as the batches' iterator or the encoder threw it
   */
  public TensorBatch next() throws TranslateException {
    Object item = peek();
    if (item == END) {
      throw new NoSuchElementException("the stream has no more batches");
    }
    if (item instanceof Failed failed) {
      // The encoder has stopped: every later call sees the same failure.
      if (failed.error() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) failed.error();
    }
    next = null;
    Slot slot = (Slot) item;
    try {
      return slot.direct != null ? predictor.predict(slot.direct) : predictor.predict(slot.arrays);
    } finally {
      slot.arrays = null;
      free.add(slot);
    }
  }

  private Object peek() {
    if (closed) {
      throw new IllegalStateException("the prediction stream is closed");
    }
    if (next == null) {
      try {
        next = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
    }
    return next;
  }

  /** Stops the encoder and waits for it; batches not yet predicted are dropped. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    encoder.interrupt();
    boolean interrupted = false;
    while (encoder.isAlive()) {
      try {
        encoder.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    // The encoder has stopped and the engine runs on the caller's thread, which is here: no slot
    // is in use.
    for (Slot slot : slots) {
      if (slot.direct != null) {
        predictor.returnBatch(slot.direct);
      }
    }
  }
}
