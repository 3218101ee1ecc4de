package dev.parity.spark;

import dev.parity.engine.EngineName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a Spark session for Parity's jobs ({@link ParitySpark#session(SessionSpec)}).
 *
 * @param appName the application's name
 * @param master a master URL, or null for the one spark-submit set, else {@code local[*]}
 * @param settings Spark settings to apply, as spark-submit's {@code --conf} would
 * @param engine the engine the jobs run, whose jars a driver outside spark-submit ships to a
 *     cluster's executors; null for every engine
 * @param classpath the driver's classpath, the jars to ship are taken from
 */
public record SessionSpec(
    String appName,
    String master,
    Map<String, String> settings,
    EngineName engine,
    List<Path> classpath) {

  /** Validates the spec. */
  public SessionSpec {
    Objects.requireNonNull(appName, "appName");
    settings = Map.copyOf(settings);
    classpath = List.copyOf(classpath);
  }

  /**
   * Starts a builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SessionSpec}. */
  public static final class Builder {
    private String appName;
    private String master;
    private Map<String, String> settings = Map.of();
    private EngineName engine;
    private List<Path> classpath;

    private Builder() {}

    /**
     * Sets the application's name (required).
     *
     * @param name the name
     * @return this builder
     */
    public Builder setAppName(String name) {
      this.appName = name;
      return this;
    }

    /**
     * Sets the master URL.
     *
     * @param url e.g. {@code local[2]} or {@code spark://127.0.0.1:7077}; null for the default
     * @return this builder
     */
    public Builder optMaster(String url) {
      this.master = url;
      return this;
    }

    /**
     * Sets Spark settings.
     *
     * @param values key to value
     * @return this builder
     */
    public Builder optSettings(Map<String, String> values) {
      this.settings = Map.copyOf(values);
      return this;
    }

    /**
     * Sets the engine the jobs run.
     *
     * @param name the engine; null for every engine
     * @return this builder
     */
    public Builder optEngine(EngineName name) {
      this.engine = name;
      return this;
    }

    /**
     * Sets the driver's classpath (default: this JVM's {@code java.class.path}).
     *
     * @param entries jars and folders
     * @return this builder
     */
    public Builder optClasspath(List<Path> entries) {
      this.classpath = List.copyOf(entries);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws NullPointerException without an application name
     */
    public SessionSpec build() {
      return new SessionSpec(
          appName,
          master,
          settings,
          engine,
          classpath != null ? classpath : ApplicationJars.driverClasspath());
    }
  }
}
