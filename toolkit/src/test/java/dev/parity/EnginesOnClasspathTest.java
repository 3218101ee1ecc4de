package dev.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class EnginesOnClasspathTest {

  @Test
  void getAllEngines_runtimeClasspath_listsAllFourEngines() {
    // Only the providers' names: loading the natives would unpack hundreds of MB per engine.
    assertThat(Engine.getAllEngines()).contains("PyTorch", "OnnxRuntime", "MXNet", "TensorFlow");
  }

  @Test
  void offlineProperty_surefireConfiguration_isTrue() {
    // Any native library missing from the classpath must fail loudly instead of being downloaded.
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
  }
}
