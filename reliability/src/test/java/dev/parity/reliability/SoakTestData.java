package dev.parity.reliability;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.nio.file.Path;

/** The committed model and records (paths set by this module's Surefire configuration). */
final class SoakTestData {
  private SoakTestData() {}

  static Path zoo() {
    return Path.of(System.getProperty("parity.zoo"));
  }

  static Path records() {
    return Path.of(System.getProperty("reliability.records"));
  }

  /** A PyTorch soak of the committed model, batch 1024, one thread. */
  static SoakOptions.Builder pytorch() {
    return SoakOptions.builder()
        .setEngineSettings(EngineSettings.of(EngineName.PYTORCH))
        .setInput(records())
        .optZoo(zoo());
  }

  /**
   * The soak JVM for tests: Surefire runs tests from a manifest-only jar and hands the real
   * classpath over in a property of its own.
   */
  static SoakJvm jvm() {
    String classpath = System.getProperty("surefire.test.class.path");
    return SoakJvm.builder()
        .setClasspath(classpath != null ? classpath : System.getProperty("java.class.path"))
        .optJvmOptions(SoakJvm.forwardedProperties(System.getProperties()))
        .build();
  }
}
