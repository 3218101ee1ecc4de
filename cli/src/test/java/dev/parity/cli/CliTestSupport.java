package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.build.Checkout;
import dev.parity.npy.Npy;
import dev.parity.npy.NpyFormatException;
import dev.parity.zoo.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it prints. */
final class CliTestSupport {
  private CliTestSupport() {}

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Parity.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path root() {
    return Checkout.requireRoot();
  }

  /** Debian's Python, which has torch, numpy and onnx. */
  static final String PYTHON = "/usr/bin/python3";

  /** Runs a Python script with {@value #PYTHON} and checks it exits 0. */
  static void python(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  /** Copies a flat folder (a reference set). */
  static Path copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  /**
   * Rewrites a reference set's manifest after its files were edited: each file's sha256 and size,
   * and each array's shape, so that only the edit itself is wrong.
   */
  static void rehash(Path set) throws IOException, NpyFormatException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(set.resolve("manifest.json").toFile());
    for (var f : root.withArray("files")) {
      Path file = set.resolve(f.get("path").asText());
      ((ObjectNode) f).put("sha256", Sha256.of(file));
      ((ObjectNode) f).put("size", Files.size(file));
      if (file.toString().endsWith(".npy")) {
        ArrayNode shape = ((ObjectNode) f).putArray("shape");
        for (long d : Npy.read(file).shape()) {
          shape.add(d);
        }
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(set.resolve("manifest.json").toFile(), root);
  }
}
