package dev.parity.bench.load;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Time as the load runner sees it: every reading and every wait of the scheduler, the micro-batcher
 * and the server threads goes through here, so that tests can run the real runner in virtual time
 * (a clock that advances only when every thread of the run is waiting) and get the same answer on a
 * busy machine as on a quiet one. {@link #system()} is real time.
 */
public interface LoadClock {

  /**
   * Returns the current time.
   *
   * @return nanoseconds from an arbitrary origin, as {@link System#nanoTime()}
   */
  long nanoTime();

  /**
   * Waits until the time is at least {@code deadline}; returns at once if it already is.
   *
   * @param deadline a {@link #nanoTime()} value
   * @throws InterruptedException if interrupted while waiting
   */
  void sleepUntil(long deadline) throws InterruptedException;

  /**
   * Creates a lock with a condition whose timed waits run on this clock.
   *
   * @return a new monitor
   */
  Monitor newMonitor();

  /**
   * Announces threads that are about to start and will wait on this clock; each calls {@link
   * #leave()} when it ends. Real time ignores both; virtual time does not advance while an
   * announced thread is running.
   *
   * @param threads how many
   */
  default void enter(int threads) {}

  /** Says that one announced thread has ended (call it in a {@code finally}). */
  default void leave() {}

  /**
   * Real time: {@link System#nanoTime()}, parking and {@link ReentrantLock} conditions.
   *
   * @return the system clock
   */
  static LoadClock system() {
    return SystemLoadClock.INSTANCE;
  }

  /** A lock and one condition, waited on with deadlines in the clock's time. */
  interface Monitor {
    /** Takes the lock. */
    void lock();

    /** Releases the lock. */
    void unlock();

    /**
     * Releases the lock and waits until {@link #signalAll()} or the deadline, then takes it back.
     * It may return early; callers check their condition in a loop.
     *
     * @param deadline a clock time, or {@link Long#MAX_VALUE} for no deadline
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitUntil(long deadline) throws InterruptedException;

    /** Wakes every waiter; call with the lock held. */
    void signalAll();
  }
}
