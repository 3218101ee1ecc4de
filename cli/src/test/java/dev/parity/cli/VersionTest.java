package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.BuildVersions;
import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void version_printsTheBuildsVersions() {
    CliTestSupport.Run run = CliTestSupport.run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("parity " + BuildVersions.parity() + "\n")
        .contains("DJL " + BuildVersions.djl())
        .contains("PyTorch " + BuildVersions.pytorch())
        .contains("TensorFlow " + BuildVersions.tensorflow())
        .contains("MXNet " + BuildVersions.mxnet())
        .contains("ONNX Runtime " + BuildVersions.onnxRuntime())
        .contains("Java " + System.getProperty("java.version"))
        .doesNotContain("development build");
  }
}
