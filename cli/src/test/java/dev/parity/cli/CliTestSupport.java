package dev.parity.cli;

import dev.parity.build.Checkout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(PYTHON);
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    org.assertj.core.api.Assertions.assertThat(
            p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(p.exitValue())
        .as(String.join(" ", command) + "\n" + output)
        .isZero();
  }
}
