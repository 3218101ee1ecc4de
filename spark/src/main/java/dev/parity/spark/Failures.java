package dev.parity.spark;

import ai.djl.ModelException;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.zoo.ArtifactIntegrityException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.apache.spark.sql.AnalysisException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one clear line and the exit code {@code parity} uses, instead of a
 * stack trace. A failure on an executor reaches the driver wrapped in Spark's exceptions (whose
 * messages hold the executor's stack trace); the cause chain is searched for the real failure.
 * {@code PARITY_DEBUG=1} prints the stack trace as well.
 */
final class Failures implements IExecutionExceptionHandler {
  static final int JOB_FAILED = 1;
  static final int USAGE = 2;
  static final int ENGINE = 3;

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    int code = exitCode(e);
    cl.getErr().println("parity-spark: error: " + message(e));
    if ("1".equals(System.getenv("PARITY_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    } else if (code == JOB_FAILED) {
      cl.getErr().println("(set PARITY_DEBUG=1 for the stack trace)");
    }
    return code;
  }

  /**
   * Returns the exit code for a failure: 3 when an engine could not load, 2 for a usage or input
   * error (a model file missing or changed, an unknown engine, an input that cannot be read), else
   * 1.
   *
   * @param e the failure, as the driver sees it
   * @return the exit code
   */
  static int exitCode(Throwable e) {
    Throwable known = known(e);
    if (known instanceof EngineUnavailableException) {
      return ENGINE;
    }
    return known != null ? USAGE : JOB_FAILED;
  }

  /**
   * Returns one line saying what went wrong: the message of the first failure in the chain that
   * Parity knows (engine, model, input), else the first line of the innermost cause's message.
   *
   * @param e the failure
   * @return the message
   */
  static String message(Throwable e) {
    Throwable t = known(e);
    if (t == null) {
      t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
    }
    String m = t.getMessage();
    if (t instanceof NoSuchFileException) {
      m = "no such file: " + m;
    }
    m = m == null ? t.toString() : m;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  // Engine first: an unavailable engine may come wrapped in a model exception.
  private static Throwable known(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EngineUnavailableException) {
        return t;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ModelException
          || t instanceof ArtifactIntegrityException
          || t instanceof IOException
          || t instanceof IllegalArgumentException
          || t instanceof AnalysisException) {
        return t;
      }
    }
    return null;
  }
}
