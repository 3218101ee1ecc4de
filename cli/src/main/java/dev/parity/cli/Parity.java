package dev.parity.cli;

import dev.parity.build.BuildVersions;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code parity} command line: parsing and printing only; the work is in the modules. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    versionProvider = Parity.Version.class,
    description = {
      "Checks that a Python-trained model gives the same answers on the JVM, under any DJL"
          + " engine, and measures how fast it runs there."
    },
    subcommands = {
      ZooCommand.class,
      PredictCommand.class,
      ValidateCommand.class,
      ReleaseCheckCommand.class,
      BenchCommand.class,
      SoakCommand.class,
      LoadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Parity {

  private Parity() {}

  /**
   * Shows the warnings of the engines and libraries (DJL, ONNX Runtime, ...), which are hidden by
   * default ({@code simplelogger.properties}). slf4j-simple reads its level when the first logger
   * is made, which is after the command line is parsed.
   *
   * @param verbose whether {@code --verbose} was given
   */
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "also print the warnings of DJL, the engines and other libraries")
  void verbose(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the command line with Parity's exit codes and error handling: a failure prints one line
   * ({@link Failure}), not a stack trace.
   *
   * @return the command line, ready to execute
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Parity());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> Failure.of(e).print("parity", line.getErr()));
    cl.getCommandSpec().usageMessage().footer("", ExitCode.helpLine());
    return cl;
  }

  /** Prints the versions of the Parity build, its engines and the Java it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "parity " + BuildVersions.parity(),
        "  DJL "
            + BuildVersions.djl()
            + "; engines: PyTorch "
            + BuildVersions.pytorch()
            + ", ONNX Runtime "
            + BuildVersions.onnxRuntime()
            + ", TensorFlow "
            + BuildVersions.tensorflow()
            + ", MXNet "
            + BuildVersions.mxnet()
            + " ("
            + BuildVersions.nativeClassifier()
            + "); parity spark: Spark "
            + BuildVersions.spark(),
        "  Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + "), "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
      };
    }
  }
}
