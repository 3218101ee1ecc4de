package dev.parity.failure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineUnavailableException;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class FailureTest {

  @Test
  void of_engineInsideModelException_engineUnavailableWins() {
    EngineUnavailableException engine =
        new EngineUnavailableException(EngineName.MXNET, "no natives", null);
    Failure f = Failure.of(new ModelNotFoundException("wrapped", engine));
    assertThat(f.exitCode()).isEqualTo(ExitCode.ENGINE_UNAVAILABLE);
    assertThat(f.exitCode().code()).isEqualTo(3);
    assertThat(f.message()).startsWith("MXNet engine is unavailable: no natives");
  }

  @Test
  void of_inputFailureWrappedInRuntimeException_badInputWithItsFirstLine() {
    Failure f =
        Failure.of(
            new RuntimeException(
                "Job aborted", new MalformedModelException("purchase.pt: bad\n\tat frame")));
    assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(f.message()).isEqualTo("purchase.pt: bad");
  }

  @Test
  void of_missingFile_saysNoSuchFile() {
    Failure f = Failure.of(new NoSuchFileException("/tmp/x.jsonl"));
    assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(f.message()).isEqualTo("no such file: /tmp/x.jsonl");
  }

  @Test
  void of_unexpectedFault_checkFailedWithInnermostCause() {
    Failure f = Failure.of(new IllegalStateException("outer", new ArithmeticException("inner")));
    assertThat(f.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
    assertThat(f.message()).isEqualTo("inner");
  }

  @Test
  void print_unexpectedFault_hintsAtDebugVariable() {
    StringWriter out = new StringWriter();
    Failure.of(new IllegalStateException("boom")).print("parity", new PrintWriter(out));
    assertThat(out.toString()).startsWith("parity: error: boom");
    if (!Failure.debug()) {
      assertThat(out.toString()).contains("PARITY_DEBUG=1");
    }
  }

  @Test
  void print_inputFailure_noHint() {
    StringWriter out = new StringWriter();
    Failure.of(new IOException("cannot read x")).print("parity", new PrintWriter(out));
    assertThat(out.toString()).isEqualTo("parity: error: cannot read x" + System.lineSeparator());
  }

  @Test
  void helpLine_listsEveryCodeInOrder() {
    assertThat(ExitCode.helpLine())
        .isEqualTo(
            "Exit codes: 0 success, 1 a check failed or some records could not be predicted,"
                + " 2 usage or input error, 3 an engine could not load.");
  }

  @Test
  void of_malformedFileInsideExecutorWrappers_badInputWithTheFilesLine() {
    MalformedFileException file =
        new MalformedFileException(
            "/zoo/metadata.json", 24, 10, "not valid JSON: cut short", "restore it", null);
    Failure f =
        Failure.of(
            new RuntimeException(
                "Job aborted due to stage failure\n\tat frame",
                new java.io.UncheckedIOException("cannot load the model", file)));

    assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(f.message())
        .isEqualTo("/zoo/metadata.json:24:10: not valid JSON: cut short; restore it");
  }

  @Test
  void print_anyFailure_returnsItsExitStatus() {
    StringWriter out = new StringWriter();

    int status =
        Failure.of(new EngineUnavailableException(EngineName.TENSORFLOW, "no natives", null))
            .print("parity", new PrintWriter(out));

    assertThat(status).isEqualTo(3);
    assertThat(out.toString()).startsWith("parity: error: TensorFlow engine is unavailable");
  }
}
