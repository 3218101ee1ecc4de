package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.zoo.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command-line rows of docs/bad-input.md: every bad line of a predict input gets a prediction
 * or an error naming its line, on every engine; broken models and missing natives give exit codes 2
 * and 3 from a real JVM that must not crash (no hs_err_pid*.log).
 */
class BadInputCommandTest {
  @TempDir Path temp;

  private final Path root = CliTestSupport.root();

  // line -> expected outcome: a probability, or an error containing the text.
  private static final List<String> LINES =
      List.of(
          "{\"id\":\"unknown\",\"carrier\":\"no-such-carrier\",\"app_packages\":[\"zz.x\"]}",
          "{\"id\":\"empty\",\"carrier\":\"\",\"app_packages\":[],\"campaigns\":[\" \"]}",
          "{\"id\":\"null\",\"carrier\":null,\"app_packages\":null}",
          "{\"id\":\"missing\"}",
          "{\"id\":\"overlong\",\"app_packages\":[" + "\"com.a.b\",".repeat(5000) + "\"x\"]}",
          "{\"id\":\"number\",\"carrier\":42}",
          "{\"id\":\"object\",\"campaigns\":{\"a\":1}}",
          "{\"id\":\"nested\",\"app_packages\":[[\"a\"]]}",
          "{\"id\":\"nullInBag\",\"app_packages\":[\"a\",null]}",
          "[\"not\",\"an\",\"object\"]",
          "{\"id\":\"cut\",\"carrier\":");

  private Path input() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String l : LINES) {
      bytes.write((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // Line 12: invalid UTF-8 (0xC3 0x28) inside a string.
    bytes.write(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}', '\n'});
    Path in = temp.resolve("bad.jsonl");
    Files.write(in, bytes.toByteArray());
    return in;
  }

  @ParameterizedTest
  @ValueSource(strings = {"pytorch", "onnxruntime", "tensorflow", "mxnet"})
  void predict_everyKindOfBadLine_eachLinePredictedOrNamedNoneDropped(String engine)
      throws Exception {
    Path out = temp.resolve("out.csv");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict",
            "--engine",
            engine,
            "--zoo",
            root.resolve("zoo").toString(),
            "--input",
            input().toString(),
            "--output",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).contains("predicted 5 records").contains("7 could not be predicted");
    List<String> rows = Files.readAllLines(out);
    assertThat(rows).hasSize(13);
    for (int line = 1; line <= 5; line++) {
      String[] cells = rows.get(line).split(",", -1);
      assertThat(cells[1]).isEqualTo(Integer.toString(line));
      assertThat(Float.parseFloat(cells[2])).as(rows.get(line)).isBetween(0f, 1f);
    }
    // Empty, null and missing fields are the same empty bags.
    assertThat(rows.get(2).split(",")[2]).isEqualTo(rows.get(3).split(",")[2]);
    assertThat(rows.get(3).split(",")[2]).isEqualTo(rows.get(4).split(",")[2]);
    assertThat(rows.get(6)).contains("record number").contains("carrier").contains("a number");
    assertThat(rows.get(7)).contains("record object").contains("campaigns").contains("an object");
    assertThat(rows.get(8)).contains("app_packages[0]").contains("a list");
    assertThat(rows.get(9)).contains("app_packages[1]").contains("found null");
    assertThat(rows.get(10)).contains("line 10: expected a JSON object");
    assertThat(rows.get(11)).contains("line 11: not valid JSON");
    assertThat(rows.get(12)).contains("line 12:").containsIgnoringCase("UTF-8");
  }

  @Test
  void predict_tamperedModelFile_exitsTwoNamingTheFile() throws Exception {
    Path zoo = copyZoo();
    Path model = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.pt");
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length - 100));

    CliTestSupport.Run run =
        CliTestSupport.run(
            "predict",
            "--engine",
            "pytorch",
            "--zoo",
            zoo.toString(),
            "--input",
            input().toString(),
            "--output",
            temp.resolve("o.npy").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("purchase.pt has changed").doesNotContain("\tat ");
  }

  /** Truncated model files whose checksums were updated too: the engine itself sees the bytes. */
  @ParameterizedTest
  @ValueSource(strings = {"pytorch", "onnxruntime", "tensorflow", "mxnet"})
  void predict_truncatedModelWithMatchingChecksum_exitsCleanlyWithoutCrashing(String engine)
      throws Exception {
    Path zoo = copyZoo();
    String file =
        Map.of(
                "pytorch", "1.0.0/purchase.pt",
                "onnxruntime", "1.0.0/purchase.onnx",
                "tensorflow", "1.0.0/tensorflow/saved_model.pb",
                "mxnet", "1.0.0/mxnet/constants.npz")
            .get(engine);
    Path folder = zoo.resolve("model/tabular/dev/parity/purchase");
    Path model = folder.resolve(file);
    byte[] bytes = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    rehash(folder.resolve("metadata.json"), file, model);

    Forked run =
        fork(
            Map.of(),
            "predict",
            "--engine",
            engine,
            "--zoo",
            zoo.toString(),
            "--input",
            input().toString(),
            "--output",
            temp.resolve("o.npy").toString());

    // Every engine: a malformed model (exit 2) whose message names the file; never a crash.
    assertThat(run.code()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .contains("parity: error:")
        .contains(model.getFileName().toString())
        .doesNotContain("\tat ");
  }

  @Test
  void predict_tensorflowLibraryPathEmpty_exitsThreeNamingTheEngine() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("no-natives"));

    Forked run =
        fork(
            Map.of("TENSORFLOW_LIBRARY_PATH", empty.toString()),
            "predict",
            "--engine",
            "tensorflow",
            "--zoo",
            root.resolve("zoo").toString(),
            "--input",
            input().toString(),
            "--output",
            temp.resolve("o.npy").toString());

    assertThat(run.code()).as(run.output()).isEqualTo(3);
    assertThat(run.output()).contains("TensorFlow engine is unavailable");
  }

  @Test
  void predict_classpathWithoutPytorch_exitsThreeNamingTheArtifacts() throws Exception {
    Forked run =
        forkWithout(
            "pytorch",
            "predict",
            "--engine",
            "pytorch",
            "--zoo",
            root.resolve("zoo").toString(),
            "--input",
            input().toString(),
            "--output",
            temp.resolve("o.npy").toString());

    assertThat(run.code()).as(run.output()).isEqualTo(3);
    assertThat(run.output())
        .contains("PyTorch engine is unavailable")
        .contains("ai.djl.pytorch:pytorch-engine");
  }

  @Test
  void validate_classpathWithoutMxnet_exitsThree() throws Exception {
    Forked run =
        forkWithout(
            "mxnet",
            "validate",
            "--engines",
            "mxnet",
            "--zoo",
            root.resolve("zoo").toString(),
            "--reference",
            root.resolve("reference-outputs/dev.parity/purchase").toString(),
            "--report-dir",
            temp.resolve("r").toString());

    assertThat(run.code()).as(run.output()).isEqualTo(3);
    assertThat(run.output()).contains("MXNet engine is unavailable");
  }

  @Test
  void validate_tamperedModelFile_exitsTwoNamingTheFile() throws Exception {
    Path zoo = copyZoo();
    Path model = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0/purchase.onnx");
    byte[] bytes = Files.readAllBytes(model);
    bytes[1000] ^= 1;
    Files.write(model, bytes);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "validate",
            "--engines",
            "onnxruntime",
            "--zoo",
            zoo.toString(),
            "--report-dir",
            temp.resolve("r").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("purchase.onnx has changed");
  }

  private static final String METADATA = "model/tabular/dev/parity/purchase/metadata.json";
  private static final String VERSION = "model/tabular/dev/parity/purchase/1.0.0/";

  /**
   * A zoo whose metadata.json is cut short, in a real JVM (DJL logs to the process's stderr): one
   * line naming the file, line and column, exit 2, from every command that opens the zoo.
   */
  @ParameterizedTest
  @ValueSource(strings = {"predict", "validate", "zoo list", "zoo verify"})
  void anyCommand_truncatedMetadataJson_oneLineNamingFileLineAndColumnExitTwo(String command)
      throws Exception {
    Path zoo = copyZoo();
    Path metadata = zoo.resolve(METADATA);
    int lastLine = cut(metadata);

    Forked run = fork(Map.of(), commandOn(zoo, command));

    assertThat(run.code()).as(run.output()).isEqualTo(2);
    assertThat(run.output().lines())
        .as(run.output())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            "parity: error: "
                + java.util.regex.Pattern.quote(metadata + ":" + lastLine + ":")
                + "\\d+: not valid JSON: .*\\(the file looks cut short\\); "
                + java.util.regex.Pattern.quote(dev.parity.zoo.ZooMetadata.REMEDY));
  }

  @Test
  void predict_truncatedMetadataJsonWithParityDebug_printsTheStackTrace() throws Exception {
    Path zoo = copyZoo();
    cut(zoo.resolve(METADATA));

    Forked run = fork(Map.of("PARITY_DEBUG", "1"), commandOn(zoo, "predict"));

    assertThat(run.code()).as(run.output()).isEqualTo(2);
    assertThat(run.output())
        .startsWith("parity: error: " + zoo.resolve(METADATA) + ":")
        .contains("dev.parity.file.MalformedFileException: ")
        .contains("\tat dev.parity.zoo.ParityZoo.<init>");
  }

  /**
   * A card or vocabulary cut short: with metadata.json as it was (the checksum fails) or re-hashed
   * (the file is parsed); either way one line naming the file, line and column, exit 2.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "predict, model-card.json, false, true",
    "predict, model-card.json, true, false",
    "validate, model-card.json, false, false",
    "predict, vocab.json, false, true",
    "predict, vocab.json, true, false",
    "validate, vocab.json, true, false"
  })
  void command_truncatedCardOrVocabulary_oneLineNamingFileLineAndColumnExitTwo(
      String command, String file, boolean rehashed, boolean checksumFailsFirst) throws Exception {
    Path zoo = copyZoo();
    Path broken = zoo.resolve(VERSION + file);
    int lastLine = cut(broken);
    if (rehashed) {
      rehash(zoo.resolve(METADATA), "1.0.0/" + file, broken);
    }

    CliTestSupport.Run run = CliTestSupport.run(commandOn(zoo, command));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    String line = errorLine(run.err());
    assertThat(line)
        .startsWith("parity: error: " + broken + ":" + lastLine + ":")
        .contains(": not valid JSON: ")
        .contains("(the file looks cut short)");
    if (checksumFailsFirst) {
      assertThat(line).contains("; it has changed: expected sha256");
    } else {
      assertThat(line).doesNotContain("has changed");
    }
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void validate_truncatedReferenceManifest_oneLineNamingFileLineAndColumnExitTwo()
      throws Exception {
    Path reference =
        copy(root.resolve("reference-outputs/dev.parity/purchase"), temp.resolve("reference"));
    Path manifest = reference.resolve("manifest.json");
    int lastLine = cut(manifest);

    CliTestSupport.Run run =
        CliTestSupport.run(
            "validate",
            "--engines",
            "pytorch",
            "--reference",
            reference.toString(),
            "--report-dir",
            temp.resolve("r").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            errorLine(run.err())
                + System.lineSeparator()) // nothing else: no progress, no stack trace
        .startsWith("parity: error: " + manifest + ":" + lastLine + ":")
        .contains("(the file looks cut short); " + dev.parity.reference.ReferenceManifest.REMEDY);
  }

  @Test
  void validate_planWithYamlSyntaxError_oneLineNamingFileLineAndColumnExitTwo() throws Exception {
    Path plan = temp.resolve("plan.yaml");
    Files.writeString(
        plan,
        "schema: parity.validation-plan/1\n"
            + "engines:\n"
            + "  default:\n"
            + "    outputs:\n"
            + "      probability: {atol: \"1.0e-6, rtol: 1.0e-5}\n");

    CliTestSupport.Run run =
        CliTestSupport.run(
            "validate",
            "--engines",
            "pytorch",
            "--plan",
            plan.toString(),
            "--report-dir",
            temp.resolve("r").toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(errorLine(run.err()) + System.lineSeparator())
        .startsWith("parity: error: " + plan + ":5:")
        .contains(": not valid YAML: ")
        .endsWith(
            "; fix the plan, or leave --plan out for the shipped plan" + System.lineSeparator());
  }

  // Cuts a file in half; returns the line the parser stops at: the one the file now ends on.
  private static int cut(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(file, half);
    return 1
        + (int) new String(half, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
  }

  private String[] commandOn(Path zoo, String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of("--zoo", zoo.toString()));
    if (command.equals("predict")) {
      args.addAll(
          List.of("--input", input().toString(), "--output", temp.resolve("o.csv").toString()));
    } else if (command.equals("validate")) {
      args.addAll(
          List.of(
              "--engines",
              "pytorch",
              "--reference",
              root.resolve("reference-outputs/dev.parity/purchase").toString(),
              "--report-dir",
              temp.resolve("r").toString()));
    }
    return args.toArray(String[]::new);
  }

  // The one "parity: error:" line; validate may print progress before it.
  private static String errorLine(String err) {
    List<String> lines = err.lines().filter(l -> l.startsWith("parity: error: ")).toList();
    assertThat(lines).as(err).hasSize(1);
    return lines.get(0);
  }

  private record Forked(int code, String output) {}

  private Forked fork(Map<String, String> env, String... args) throws Exception {
    return forkWith(classpath(), env, args);
  }

  private Forked forkWithout(String engineJars, String... args) throws Exception {
    String cp =
        Arrays.stream(classpath().split(java.io.File.pathSeparator))
            .filter(e -> !Path.of(e).getFileName().toString().contains(engineJars))
            .collect(Collectors.joining(java.io.File.pathSeparator));
    return forkWith(cp, Map.of(), args);
  }

  // A separate JVM in an empty folder: a native crash would exit 134/139 and leave hs_err there.
  private Forked forkWith(String cp, Map<String, String> env, String... args) throws Exception {
    Path cwd = Files.createDirectories(temp.resolve("cwd-" + System.nanoTime()));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(cp);
    command.add(Parity.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder b =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    b.environment().putAll(env);
    Process p = b.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> files = Files.list(cwd)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(n -> n.startsWith("hs_err_pid"));
    }
    return new Forked(p.exitValue(), output);
  }

  // The module's classpath as the launcher has it: without test classes and test resources (whose
  // simplelogger.properties shows warnings that users do not see).
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String all = surefire != null ? surefire : System.getProperty("java.class.path");
    return Arrays.stream(all.split(java.io.File.pathSeparator))
        .filter(e -> !e.endsWith("test-classes"))
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static void rehash(Path metadata, String uri, Path file) throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    JsonNode root = json.readTree(metadata.toFile());
    java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
    StringBuilder hex = new StringBuilder();
    for (byte x : sha1.digest(Files.readAllBytes(file))) {
      hex.append(String.format("%02x", x));
    }
    for (JsonNode artifact : root.get("artifacts")) {
      for (JsonNode item : artifact.get("files")) {
        if (item.get("uri").asText().equals(uri)) {
          ((ObjectNode) item).put("sha256", Sha256.of(file));
          ((ObjectNode) item).put("sha1Hash", hex.toString());
          ((ObjectNode) item).put("size", Files.size(file));
        }
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(metadata.toFile(), root);
  }

  private Path copyZoo() throws Exception {
    return copy(root.resolve("zoo"), temp.resolve("zoo"));
  }

  private static Path copy(Path from, Path to) throws Exception {
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
}
