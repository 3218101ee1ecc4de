package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.zoo.Sha256;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code parity-spark predict} ({@link ParitySpark}) in a separate JVM, in an empty working
 * folder: a native crash would exit 134/139 and leave an {@code hs_err_pid*.log} there, and a
 * classpath can be trimmed. Also copies and edits zoos for the model-file cases.
 */
final class ForkedSpark {
  private ForkedSpark() {}

  /**
   * A finished JVM.
   *
   * @param code its exit code
   * @param output stdout and stderr together
   */
  record Run(int code, String output) {

    /** The one {@code parity-spark: error:} line the JVM printed. */
    String errorLine() {
      List<String> lines =
          output.lines().filter(l -> l.startsWith("parity-spark: error: ")).toList();
      assertThat(lines).as(output).hasSize(1);
      return lines.get(0);
    }
  }

  /** Predicts {@code input} into {@code folder/out} with the full test classpath. */
  static Run predict(Path folder, Path zoo, String engine, Path input, Map<String, String> env)
      throws Exception {
    return fork(classpath(), env, folder, args(folder, zoo, engine, input));
  }

  /** Predicts with a classpath whose jars named like {@code jars} are left out. */
  static Run predictWithout(String jars, Path folder, Path zoo, String engine, Path input)
      throws Exception {
    String cp =
        Arrays.stream(classpath().split(File.pathSeparator))
            .filter(e -> !Path.of(e).getFileName().toString().contains(jars))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(cp).isNotEqualTo(classpath());
    return fork(cp, Map.of(), folder, args(folder, zoo, engine, input));
  }

  private static List<String> args(Path folder, Path zoo, String engine, Path input) {
    return List.of(
        "predict",
        "--master",
        "local[1]",
        "--engine",
        engine,
        "--zoo",
        zoo.toAbsolutePath().toString(),
        "--input",
        input.toAbsolutePath().toString(),
        "--output",
        folder.resolve("out").toAbsolutePath().toString(),
        "--batch-size",
        "16");
  }

  /**
   * Starts {@code parity-spark} with these arguments in a separate JVM with the test classpath, its
   * output going to {@code log}; the caller waits for it (or kills it).
   */
  static Process start(Path folder, List<String> args, Path log) throws Exception {
    Path cwd = Files.createDirectories(folder.resolve("cwd-" + System.nanoTime()));
    return builder(classpath(), Map.of(), cwd, args)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static ProcessBuilder builder(
      String cp, Map<String, String> env, Path cwd, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(cp);
    command.add(ParitySpark.class.getName());
    command.addAll(args);
    ProcessBuilder b =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    b.environment().putAll(env);
    return b;
  }

  private static Run fork(String cp, Map<String, String> env, Path folder, List<String> args)
      throws Exception {
    Path cwd = Files.createDirectories(folder.resolve("cwd-" + System.nanoTime()));
    Process p = builder(cp, env, cwd, args).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    int code = p.exitValue();
    assertThat(code).as(output).isNotIn(134, 139);
    try (Stream<Path> files = Files.list(cwd)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.startsWith("hs_err_pid"));
    }
    return new Run(code, output);
  }

  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null ? surefire : System.getProperty("java.class.path");
  }

  /** Copies the committed zoo into {@code folder/zoo}. */
  static Path copyZoo(Path folder) throws Exception {
    Path from = ReferenceData.ZOO;
    Path to = folder.resolve("zoo");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /** Records a changed file's new size and hashes in the zoo's metadata, as if it were genuine. */
  static void rehash(Path metadata, String uri, Path file) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode root = json.readTree(metadata.toFile());
    String sha1 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
    int changed = 0;
    for (JsonNode artifact : root.get("artifacts")) {
      for (JsonNode item : artifact.get("files")) {
        if (item.get("uri").asText().equals(uri)) {
          ((ObjectNode) item).put("sha256", Sha256.of(file));
          ((ObjectNode) item).put("sha1Hash", sha1);
          ((ObjectNode) item).put("size", Files.size(file));
          changed++;
        }
      }
    }
    assertThat(changed).isPositive();
    json.writerWithDefaultPrettyPrinter().writeValue(metadata.toFile(), root);
  }
}
