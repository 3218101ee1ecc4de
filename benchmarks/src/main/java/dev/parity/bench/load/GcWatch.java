package dev.parity.bench.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Listens to the JVM's collectors while a run lasts and answers which pauses began in a window of
 * wall-clock time. Concurrent cycles (ZGC's and Shenandoah's "Cycles" collectors) are not pauses
 * and are left out.
 */
final class GcWatch implements AutoCloseable {
  private final long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
  private final List<long[]> pauses = new ArrayList<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  /** Starts listening to every collector that sends notifications. */
  GcWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void onNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    if (!isPause(info.getGcName(), info.getGcAction())) {
      return;
    }
    long start = jvmStartMillis + info.getGcInfo().getStartTime();
    synchronized (pauses) {
      pauses.add(new long[] {start, info.getGcInfo().getDuration()});
    }
  }

  /**
   * Whether a collector notification is a pause.
   *
   * @param name e.g. {@code G1 Young Generation}, {@code ZGC Cycles}
   * @param action e.g. {@code end of minor GC}, {@code end of GC cycle}
   * @return false for concurrent cycles
   */
  static boolean isPause(String name, String action) {
    return !name.endsWith("Cycles") && !action.contains("cycle");
  }

  /**
   * Returns the pauses that began in a window. Notifications arrive after the pause, so ask after
   * the window has passed.
   *
   * @param fromMillis window start, {@link System#currentTimeMillis()}
   * @param toMillis window end, exclusive
   * @return count, total and longest pause
   */
  GcPauses between(long fromMillis, long toMillis) {
    long count = 0;
    double total = 0;
    double max = 0;
    synchronized (pauses) {
      for (long[] p : pauses) {
        if (p[0] >= fromMillis && p[0] < toMillis) {
          count++;
          total += p[1];
          max = Math.max(max, p[1]);
        }
      }
    }
    return new GcPauses(count, total, max);
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // Never added to this one: nothing to remove.
      }
    }
  }
}
