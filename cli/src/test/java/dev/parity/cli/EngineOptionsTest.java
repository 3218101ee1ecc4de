package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineOptionsTest {
  @TempDir Path temp;

  @AfterEach
  void clearProperty() {
    System.clearProperty("parity.engine");
  }

  private Path config(String text) throws Exception {
    Path file = temp.resolve("parity.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void settings_configFileOnly_engineAndThreadsFromTheFile() throws Exception {
    EngineOptions o = new EngineOptions();
    o.config = config("engine=tensorflow\nintraOpThreads=2\nbatchSize=256\noption.Tags=serve\n");

    EngineSettings s = o.settings();

    assertThat(s.engine()).isEqualTo(EngineName.TENSORFLOW);
    assertThat(s.intraOpThreads()).isEqualTo(2);
    assertThat(s.batchSize()).isEqualTo(256);
    assertThat(s.options()).containsEntry("Tags", "serve");
  }

  @Test
  void settings_systemPropertyAndFile_propertyWins() throws Exception {
    EngineOptions o = new EngineOptions();
    o.config = config("engine=tensorflow\n");
    System.setProperty("parity.engine", "mxnet");

    assertThat(o.settings().engine()).isEqualTo(EngineName.MXNET);
  }

  @Test
  void settings_commandLinePropertyAndFile_commandLineWins() throws Exception {
    EngineOptions o = new EngineOptions();
    o.config = config("engine=tensorflow\n");
    o.engine = "onnx";
    System.setProperty("parity.engine", "mxnet");

    assertThat(o.settings().engine()).isEqualTo(EngineName.ONNXRUNTIME);
  }

  @Test
  void settings_nothingGiven_pytorchOnCpu() throws Exception {
    EngineOptions o = new EngineOptions();
    o.config = config("");

    EngineSettings s = o.settings();

    assertThat(s.engine()).isEqualTo(EngineName.PYTORCH);
    assertThat(s.device()).isEqualTo("cpu");
  }

  @Test
  void settings_nonNumericThreads_failsNamingTheKey() throws Exception {
    EngineOptions o = new EngineOptions();
    o.config = config("interOpThreads=two\n");

    assertThatThrownBy(o::settings).hasMessageContaining("interOpThreads must be a whole number");
  }

  @Test
  void settings_missingConfigFile_fails() {
    EngineOptions o = new EngineOptions();
    o.config = temp.resolve("nope.properties");

    assertThatThrownBy(o::settings).hasMessageContaining("does not exist");
  }
}
