package dev.parity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.failure.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParityTest {
  private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @AfterEach
  void clearLevel() {
    System.clearProperty(LEVEL);
  }

  @Test
  void help_root_endsWithTheToolkitsExitCodeLine() {
    CliTestSupport.Run run = CliTestSupport.run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " ")).contains(ExitCode.helpLine());
  }

  @Test
  void verbose_onASubcommand_lowersTheLogLevelToWarn() {
    System.clearProperty(LEVEL);

    Parity.commandLine().parseArgs("zoo", "list", "--verbose");

    assertThat(System.getProperty(LEVEL)).isEqualTo("warn");
  }

  @Test
  void verbose_absent_leavesTheQuietDefault() {
    System.clearProperty(LEVEL);

    Parity.commandLine().parseArgs("zoo", "list");

    assertThat(System.getProperty(LEVEL)).isNull();
  }
}
