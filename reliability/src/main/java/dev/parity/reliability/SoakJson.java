package dev.parity.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes and reads a {@link SoakReport} as JSON ({@value #SCHEMA}): the figures flat at the top,
 * the options and every sample below. The soak JVM writes it; the JVM that started it reads it.
 */
public final class SoakJson {

  /** The report's schema name and version. */
  public static final String SCHEMA = "parity.soak-report/2";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private SoakJson() {}

  /**
   * Writes a report.
   *
   * @param report the report
   * @param file where; parent folders are created
   * @throws IOException if it cannot be written
   */
  public static void write(SoakReport report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), ReportJson.of(report));
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param file the JSON file
   * @return the report
   * @throws IOException if it cannot be read or is not a {@value #SCHEMA} report
   */
  public static SoakReport read(Path file) throws IOException {
    ReportJson json = JSON.readValue(file.toFile(), ReportJson.class);
    if (!SCHEMA.equals(json.schema())) {
      throw new IOException(
          file + " is not a soak report of schema " + SCHEMA + ": found " + json.schema());
    }
    try {
      return json.toReport();
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " holds invalid soak options: " + e.getMessage(), e);
    }
  }

  private record ReportJson(
      String schema,
      String mode,
      String engine,
      String engineVersion,
      OptionsJson options,
      List<String> jvmArguments,
      long total,
      double seconds,
      double perSecond,
      long steadyRssBytes,
      long finalRssBytes,
      long growthBytes,
      double growthPercent,
      double maxGrowthPercent,
      long peakRssBytes,
      long steadyHeapUsedBytes,
      long finalHeapUsedBytes,
      boolean scoresStable,
      boolean passed,
      List<SoakSample> samples) {

    static ReportJson of(SoakReport r) {
      Growth g = r.growth();
      return new ReportJson(
          SCHEMA,
          r.mode().name().toLowerCase(Locale.ROOT),
          r.options().engineSettings().engine().cliName(),
          r.engineVersion(),
          OptionsJson.of(r.options()),
          r.jvmArguments(),
          r.total(),
          r.seconds(),
          r.perSecond(),
          g.steadyBytes(),
          g.endBytes(),
          g.growthBytes(),
          g.growthPercent(),
          g.maxGrowthPercent(),
          r.peakRssBytes(),
          r.steadyHeapUsedBytes(),
          r.finalHeapUsedBytes(),
          r.scoresStable(),
          r.passed(),
          r.samples());
    }

    SoakReport toReport() {
      return new SoakReport(
          options.toOptions(),
          engineVersion,
          jvmArguments,
          seconds,
          // The verdict is the rule's, recomputed from the two figures that define it.
          GrowthRule.withMaxGrowthPercent(maxGrowthPercent).judge(steadyRssBytes, finalRssBytes),
          peakRssBytes,
          steadyHeapUsedBytes,
          finalHeapUsedBytes,
          scoresStable,
          samples);
    }
  }

  private record OptionsJson(
      String engine,
      String device,
      int batchSize,
      int interOpThreads,
      int intraOpThreads,
      Map<String, String> engineOptions,
      long records,
      long warmup,
      int cycles,
      int threads,
      boolean leakControl,
      double maxGrowthPercent,
      String zoo,
      String input) {

    static OptionsJson of(SoakOptions o) {
      EngineSettings s = o.engineSettings();
      return new OptionsJson(
          s.engine().cliName(),
          s.device(),
          s.batchSize(),
          s.interOpThreads(),
          s.intraOpThreads(),
          s.options(),
          o.records(),
          o.warmup(),
          o.cycles(),
          o.threads(),
          o.leakControl(),
          o.growthRule().maxGrowthPercent(),
          o.zoo() == null ? null : o.zoo().toString(),
          o.input().toString());
    }

    SoakOptions toOptions() {
      EngineSettings.Builder s =
          EngineSettings.builder()
              .setEngine(EngineName.parse(engine))
              .optDevice(device)
              .optBatchSize(batchSize)
              .optInterOpThreads(interOpThreads)
              .optIntraOpThreads(intraOpThreads);
      if (engineOptions != null) {
        engineOptions.forEach(s::optOption);
      }
      SoakOptions.Builder b =
          SoakOptions.builder()
              .setEngineSettings(s.build())
              .setInput(Path.of(input))
              .optRecords(records)
              .optWarmup(warmup)
              .optCycles(cycles)
              .optThreads(threads)
              .optGrowthRule(GrowthRule.withMaxGrowthPercent(maxGrowthPercent))
              .optZoo(zoo == null ? null : Path.of(zoo));
      if (leakControl) {
        b.optLeakControl();
      }
      return b.build();
    }
  }
}
