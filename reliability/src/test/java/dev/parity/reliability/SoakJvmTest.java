package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakJvmTest {
  @TempDir Path temp;

  private static final String CLASSPATH =
      String.join(File.pathSeparator, "/opt/parity/reliability.jar", "/opt/parity/lib/toolkit.jar");

  private static SoakOptions options() {
    return SoakOptions.builder()
        .setEngineSettings(
            EngineSettings.builder()
                .setEngine(EngineName.MXNET)
                .optBatchSize(512)
                .optIntraOpThreads(2)
                .optOption("MXNET_ENGINE_TYPE", "NaiveEngine")
                .build())
        .setInput(SoakTestData.records())
        .optRecords(200_000)
        .optWarmup(10_000)
        .optThreads(2)
        .optGrowthRule(GrowthRule.withMaxGrowthPercent(1.5))
        .optZoo(Path.of("/data/zoo"))
        .optLeakControl()
        .build();
  }

  @Test
  void command_givenClasspath_runsTheSoakMainFromItWithAFixedPreTouchedHeap() {
    SoakJvm jvm =
        SoakJvm.builder()
            .setClasspath(CLASSPATH)
            .optJava(Path.of("/usr/bin/java"))
            .optHeap("1g")
            .optJvmOptions(List.of("-Dai.djl.offline=true"))
            .build();

    List<String> command = jvm.command(options(), Path.of("/tmp/soak.json"));

    assertThat(command.subList(0, 9))
        .containsExactly(
            "/usr/bin/java",
            "-Dai.djl.offline=true",
            "-Xms1g",
            "-Xmx1g",
            "-Xmn32m",
            "-XX:+AlwaysPreTouch",
            "-cp",
            CLASSPATH,
            "dev.parity.reliability.SoakMain");
    assertThat(String.join(" ", command))
        .contains("--engine mxnet", "--records 200000", "--leak", "--json /tmp/soak.json");
  }

  @Test
  void command_arguments_parseBackToTheSameOptions() throws Exception {
    List<String> command =
        SoakJvm.builder()
            .setClasspath(CLASSPATH)
            .build()
            .command(options(), temp.resolve("r.json"));
    List<String> arguments =
        command.subList(command.indexOf(SoakMain.class.getName()) + 1, command.size());

    SoakOptions parsed = SoakMain.parse(arguments.toArray(String[]::new));

    assertThat(parsed).isEqualTo(options());
    assertThat(parsed.engineSettings().options()).containsEntry("MXNET_ENGINE_TYPE", "NaiveEngine");
  }

  @Test
  void command_defaultHeap_isTheDocumentedOne() {
    List<String> command =
        SoakJvm.builder()
            .setClasspath(CLASSPATH)
            .build()
            .command(options(), temp.resolve("r.json"));

    assertThat(command)
        .contains("-Xms" + SoakJvm.DEFAULT_HEAP, "-Xmx" + SoakJvm.DEFAULT_HEAP)
        .startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  @Test
  void forwardedProperties_someProperties_passesOnOnlyWhatEnginesAndParityRead() {
    Properties p = new Properties();
    p.setProperty("ai.djl.offline", "true");
    p.setProperty("parity.zoo", "/data/zoo");
    p.setProperty("TENSORFLOW_LIBRARY_PATH", "/tf");
    p.setProperty("DJL_CACHE_DIR", "/cache");
    p.setProperty("java.class.path", "/somewhere.jar");
    p.setProperty("user.dir", "/home");

    assertThat(SoakJvm.forwardedProperties(p))
        .containsExactly(
            "-DDJL_CACHE_DIR=/cache",
            "-DTENSORFLOW_LIBRARY_PATH=/tf",
            "-Dai.djl.offline=true",
            "-Dparity.zoo=/data/zoo");
  }

  @Test
  void isProgress_soakJvmLines_progressButNotTheErrorOrTheSummary() {
    assertThat(SoakJvm.isProgress("soak:  10%  19,456 predictions, RSS 742.4 MiB")).isTrue();
    assertThat(SoakJvm.isProgress("soak: error: zoo folder /z does not exist")).isFalse();
    assertThat(SoakJvm.isProgress("soak pytorch 2.7.1: 200,000 predictions in 9.4 s")).isFalse();
  }

  @Test
  void build_invalidLaunch_rejected() {
    assertThatThrownBy(() -> SoakJvm.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classpath");
    assertThatThrownBy(() -> SoakJvm.builder().setClasspath(CLASSPATH).optHeap("lots").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512m or 2g");
    assertThatThrownBy(
            () -> SoakJvm.builder().setClasspath(CLASSPATH).optJvmOptions(List.of("Xmx1g")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '-'");
  }

  @Test
  void run_missingInputFile_failsAsAnInputErrorWithTheSoakJvmsMessage() {
    SoakOptions o =
        SoakTestData.pytorch().setInput(temp.resolve("absent.jsonl")).optRecords(10).build();

    assertThatThrownBy(() -> SoakTestData.jvm().run(o, temp.resolve("r.json"), line -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("absent.jsonl");
  }
}
