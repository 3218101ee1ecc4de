package dev.parity.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The versions this build of Parity was made with: its own and those of DJL, the engines' natives
 * and Spark. They come from the parent {@code pom.xml}'s properties, which Maven's resource
 * filtering writes into {@value #RESOURCE}; nothing else in the code spells a version out.
 */
public final class BuildVersions {

  /** The classpath resource the build writes. */
  public static final String RESOURCE = "dev/parity/build/versions.properties";

  /** The keys of {@value #RESOURCE}, in the order reports list them. */
  static final List<String> KEYS =
      List.of(
          "parity",
          "djl",
          "pytorch",
          "pytorchJni",
          "tensorflow",
          "tensorflowNative",
          "tensorflowGraphProducer",
          "mxnet",
          "onnxruntime",
          "spark",
          "nativeClassifier");

  private BuildVersions() {}

  /**
   * Returns Parity's own version.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}
   */
  public static String parity() {
    return get("parity");
  }

  /**
   * Returns the DJL version every module builds against.
   *
   * @return e.g. {@code 0.36.0}
   */
  public static String djl() {
    return get("djl");
  }

  /**
   * Returns the libtorch version of the bundled PyTorch natives.
   *
   * @return e.g. {@code 2.7.1}
   */
  public static String pytorch() {
    return get("pytorch");
  }

  /**
   * Returns the version of DJL's PyTorch JNI library, which must match {@link #pytorch()}.
   *
   * @return e.g. {@code 2.7.1-0.36.0}
   */
  public static String pytorchJni() {
    return get("pytorchJni");
  }

  /**
   * Returns the TensorFlow version of the bundled TensorFlow natives, the one DJL expects.
   *
   * @return e.g. {@code 2.16.1}
   */
  public static String tensorflow() {
    return get("tensorflow");
  }

  /**
   * Returns the version of {@code org.tensorflow:tensorflow-core-native}, the jar that carries the
   * TensorFlow natives.
   *
   * @return e.g. {@code 1.0.0-rc.1}
   */
  public static String tensorflowNative() {
    return get("tensorflowNative");
  }

  /**
   * Returns the Maven coordinates of the jar that carries the TensorFlow natives.
   *
   * @return {@code groupId:artifactId:version:classifier}
   */
  public static String tensorflowNativeArtifact() {
    return "org.tensorflow:tensorflow-core-native:" + tensorflowNative() + ":" + nativeClassifier();
  }

  /**
   * Returns the graph producer version {@link #tensorflow()} writes into a SavedModel.
   *
   * @return e.g. 1766
   */
  public static int tensorflowGraphProducer() {
    String value = get("tensorflowGraphProducer");
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          RESOURCE + ": tensorflowGraphProducer must be a whole number, found " + value, e);
    }
  }

  /**
   * Returns the MXNet version of the bundled MXNet natives.
   *
   * @return e.g. {@code 1.9.1}
   */
  public static String mxnet() {
    return get("mxnet");
  }

  /**
   * Returns the ONNX Runtime version the build bundles.
   *
   * @return e.g. {@code 1.21.1}
   */
  public static String onnxRuntime() {
    return get("onnxruntime");
  }

  /**
   * Returns the Spark version the spark module is built against.
   *
   * @return e.g. {@code 4.1.3}
   */
  public static String spark() {
    return get("spark");
  }

  /**
   * Returns the platform the bundled natives are built for.
   *
   * @return e.g. {@code linux-x86_64}
   */
  public static String nativeClassifier() {
    return get("nativeClassifier");
  }

  /**
   * Returns every version, for reports.
   *
   * @return key to version, in a fixed order ({@code parity}, {@code djl}, {@code pytorch}, ...)
   */
  public static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      out.put(key, get(key));
    }
    return Collections.unmodifiableMap(out);
  }

  private static String get(String key) {
    return Loaded.VALUES.get(key);
  }

  /**
   * Reads and checks the versions.
   *
   * @param in the properties text
   * @param source names it in messages
   * @return every key of {@link #KEYS} with its value
   * @throws IllegalStateException if a key is missing or was not filled in by the build
   */
  static Map<String, String> parse(InputStream in, String source) {
    Properties p = new Properties();
    try {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(source + " cannot be read", e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      String value = p.getProperty(key);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            source + " has no value for " + key + "; rebuild Parity with Maven (mvn -B package)");
      }
      if (value.contains("${")) {
        throw new IllegalStateException(
            source
                + " holds "
                + key
                + "="
                + value
                + ", not filled in by the build; build Parity with Maven (mvn -B package), which"
                + " fills it from pom.xml");
      }
      out.put(key, value.trim());
    }
    return out;
  }

  // Read once, on first use.
  private static final class Loaded {
    static final Map<String, String> VALUES = load();

    private static Map<String, String> load() {
      try (InputStream in = BuildVersions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              RESOURCE + " is not on the classpath; the toolkit jar is incomplete, rebuild it");
        }
        return parse(in, RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(RESOURCE + " cannot be read", e);
      }
    }
  }
}
