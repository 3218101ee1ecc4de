package dev.parity.cli;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.features.BadRecordException;
import dev.parity.npy.NpyFormatException;
import dev.parity.zoo.ArtifactIntegrityException;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line and an exit code instead of a stack trace. {@code
 * PARITY_DEBUG=1} prints the trace as well.
 */
final class Failures implements IExecutionExceptionHandler {
  static final int CHECK_FAILED = 1;
  static final int USAGE = 2;
  static final int ENGINE = 3;

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    int code;
    if (e instanceof EngineUnavailableException) {
      code = ENGINE;
    } else if (e instanceof ModelNotFoundException
        || e instanceof MalformedModelException
        || e instanceof ArtifactIntegrityException
        || e instanceof BadRecordException
        || e instanceof NpyFormatException
        || e instanceof IOException
        || e instanceof IllegalArgumentException) {
      code = USAGE;
    } else {
      code = CHECK_FAILED;
    }
    cl.getErr().println("parity: error: " + message(e));
    if ("1".equals(System.getenv("PARITY_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    } else if (code == CHECK_FAILED) {
      cl.getErr().println("(set PARITY_DEBUG=1 for the stack trace)");
    }
    return code;
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + m;
    }
    return m == null ? e.toString() : m;
  }
}
