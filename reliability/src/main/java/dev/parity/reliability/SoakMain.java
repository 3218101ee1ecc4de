package dev.parity.reliability;

import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The soak JVM's entry point: runs one soak in this JVM, writes its report as JSON, prints the
 * summary and exits with {@link ExitCode#OK} when it passes, {@link ExitCode#CHECK_FAILED} when it
 * fails, and as {@link Failure} classifies any error. {@link SoakJvm} starts it with the arguments
 * of {@link #arguments}: the engine settings' and the report's, whose names this class owns, and
 * those of {@link SoakCommandOptions}, which {@code parity soak} parses too.
 */
@Command(
    name = "soak-jvm",
    description = "Runs one native-memory soak in this JVM (started by parity soak).")
final class SoakMain implements Callable<Integer> {
  @Option(names = "--engine", required = true)
  private String engine;

  @Option(names = "--device", defaultValue = "cpu")
  private String device;

  @Option(names = "--batch-size", defaultValue = "" + EngineSettings.DEFAULT_BATCH_SIZE)
  private int batchSize;

  @Option(names = "--inter-op", defaultValue = "0")
  private int interOp;

  @Option(names = "--intra-op", defaultValue = "0")
  private int intraOp;

  @Option(names = "--engine-option", paramLabel = "KEY=VALUE")
  private Map<String, String> engineOptions = new TreeMap<>();

  @Mixin private SoakCommandOptions soak = new SoakCommandOptions();

  @Option(names = "--json", required = true)
  private Path json;

  /**
   * Returns the arguments that make this entry point run the given soak.
   *
   * @param o what to run
   * @param json where the soak JVM writes its report
   * @return the arguments, after the main class
   */
  static List<String> arguments(SoakOptions o, Path json) {
    EngineSettings s = o.engineSettings();
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--engine", s.engine().cliName()));
    a.addAll(List.of("--device", s.device()));
    a.addAll(List.of("--batch-size", Integer.toString(s.batchSize())));
    a.addAll(List.of("--inter-op", Integer.toString(s.interOpThreads())));
    a.addAll(List.of("--intra-op", Integer.toString(s.intraOpThreads())));
    s.options().forEach((k, v) -> a.addAll(List.of("--engine-option", k + "=" + v)));
    a.addAll(SoakCommandOptions.arguments(o));
    a.addAll(List.of("--json", json.toAbsolutePath().toString()));
    return a;
  }

  /**
   * Parses arguments as {@link #main} does.
   *
   * @param args the arguments
   * @return the soak they describe
   * @throws CommandLine.ParameterException if they do not parse
   * @throws IllegalArgumentException if a value is invalid
   * @throws IOException if the input file does not exist
   */
  static SoakOptions parse(String... args) throws IOException {
    return CommandLine.populateCommand(new SoakMain(), args).options();
  }

  private SoakOptions options() throws IOException {
    EngineSettings.Builder s =
        EngineSettings.builder()
            .setEngine(engine)
            .optDevice(device)
            .optBatchSize(batchSize)
            .optInterOpThreads(interOp)
            .optIntraOpThreads(intraOp);
    engineOptions.forEach(s::optOption);
    return soak.toOptions(s.build());
  }

  @Override
  public Integer call() throws Exception {
    SoakReport report = Soak.run(options(), System.out);
    SoakJson.write(report, json);
    System.out.print(SoakSummary.text(report));
    System.out.flush();
    return (report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED).code();
  }

  /**
   * Runs one soak and exits with its code.
   *
   * @param args as {@link #arguments} writes them
   */
  public static void main(String[] args) {
    CommandLine cl = new CommandLine(new SoakMain());
    cl.setParameterExceptionHandler(
        (e, given) -> {
          new Failure(ExitCode.BAD_INPUT, e.getMessage(), e).print("soak", cl.getErr());
          return ExitCode.BAD_INPUT.code();
        });
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          Failure f = Failure.of(e);
          f.print("soak", c.getErr());
          return f.exitCode().code();
        });
    System.exit(cl.execute(args));
  }
}
