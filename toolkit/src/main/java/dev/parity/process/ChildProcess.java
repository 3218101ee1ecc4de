package dev.parity.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * How a child process ended: its exit code and the last line it printed that was not blank (where a
 * Parity entry point prints its one {@code parity: error:} line).
 *
 * @param exitCode the exit code
 * @param lastLine the last non-blank line of its output (standard error merged in), or empty
 */
public record ChildProcess(int exitCode, String lastLine) {

  /**
   * Starts a process with its standard error merged into its output, hands every line to {@code
   * lines} as it comes, and waits for it; a process still running when reading stops (an interrupt,
   * a failing consumer) is destroyed.
   *
   * @param builder the command, environment and folder
   * @param lines receives the output, line by line
   * @return how it ended
   * @throws IOException if it cannot start or its output cannot be read
   * @throws InterruptedException if interrupted while waiting
   */
  public static ChildProcess run(ProcessBuilder builder, Consumer<String> lines)
      throws IOException, InterruptedException {
    Process child = builder.redirectErrorStream(true).start();
    String lastLine = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.accept(line);
        if (!line.isBlank()) {
          lastLine = line;
        }
      }
    } finally {
      if (child.isAlive()) {
        child.destroy();
      }
    }
    return new ChildProcess(child.waitFor(), lastLine);
  }
}
