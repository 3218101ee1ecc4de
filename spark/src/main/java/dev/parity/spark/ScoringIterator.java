package dev.parity.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Turns a partition's input rows into scored rows one batch at a time: a batch is read and
 * predicted when the queue of scored rows runs dry, so a partition never sits in memory whole.
 *
 * @param <I> the input row type
 */
abstract class ScoringIterator<I> implements Iterator<Row> {
  /** The partition's input. */
  protected final Iterator<I> input;

  /** Scored rows (predictions and error rows) not yet handed to Spark. */
  protected final ArrayDeque<Row> ready = new ArrayDeque<>();

  ScoringIterator(Iterator<I> input) {
    this.input = input;
  }

  @Override
  public final boolean hasNext() {
    while (ready.isEmpty() && input.hasNext()) {
      fill();
    }
    return !ready.isEmpty();
  }

  @Override
  public final Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /**
   * Reads up to one batch from {@link #input}, predicts it and queues its rows in {@link #ready}.
   */
  abstract void fill();
}
