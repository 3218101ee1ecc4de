package dev.parity.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Turns a partition's input into output rows one batch at a time: a batch is read and predicted
 * when the queue of output rows runs dry, so a partition never sits in memory whole.
 *
 * @param <I> the input type (rows, or columnar batches)
 * @param <O> the output row type
 */
abstract class ScoringIterator<I, O> implements Iterator<O> {
  /** The partition's input. */
  protected final Iterator<I> input;

  /** Output rows (predictions or error rows) not yet handed to Spark. */
  protected final ArrayDeque<O> ready = new ArrayDeque<>();

  ScoringIterator(Iterator<I> input) {
    this.input = input;
  }

  @Override
  public final boolean hasNext() {
    while (ready.isEmpty() && hasMoreInput()) {
      fill();
    }
    return !ready.isEmpty();
  }

  @Override
  public final O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /**
   * Says whether {@link #fill} can still make progress: by default, whether the input has more.
   *
   * @return whether to call {@link #fill} again
   */
  boolean hasMoreInput() {
    return input.hasNext();
  }

  /** Reads up to one batch, predicts it and queues its output rows in {@link #ready}. */
  abstract void fill();
}
