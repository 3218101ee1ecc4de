package dev.parity.failure;

import ai.djl.ModelException;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.features.BadRecordException;
import dev.parity.npy.NpyFormatException;
import dev.parity.zoo.ArtifactIntegrityException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/**
 * A failed command, classified: its exit code and the one line that says what went wrong. Every
 * entry point turns an exception into a {@code Failure} here, so the same failure gets the same
 * code and wording whether it happened in {@code parity}, on a Spark executor or in a soak.
 *
 * <p>Failures arrive wrapped (DJL wraps a loader's reason, Spark wraps an executor's), so the cause
 * chain is searched: an unavailable engine first (it may come inside a model exception), then the
 * first input failure Parity knows. Anything else is an unexpected fault and counts as {@link
 * ExitCode#CHECK_FAILED}, with its innermost cause's first line as the message.
 *
 * @param exitCode the exit code
 * @param message one line, without a stack trace
 * @param cause the failure as it was thrown
 */
public record Failure(ExitCode exitCode, String message, Throwable cause) {

  /** The environment variable that makes entry points print stack traces too. */
  public static final String DEBUG_ENV = "PARITY_DEBUG";

  /**
   * Classifies a failure.
   *
   * @param e the failure as the entry point caught it
   * @return its code and message
   */
  public static Failure of(Throwable e) {
    Throwable engine = find(e, EngineUnavailableException.class);
    if (engine != null) {
      return new Failure(ExitCode.ENGINE_UNAVAILABLE, firstLine(engine), e);
    }
    for (Throwable t = e; t != null; t = next(t)) {
      if (isInputFailure(t)) {
        return new Failure(ExitCode.BAD_INPUT, firstLine(t), e);
      }
    }
    Throwable innermost = e;
    while (next(innermost) != null) {
      innermost = next(innermost);
    }
    return new Failure(ExitCode.CHECK_FAILED, firstLine(innermost), e);
  }

  /**
   * Whether a failure is the caller's input (a file, model, record, option) rather than a fault.
   *
   * @param t one exception of a cause chain
   * @return true for model, artifact, record, numpy and I/O failures and illegal arguments
   */
  static boolean isInputFailure(Throwable t) {
    return t instanceof ModelException
        || t instanceof ArtifactIntegrityException
        || t instanceof BadRecordException
        || t instanceof NpyFormatException
        || t instanceof IOException
        || t instanceof IllegalArgumentException;
  }

  /**
   * Prints the failure as every entry point does: {@code <program>: error: <message>}, then the
   * stack trace when {@value #DEBUG_ENV}=1, else a hint for unexpected faults.
   *
   * @param program e.g. {@code parity}
   * @param err where to print
   * @return the process exit status to end with
   */
  public int print(String program, PrintWriter err) {
    err.println(program + ": error: " + message);
    if (debug()) {
      cause.printStackTrace(err);
    } else if (exitCode == ExitCode.CHECK_FAILED) {
      err.println("(set " + DEBUG_ENV + "=1 for the stack trace)");
    }
    err.flush();
    return exitCode.code();
  }

  /**
   * Whether stack traces are wanted.
   *
   * @return true when {@value #DEBUG_ENV} is {@code 1}
   */
  public static boolean debug() {
    return "1".equals(System.getenv(DEBUG_ENV));
  }

  private static Throwable find(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static Throwable next(Throwable t) {
    Throwable c = t.getCause();
    return c == t ? null : c;
  }

  private static String firstLine(Throwable t) {
    String m = t.getMessage();
    if (t instanceof NoSuchFileException) {
      m = "no such file: " + m;
    }
    m = m == null ? t.toString() : m;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
