package dev.parity.engine;

import dev.parity.build.BuildVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Makes DJL's TensorFlow engine load offline from the natives on the classpath.
 *
 * <p>DJL expects the TensorFlow version {@link BuildVersions#tensorflow()}, which Maven Central
 * ships as {@link BuildVersions#tensorflowNativeArtifact()}. DJL cannot load it from the jar: the
 * libraries have to lie in a folder named by {@value #LIBRARY_PATH}. {@link #ensureLibraryPath()}
 * unpacks them once into {@code ${DJL_CACHE_DIR:-~/.djl.ai}/parity/tensorflow-natives-<version>/}
 * and sets that system property. Call it before the first {@code Engine.getEngine("TensorFlow")}.
 */
public final class TensorFlowNatives {

  /** The variable (environment or system property) DJL reads the TensorFlow libraries from. */
  public static final String LIBRARY_PATH = "TENSORFLOW_LIBRARY_PATH";

  /** Where the natives lie on the classpath. */
  static final String RESOURCE_FOLDER =
      "org/tensorflow/internal/c_api/" + BuildVersions.nativeClassifier() + "/";

  /** The libraries JavaCPP loads; all must be present. */
  static final List<String> LIBRARIES =
      List.of("libjnitensorflow.so", "libtensorflow_cc.so.2", "libtensorflow_framework.so.2");

  /** Unpacked too when present, so that the licence travels with the binaries. */
  static final List<String> OPTIONAL_FILES = List.of("LICENSE");

  private static final String CACHE_DIR = "DJL_CACHE_DIR";

  // One unpacking at a time in this JVM; a private lock, which no other code can hold.
  private static final Object LOCK = new Object();

  private TensorFlowNatives() {}

  /**
   * Points DJL at TensorFlow natives, unpacking them from the classpath if needed. Does nothing
   * when the environment variable or system property {@value #LIBRARY_PATH} is already set. Safe to
   * call repeatedly and from several JVMs at once.
   *
   * @return the folder (or path list) {@value #LIBRARY_PATH} now names
   * @throws IllegalStateException if the natives are not on the classpath; the message names the
   *     Maven artifact and how to add it
   * @throws UncheckedIOException if unpacking fails
   */
  public static String ensureLibraryPath() {
    synchronized (LOCK) {
      return ensureLibraryPath(
          System.getenv(),
          System.getProperties(),
          TensorFlowNatives.class.getClassLoader(),
          Path.of(System.getProperty("user.home")));
    }
  }

  static String ensureLibraryPath(
      Map<String, String> env, Properties properties, ClassLoader loader, Path userHome) {
    String configured = envOrProperty(env, properties, LIBRARY_PATH);
    if (configured != null) {
      return configured;
    }
    String cache = envOrProperty(env, properties, CACHE_DIR);
    Path cacheDir = cache != null ? Path.of(cache) : userHome.resolve(".djl.ai");
    Path folder =
        cacheDir.resolve("parity").resolve("tensorflow-natives-" + BuildVersions.tensorflow());
    try {
      unpack(loader, folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot unpack the TensorFlow natives from "
              + BuildVersions.tensorflowNativeArtifact()
              + " into "
              + folder,
          e);
    }
    String path = folder.toAbsolutePath().toString();
    properties.setProperty(LIBRARY_PATH, path);
    return path;
  }

  /**
   * Copies the natives from the classpath into a folder, flat, skipping files already there with
   * the same size.
   *
   * @param loader where to find them
   * @param folder where to put them; created if missing
   * @throws IllegalStateException if a required library is missing from the classpath
   * @throws IOException if a file cannot be read or written
   */
  static void unpack(ClassLoader loader, Path folder) throws IOException {
    for (String name : LIBRARIES) {
      if (loader.getResource(RESOURCE_FOLDER + name) == null) {
        throw missing(name);
      }
    }
    Files.createDirectories(folder);
    for (String name : LIBRARIES) {
      copy(loader.getResource(RESOURCE_FOLDER + name), folder.resolve(name));
    }
    for (String name : OPTIONAL_FILES) {
      URL url = loader.getResource(RESOURCE_FOLDER + name);
      if (url != null) {
        copy(url, folder.resolve(name));
      }
    }
  }

  private static void copy(URL resource, Path target) throws IOException {
    URLConnection connection = resource.openConnection();
    long size = connection.getContentLengthLong();
    if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      return;
    }
    // A fresh name in the same folder, then a rename: another JVM unpacking at the same time never
    // sees a half-written library. Not createTempFile: its owner-only permissions would stick.
    Path temporary =
        target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
    try {
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, temporary);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static IllegalStateException missing(String name) {
    return new IllegalStateException(
        "TensorFlow engine: the native library "
            + RESOURCE_FOLDER
            + name
            + " is not on the classpath. Add the Maven artifact "
            + BuildVersions.tensorflowNativeArtifact()
            + " (groupId org.tensorflow, artifactId tensorflow-core-native, version "
            + BuildVersions.tensorflowNative()
            + ", classifier "
            + BuildVersions.nativeClassifier()
            + ", scope runtime) to the classpath, or set "
            + LIBRARY_PATH
            + " to a folder holding libjnitensorflow.so, libtensorflow_cc.so.2 and"
            + " libtensorflow_framework.so.2 of TensorFlow "
            + BuildVersions.tensorflow()
            + ".");
  }

  private static String envOrProperty(Map<String, String> env, Properties properties, String key) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      value = properties.getProperty(key);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
