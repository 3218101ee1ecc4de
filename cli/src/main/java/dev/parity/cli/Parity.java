package dev.parity.cli;

import dev.parity.build.BuildVersions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parity} command line: parsing and printing only; the work is in the modules. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    versionProvider = Parity.Version.class,
    description = {
      "Checks that a Python-trained model gives the same answers on the JVM, under any DJL"
          + " engine, and measures how fast it runs there.",
      "",
      "Exit codes: 0 success, 1 a check failed or some records could not be predicted,"
          + " 2 usage or input error, 3 an engine could not load."
    },
    subcommands = {
      ZooCommand.class,
      PredictCommand.class,
      ValidateCommand.class,
      BenchCommand.class,
      SoakCommand.class,
      LoadCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Parity {

  private Parity() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the command line with Parity's exit codes and error handling.
   *
   * @return the command line, ready to execute
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Parity());
    cl.setExecutionExceptionHandler(new Failures());
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
