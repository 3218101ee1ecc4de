package dev.parity.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for tests: starts at 0 and advances only when every announced thread ({@link
 * #enter}) is waiting on the clock, straight to the earliest deadline. A run then takes as much
 * virtual time as its schedule and its (fake) service say, however busy the machine is. A service
 * spends time with {@code sleepUntil(nanoTime() + cost)}.
 *
 * <p>{@link #stallOnce} makes the first {@code sleepUntil} whose deadline falls at or after a time
 * wake up late, as a paused scheduler thread would.
 */
final class VirtualClock implements LoadClock {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Waiter> waiters = new ArrayList<>();
  private long now;
  private int participants;
  private long stallAt = Long.MAX_VALUE;
  private long stallBy;

  /** One thread waiting: until its deadline, or until its monitor is signalled. */
  private final class Waiter {
    final Signals monitor;
    final long epoch;
    final long deadline;

    Waiter(Signals monitor, long deadline) {
      this.monitor = monitor;
      this.epoch = monitor == null ? 0 : monitor.epoch;
      this.deadline = deadline;
    }

    boolean satisfied() {
      return now >= deadline || (monitor != null && monitor.epoch != epoch);
    }
  }

  /** A monitor on the clock's one lock; signals are counted so waiters can tell they came. */
  private final class Signals implements Monitor {
    long epoch;

    @Override
    public void lock() {
      lock.lock();
    }

    @Override
    public void unlock() {
      lock.unlock();
    }

    @Override
    public void awaitUntil(long deadline) throws InterruptedException {
      await(this, deadline);
    }

    @Override
    public void signalAll() {
      epoch++;
      changed.signalAll();
    }
  }

  /**
   * Makes the first {@code sleepUntil} with a deadline at or after {@code at} wake {@code by} late.
   */
  void stallOnce(long at, long by) {
    lock.lock();
    try {
      stallAt = at;
      stallBy = by;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sleepUntil(long deadline) throws InterruptedException {
    lock.lock();
    try {
      if (deadline >= stallAt) {
        deadline += stallBy;
        stallAt = Long.MAX_VALUE;
      }
      await(null, deadline);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Monitor newMonitor() {
    return new Signals();
  }

  @Override
  public void enter(int threads) {
    lock.lock();
    try {
      participants += threads;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void leave() {
    lock.lock();
    try {
      participants--;
      advanceIfAllWait();
    } finally {
      lock.unlock();
    }
  }

  // Called with the lock held.
  private void await(Signals monitor, long deadline) throws InterruptedException {
    Waiter w = new Waiter(monitor, deadline);
    waiters.add(w);
    try {
      while (!w.satisfied()) {
        advanceIfAllWait();
        if (w.satisfied()) {
          break;
        }
        changed.await();
      }
    } finally {
      waiters.remove(w);
    }
  }

  // Time moves only when every announced thread waits and none of them can go on.
  private void advanceIfAllWait() {
    int blocked = 0;
    long earliest = Long.MAX_VALUE;
    for (Waiter w : waiters) {
      if (!w.satisfied()) {
        blocked++;
        earliest = Math.min(earliest, w.deadline);
      }
    }
    if (participants > 0 && blocked >= participants && earliest != Long.MAX_VALUE) {
      now = Math.max(now, earliest);
      changed.signalAll();
    }
  }
}
