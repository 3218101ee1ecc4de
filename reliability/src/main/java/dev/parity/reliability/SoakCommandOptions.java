package dev.parity.reliability;

import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A soak's options on the command line, as a picocli {@code @Mixin}: {@code parity soak} and the
 * soak JVM it starts parse the same names, with the same defaults, into {@link SoakOptions}. The
 * engine settings come separately, since each command reads them its own way.
 */
public final class SoakCommandOptions {
  @Option(
      names = "--records",
      description = "predictions to run (default: ${DEFAULT-VALUE})",
      defaultValue = "" + SoakOptions.DEFAULT_RECORDS)
  private long records;

  @Option(
      names = "--warmup",
      description =
          "predictions (with --cycles: load/close cycles) before the measured run, not counted"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  private long warmup;

  @Option(
      names = "--threads",
      description = "caller threads sharing the model (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  private int threads;

  @Option(
      names = "--cycles",
      description =
          "instead of predicting, load and close the model this many times (one batch each)"
              + " and check the same growth",
      defaultValue = "0")
  private int cycles;

  @Option(
      names = "--input",
      description = "raw records, cycled (default: ${DEFAULT-VALUE})",
      defaultValue = "reference-outputs/records.jsonl.gz")
  private Path input;

  @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  private Path zoo;

  @Mixin private GrowthLimitOption growthLimit = new GrowthLimitOption();

  @Option(
      names = "--leak",
      hidden = true,
      description = "control: leak each batch's input tensors on a model's own manager")
  private boolean leak;

  /**
   * Returns the soak the options describe.
   *
   * @param engineSettings the engine settings to run with
   * @return the options
   * @throws IOException if the input file does not exist
   * @throws IllegalArgumentException if a value is invalid
   */
  public SoakOptions toOptions(EngineSettings engineSettings) throws IOException {
    if (!Files.isRegularFile(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    SoakOptions.Builder b =
        SoakOptions.builder()
            .setEngineSettings(engineSettings)
            .setInput(input)
            .optRecords(records)
            .optWarmup(warmup)
            .optCycles(cycles)
            .optThreads(threads)
            .optGrowthRule(growthLimit.rule())
            .optZoo(zoo);
    if (leak) {
      b.optLeakControl();
    }
    return b.build();
  }

  /**
   * Returns the arguments that parse back into the given soak's options (engine settings apart).
   *
   * @param o the soak
   * @return the arguments, paths made absolute
   */
  public static List<String> arguments(SoakOptions o) {
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--records", Long.toString(o.records())));
    a.addAll(List.of("--warmup", Long.toString(o.warmup())));
    a.addAll(List.of("--threads", Integer.toString(o.threads())));
    a.addAll(List.of("--cycles", Integer.toString(o.cycles())));
    a.addAll(List.of("--input", o.input().toAbsolutePath().toString()));
    if (o.zoo() != null) {
      a.addAll(List.of("--zoo", o.zoo().toAbsolutePath().toString()));
    }
    a.addAll(List.of("--max-growth-percent", Double.toString(o.growthRule().maxGrowthPercent())));
    if (o.leakControl()) {
      a.add("--leak");
    }
    return a;
  }
}
