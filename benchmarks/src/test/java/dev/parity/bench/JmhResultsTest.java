package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {

  @Test
  void read_fixture_parsesParamsThreadsAndSecondaryResults() throws Exception {
    List<JmhMeasurement> ms = Fixtures.jmh();

    JmhMeasurement twoCallers = ms.get(3);
    assertThat(twoCallers.is("FullPathBenchmark", "throughput")).isTrue();
    assertThat(twoCallers.callerThreads()).isEqualTo(2);
    assertThat(twoCallers.threadsUsed()).isEqualTo(2);
    assertThat(twoCallers.recordsPerSecond()).isEqualTo(300000);
    assertThat(twoCallers.batch()).isEqualTo(1024);
    JmhMeasurement gemm = ms.get(12);
    assertThat(gemm.method()).isEqualTo("gemm");
    assertThat(gemm.intraOp()).isEqualTo(1);
    assertThat(gemm.secondary()).containsEntry("flops", 50e9);
    assertThat(gemm.recordsPerSecond()).isNaN();
  }

  @Test
  void merge_twoFilesAndAMissingOne_concatenates(@TempDir Path dir) throws Exception {
    Path a = Fixtures.resource("jmh-fixture.json");
    Path merged = dir.resolve("all.json");

    JmhResults.merge(List.of(a, dir.resolve("absent.json"), a), merged);

    assertThat(JmhResults.read(merged)).hasSize(2 * Fixtures.jmh().size());
  }

  @Test
  void read_notAnArray_fails(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("x.json"), "{}");

    assertThatThrownBy(() -> JmhResults.read(f)).hasMessageContaining("not a JMH JSON result");
  }

  @Test
  void pythonBest_missingThreadCount_fallsBackToLargestBelow() throws Exception {
    PythonBaseline py = Fixtures.python();

    assertThat(py.best("full", 4)).get().extracting(PythonBaseline.Result::threads).isEqualTo(2);
    assertThat(py.best("full", 1))
        .get()
        .extracting(PythonBaseline.Result::recordsPerSecond)
        .isEqualTo(20000.0);
    assertThat(py.best("full", 0)).isEmpty();
  }
}
