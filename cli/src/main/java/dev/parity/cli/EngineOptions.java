package dev.parity.cli;

import dev.parity.engine.EngineSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Engine settings from the command line, a system property or a config file, in that order of
 * precedence. Config file keys: {@code engine}, {@code device}, {@code interOpThreads}, {@code
 * intraOpThreads}, {@code batchSize}, {@code option.<key>}; system properties are the same keys
 * prefixed with {@code parity.}.
 */
final class EngineOptions {
  @Option(
      names = "--engine",
      description =
          "pytorch, onnxruntime, tensorflow or mxnet (default: -Dparity.engine, the config file's"
              + " engine, else pytorch)")
  String engine;

  @Option(names = "--device", description = "cpu (default) or gpu:N")
  String device;

  @Option(names = "--inter-op", description = "inter-op threads (default: the engine's)")
  Integer interOp;

  @Option(names = "--intra-op", description = "intra-op threads (default: the engine's)")
  Integer intraOp;

  @Option(names = "--batch-size", description = "records per engine call (default: 1024)")
  Integer batchSize;

  @Option(
      names = "--config",
      description =
          "properties file with engine settings (default: ./parity.properties if present)")
  Path config;

  EngineSettings settings() throws IOException {
    return settings(engine);
  }

  EngineSettings settings(String engineOverride) throws IOException {
    Properties file = new Properties();
    Path path = config != null ? config : Path.of("parity.properties");
    if (config != null && !Files.isRegularFile(config)) {
      throw new IOException("config file " + config + " does not exist");
    }
    if (Files.isRegularFile(path)) {
      try (Reader r = Files.newBufferedReader(path)) {
        file.load(r);
      }
    }
    EngineSettings.Builder b = EngineSettings.builder();
    b.setEngine(pick(engineOverride, "engine", file, "pytorch"));
    b.optDevice(pick(device, "device", file, "cpu"));
    b.optInterOpThreads(number(interOp, "interOpThreads", file));
    b.optIntraOpThreads(number(intraOp, "intraOpThreads", file));
    String batch = pick(batchSize == null ? null : batchSize.toString(), "batchSize", file, null);
    if (batch != null) {
      b.optBatchSize(parse("batchSize", batch));
    }
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith("option.")) {
        b.optOption(key.substring("option.".length()), file.getProperty(key));
      }
    }
    return b.build();
  }

  private static String pick(String cli, String key, Properties file, String fallback) {
    if (cli != null) {
      return cli;
    }
    String sys = System.getProperty("parity." + key);
    if (sys != null) {
      return sys;
    }
    return file.getProperty(key, fallback);
  }

  private static int number(Integer cli, String key, Properties file) {
    String v = pick(cli == null ? null : cli.toString(), key, file, "0");
    return parse(key, v);
  }

  private static int parse(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, found '" + v + "'", e);
    }
  }
}
