package dev.parity.harness;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a validation run's figures come from: the machine, the model, the reference set and the
 * plan, so that a report can be traced and repeated.
 *
 * @param startedAt when the run started
 * @param seconds how long the run took, loading and comparing included
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param os operating system name and version
 * @param arch {@code os.arch}
 * @param cpus available processors
 * @param parityVersion the version of the Parity build that ran
 * @param djlVersion the DJL version on the classpath
 * @param model the model's {@code group:artifact:version}
 * @param modelCard the model card file
 * @param modelCardSha256 the SHA-256 of the model card
 * @param referenceSet the reference set's folder
 * @param referenceSetSha256 the SHA-256 of the reference set's manifest, which pins every file
 * @param records how many reference records were compared
 * @param pythonEnvironment the Python side's package versions, from the manifest
 * @param plan where the validation plan came from
 */
public record Provenance(
    Instant startedAt,
    double seconds,
    String javaVersion,
    String javaVendor,
    String os,
    String arch,
    int cpus,
    String parityVersion,
    String djlVersion,
    String model,
    String modelCard,
    String modelCardSha256,
    String referenceSet,
    String referenceSetSha256,
    long records,
    Map<String, String> pythonEnvironment,
    String plan) {

  /** Copies the map so the record stays immutable. */
  public Provenance {
    pythonEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(pythonEnvironment));
  }
}
