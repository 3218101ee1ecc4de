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
      description =
          "raw records, cycled (default: the model's reference records,"
              + " reference-outputs/<groupId>/<artifactId>/records.jsonl.gz)")
  private Path input;

  @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  private Path zoo;

  @Option(
      names = "--model",
      paramLabel = "GROUP:ARTIFACT[:VERSION]",
      description = "the model (default: dev.parity:purchase, newest version)")
  private String model;

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
    Path input = this.input;
    if (input == null) {
      dev.parity.card.ModelId id =
          dev.parity.card.ModelId.parse(
              model != null ? model : dev.parity.zoo.ArtifactSpec.DEFAULT_MODEL);
      input = Path.of("reference-outputs", id.groupId(), id.artifactId(), "records.jsonl.gz");
    }
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
            .optZoo(zoo)
            .optModel(model);
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
    if (o.model() != null) {
      a.addAll(List.of("--model", o.model()));
    }
    a.addAll(List.of("--max-growth-percent", Double.toString(o.growthRule().maxGrowthPercent())));
    if (o.leakControl()) {
      a.add("--leak");
    }
    return a;
  }
}
