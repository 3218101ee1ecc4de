package dev.parity.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machine and JVM a load report was measured on.
 *
 * @param java {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param os {@code os.name} and {@code os.version}
 * @param arch {@code os.arch}
 * @param cpus processors available to the JVM
 * @param maxHeapBytes the heap limit of the JVM that served
 * @param jvmArguments that JVM's arguments
 */
public record MachineProvenance(
    String java,
    String javaVendor,
    String os,
    String arch,
    int cpus,
    long maxHeapBytes,
    List<String> jvmArguments) {

  /** Copies the arguments. */
  public MachineProvenance {
    jvmArguments =
        jvmArguments == null ? null : Collections.unmodifiableList(new ArrayList<>(jvmArguments));
  }

  /**
   * Describes this JVM.
   *
   * @return the provenance
   */
  public static MachineProvenance current() {
    return new MachineProvenance(
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory(),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
