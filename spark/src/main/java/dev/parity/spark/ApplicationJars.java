package dev.parity.spark;

import dev.parity.engine.EngineName;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Which jars are Spark's and which are the application's. Spark's own jars are listed by the build
 * ({@code spark/target/spark-classpath.txt}, named by the system property {@value
 * #SPARK_CLASSPATH_PROPERTY}): a cluster provides them. A driver started outside spark-submit ships
 * the rest of its classpath to the executors ({@code spark.jars}): Parity, DJL and the natives of
 * the engine the job runs; the other engines' jars stay behind (several hundred MB each executor
 * would copy for nothing).
 */
final class ApplicationJars {
  /** System property naming the file that lists Spark's own jars. */
  static final String SPARK_CLASSPATH_PROPERTY = "parity.spark.classpath";

  // Where each engine's jars live in a Maven repository (groups of EngineName#mavenArtifacts).
  private static final Map<EngineName, List<String>> ENGINE_GROUPS =
      new EnumMap<>(EngineName.class);

  static {
    ENGINE_GROUPS.put(EngineName.PYTORCH, List.of("/ai/djl/pytorch/"));
    ENGINE_GROUPS.put(
        EngineName.ONNXRUNTIME, List.of("/ai/djl/onnxruntime/", "/com/microsoft/onnxruntime/"));
    ENGINE_GROUPS.put(
        EngineName.TENSORFLOW,
        List.of("/ai/djl/tensorflow/", "/org/tensorflow/", "/org/bytedeco/"));
    ENGINE_GROUPS.put(EngineName.MXNET, List.of("/ai/djl/mxnet/"));
  }

  private ApplicationJars() {}

  /**
   * Returns Spark's own jars, as the build listed them.
   *
   * @return the jars
   * @throws IOException if the list is not named or cannot be read
   */
  static List<Path> sparkJars() throws IOException {
    String file = System.getProperty(SPARK_CLASSPATH_PROPERTY);
    if (file == null || file.isBlank()) {
      throw new IOException(
          "cannot tell Spark's jars from the application's: -D"
              + SPARK_CLASSPATH_PROPERTY
              + " must name spark/target/spark-classpath.txt (scripts/parity spark sets it; build"
              + " it with mvn -B -DskipTests package -pl spark -am)");
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IOException(
          "the list of Spark's jars "
              + path
              + " is missing; build it with mvn -B -DskipTests package -pl spark -am");
    }
    return StandaloneCluster.readClasspath(path);
  }

  /**
   * Returns the jars a driver ships to the executors: its classpath less Spark's jars and less
   * every engine but {@code engine}; a folder (a build's classes) is packed into a jar of its own.
   *
   * @param classpath the driver's classpath
   * @param engine the engine the job runs; null to ship every engine
   * @return jar files, in classpath order
   * @throws IOException if Spark's jars are not listed or a folder cannot be packed
   */
  static List<Path> toShip(List<Path> classpath, EngineName engine) throws IOException {
    Set<Path> spark = new HashSet<>();
    for (Path p : sparkJars()) {
      spark.add(p.toAbsolutePath().normalize());
    }
    List<Path> out = new ArrayList<>();
    for (Path entry : classpath) {
      Path p = entry.toAbsolutePath().normalize();
      if (spark.contains(p) || otherEngine(p, engine) || !Files.exists(p)) {
        continue;
      }
      out.add(Files.isDirectory(p) ? pack(p) : p);
    }
    return out;
  }

  /**
   * Returns this JVM's classpath.
   *
   * @return the entries of {@code java.class.path}
   */
  static List<Path> driverClasspath() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!e.isBlank()) {
        out.add(Path.of(e));
      }
    }
    return out;
  }

  private static boolean otherEngine(Path jar, EngineName engine) {
    if (engine == null) {
      return false;
    }
    String path = jar.toString().replace(File.separatorChar, '/');
    for (Map.Entry<EngineName, List<String>> e : ENGINE_GROUPS.entrySet()) {
      if (e.getKey() != engine && e.getValue().stream().anyMatch(path::contains)) {
        return true;
      }
    }
    return false;
  }

  // Spark ships files, not folders: a build's classes folder becomes a temporary jar.
  private static Path pack(Path folder) throws IOException {
    Path jar = Files.createTempFile("parity-classes-", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.sorted().toList()) {
        String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
        if (name.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(f)) {
          out.putNextEntry(new JarEntry(name + "/"));
        } else {
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
