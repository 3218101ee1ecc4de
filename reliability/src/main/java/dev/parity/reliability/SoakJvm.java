package dev.parity.reliability;

import dev.parity.engine.EngineUnavailableException;
import dev.parity.failure.ExitCode;
import dev.parity.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The child JVM a soak runs in, so that its RSS figure measures native memory: a fixed, pre-touched
 * heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}) is resident from the first sample on, so
 * whatever the RSS gains afterwards is outside the heap. Heap in use is reported separately, after
 * a full collection, at the two samples that define the figure.
 *
 * <p>The caller says what the child runs from: its classpath and any further JVM options (system
 * properties the engines need, for instance), since only the caller knows how it was started.
 */
public final class SoakJvm {

  /** The heap the soak JVM gets by default, fixed and pre-touched. */
  public static final String DEFAULT_HEAP = "512m";

  // A fixed young generation: the collector then frees the engines' direct buffers at a steady
  // cadence instead of an ever larger backlog as it grows eden.
  static final String YOUNG = "32m";

  // A fixed glibc mmap threshold (128 KiB, glibc's initial value) turns off its dynamic raise:
  // large blocks are then mapped and unmapped per allocation, so the RSS follows live native memory
  // instead of what the allocator keeps cached. A leak stays mapped and shows in full.
  static final String MMAP_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";
  static final String MMAP_THRESHOLD_BYTES = "131072";

  private static final Pattern HEAP = Pattern.compile("[0-9]+[kKmMgG]?");
  // Soak and SoakMain start every line of progress with the first, Failure.print an error with the
  // second.
  private static final String PROGRESS_PREFIX = "soak: ";
  private static final String ERROR_PREFIX = PROGRESS_PREFIX + "error: ";

  private final Path java;
  private final String classpath;
  private final String heap;
  private final List<String> jvmOptions;

  private SoakJvm(Builder b) {
    this.java = b.java;
    this.classpath = b.classpath;
    this.heap = b.heap;
    this.jvmOptions = List.copyOf(b.jvmOptions);
  }

  /**
   * Starts a builder; {@code setClasspath} is required.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the system properties of a JVM that a soak JVM must see too: DJL's ({@code ai.djl.*},
   * {@code DJL_CACHE_DIR}), Parity's ({@code parity.*}), {@code TENSORFLOW_LIBRARY_PATH} and the
   * simple logger's settings.
   *
   * @param properties e.g. {@code System.getProperties()}
   * @return {@code -Dkey=value} options, sorted by key
   */
  public static List<String> forwardedProperties(Properties properties) {
    List<String> out = new ArrayList<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith("ai.djl.")
          || key.startsWith("parity.")
          || key.equals("DJL_CACHE_DIR")
          || key.equals("TENSORFLOW_LIBRARY_PATH")
          || key.startsWith("org.slf4j.simpleLogger.")) {
        out.add("-D" + key + "=" + properties.getProperty(key));
      }
    }
    return out;
  }

  /**
   * Returns the command line that runs a soak in the child JVM.
   *
   * @param o what to run
   * @param json where the child writes its report
   * @return the command, the java executable first
   */
  public List<String> command(SoakOptions o, Path json) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    // After the caller's options, so that none of them unfixes the heap.
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-Xmn" + YOUNG);
    command.add("-XX:+AlwaysPreTouch");
    command.add("-cp");
    command.add(classpath);
    command.add(SoakMain.class.getName());
    command.addAll(SoakMain.arguments(o, json));
    return command;
  }

  /**
   * Runs a soak in the child JVM and returns the report it wrote. The child's environment is this
   * one's, with glibc's mmap threshold fixed at 128 KiB unless already set.
   *
   * @param o what to run
   * @param json where the child writes its report; an old file there is deleted first
   * @param lines receives the child's output, line by line
   * @return the child's report
   * @throws IOException if the child cannot start or says its input is wrong (exit code 2)
   * @throws EngineUnavailableException if the child says the engine cannot load (exit code 3)
   * @throws IllegalStateException if the child ends otherwise without a report
   * @throws InterruptedException if interrupted while waiting
   */
  public SoakReport run(SoakOptions o, Path json, Consumer<String> lines)
      throws IOException, InterruptedException {
    Files.deleteIfExists(json);
    ProcessBuilder builder = new ProcessBuilder(command(o, json));
    environment().forEach(builder.environment()::putIfAbsent);
    ChildProcess ended = ChildProcess.run(builder, lines);
    int code = ended.exitCode();
    String lastLine = ended.lastLine();
    if (Files.isRegularFile(json)) {
      return SoakJson.read(json);
    }
    String said =
        lastLine.startsWith(ERROR_PREFIX) ? lastLine.substring(ERROR_PREFIX.length()) : lastLine;
    if (code == ExitCode.ENGINE_UNAVAILABLE.code()) {
      throw new EngineUnavailableException(
          o.engineSettings().engine(), "the soak JVM says: " + said, null);
    }
    if (code == ExitCode.BAD_INPUT.code()) {
      throw new IOException(said);
    }
    throw new IllegalStateException(
        "the soak JVM exited with code " + code + " and wrote no report; its last line: " + said);
  }

  /**
   * Whether a line of the soak JVM's output reports progress: {@code soak: } lines, except the
   * error line, which {@link #run} turns into its exception's message.
   *
   * @param line one line of output
   * @return true for progress
   */
  public static boolean isProgress(String line) {
    return line.startsWith(PROGRESS_PREFIX) && !line.startsWith(ERROR_PREFIX);
  }

  /**
   * Returns the soak JVM's environment additions.
   *
   * @return variable names and values, set unless the caller's environment has them
   */
  public static Map<String, String> environment() {
    return Map.of(MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
  }

  /** Builds {@link SoakJvm}. */
  public static final class Builder {
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private String classpath;
    private String heap = DEFAULT_HEAP;
    private final List<String> jvmOptions = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the classpath the soak JVM runs from (required): it must hold this module, the toolkit,
     * the engines and their natives.
     *
     * @param classpath entries joined by the path separator, or a jar whose manifest lists them
     * @return this builder
     */
    public Builder setClasspath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /**
     * Sets the fixed heap.
     *
     * @param heap e.g. {@code 512m} (default) or {@code 2g}
     * @return this builder
     */
    public Builder optHeap(String heap) {
      this.heap = heap;
      return this;
    }

    /**
     * Adds JVM options, such as {@link #forwardedProperties}.
     *
     * @param options each starting with {@code -}
     * @return this builder
     */
    public Builder optJvmOptions(List<String> options) {
      jvmOptions.addAll(options);
      return this;
    }

    /**
     * Sets the java executable.
     *
     * @param java default: this JVM's {@code bin/java}
     * @return this builder
     */
    public Builder optJava(Path java) {
      this.java = java;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the launcher
     * @throws IllegalArgumentException naming the first invalid value
     */
    public SoakJvm build() {
      if (classpath == null || classpath.isBlank()) {
        throw new IllegalArgumentException(
            "the soak JVM needs a classpath (setClasspath): found none");
      }
      if (heap == null || !HEAP.matcher(heap).matches()) {
        throw new IllegalArgumentException("heap must look like 512m or 2g, found " + heap);
      }
      if (java == null) {
        throw new IllegalArgumentException("a java executable is required, found null");
      }
      for (String option : jvmOptions) {
        if (option == null || !option.startsWith("-")) {
          throw new IllegalArgumentException(
              "JVM options must start with '-', found '" + option + "'");
        }
      }
      return new SoakJvm(this);
    }
  }
}
