package dev.parity.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** Real time: {@link System#nanoTime()}, parking and {@link ReentrantLock} conditions. */
final class SystemLoadClock implements LoadClock {
  static final SystemLoadClock INSTANCE = new SystemLoadClock();

  private SystemLoadClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleepUntil(long deadline) throws InterruptedException {
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  @Override
  public Monitor newMonitor() {
    ReentrantLock lock = new ReentrantLock();
    Condition condition = lock.newCondition();
    return new Monitor() {
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
        if (deadline == Long.MAX_VALUE) {
          condition.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left > 0) {
            condition.await(left, TimeUnit.NANOSECONDS);
          }
        }
      }

      @Override
      public void signalAll() {
        condition.signalAll();
      }
    };
  }
}
