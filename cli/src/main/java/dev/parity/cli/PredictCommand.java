package dev.parity.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
import dev.parity.predict.Scores;
import dev.parity.zoo.ArtifactSpec;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity predict}: raw records in, probabilities out, under any engine. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Predict purchase probabilities for raw records (JSON Lines, optionally gzip) under the"
          + " chosen engine.",
      "Output by extension: .npy (float32 probabilities in input order; NaN where a record could"
          + " not be predicted), .jsonl or .csv (record id and probability, or the error)."
    },
    footer = {
      "",
      "A record that cannot be predicted is reported with its line number and reason, never"
          + " dropped or given a made-up score; the exit code is then 1.",
      "Example: scripts/parity predict --engine onnxruntime --input"
          + " reference-outputs/records.jsonl.gz --output target/predictions.csv"
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(names = "--input", required = true, description = "raw records, .jsonl or .jsonl.gz")
  Path input;

  @Option(names = "--output", required = true, description = "predictions: .npy, .jsonl or .csv")
  Path output;

  @Option(names = "--zoo", description = "zoo folder (default: -Dparity.zoo, $PARITY_ZOO, ./zoo)")
  Path zoo;

  @Option(names = "--model-version", description = "model version (default: the newest)")
  String version;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private enum Format {
    NPY,
    JSONL,
    CSV
  }

  @Override
  public Integer call() throws Exception {
    Format format = formatOf(output);
    EngineSettings settings = engine.settings();
    if (!Files.isRegularFile(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    PrintWriter err = spec.commandLine().getErr();
    ArtifactSpec artifact = ArtifactSpec.builder().optZoo(zoo).optVersion(version).build();
    long size = Files.size(input);
    int good = 0;
    List<String> errors = new ArrayList<>();
    long loadStart = System.nanoTime();
    long start = 0;
    try (PurchasePredictor predictor = PurchasePredictor.open(artifact, settings, false);
        JsonlRecords lines = JsonlRecords.open(input, predictor.features().names());
        Sink sink = Sink.open(output, format);
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("predict " + settings.engine().cliName())
                .setInitialMax(size)
                .setUnit(" MiB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(
                    new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                .build()) {
      // Throughput excludes loading: checksums and session set-up are paid once per model.
      start = System.nanoTime();
      List<JsonlRecords.Line> chunk = new ArrayList<>(settings.batchSize());
      while (lines.hasNext()) {
        chunk.add(lines.next());
        if (chunk.size() == settings.batchSize() || !lines.hasNext()) {
          List<RawRecord> ok = new ArrayList<>(chunk.size());
          for (JsonlRecords.Line l : chunk) {
            if (l.ok()) {
              ok.add(l.record());
            }
          }
          Scores scores = ok.isEmpty() ? null : predictor.predict(ok);
          int at = 0;
          for (JsonlRecords.Line l : chunk) {
            if (l.ok()) {
              sink.write(l.record().id(), l.number(), scores.probability()[at++], null);
              good++;
            } else {
              sink.write(null, l.number(), Float.NaN, l.error());
              errors.add(l.error());
            }
          }
          chunk.clear();
          bar.stepTo(lines.bytesRead());
        }
      }
      bar.stepTo(size);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (String e : errors.subList(0, Math.min(20, errors.size()))) {
      err.println("  " + e);
    }
    if (errors.size() > 20) {
      err.println("  ... and " + (errors.size() - 20) + " more (see " + output + ")");
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "loaded the model in %.1f s; predicted %d records with %s in %.1f s (%.0f records/s);"
                + " %d could not be predicted; wrote %s%n",
            (start - loadStart) / 1e9,
            good,
            settings,
            seconds,
            good / Math.max(seconds, 1e-9),
            errors.size(),
            output);
    return errors.isEmpty() ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
  }

  private static Format formatOf(Path output) {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return Format.NPY;
    }
    if (name.endsWith(".jsonl")) {
      return Format.JSONL;
    }
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    throw new IllegalArgumentException(
        "--output must end in .npy, .jsonl or .csv, found " + output.getFileName());
  }

  /** Writes predictions in one of the output formats. */
  private abstract static class Sink implements AutoCloseable {
    static Sink open(Path output, Format format) throws IOException {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return switch (format) {
        case NPY -> new NpySink(output);
        case JSONL -> new JsonlSink(output);
        case CSV -> new CsvSink(output);
      };
    }

    abstract void write(String id, int line, float probability, String error) throws IOException;

    @Override
    public abstract void close() throws IOException;
  }

  private static final class NpySink extends Sink {
    private final Path output;
    private float[] values = new float[1 << 16];
    private int n;

    NpySink(Path output) {
      this.output = output;
    }

    @Override
    void write(String id, int line, float probability, String error) {
      if (n == values.length) {
        values = java.util.Arrays.copyOf(values, n * 2);
      }
      values[n++] = probability;
    }

    @Override
    public void close() throws IOException {
      String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
      int pad = 64 - ((10 + header.length() + 1) % 64);
      header = header + " ".repeat(pad % 64) + "\n";
      try (OutputStream out = Files.newOutputStream(output);
          DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
        data.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        data.write(h.length & 0xff);
        data.write(h.length >> 8);
        data.write(h);
        ByteBuffer buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values, 0, n);
        data.write(buf.array());
      }
    }
  }

  private static final class JsonlSink extends Sink {
    private final JsonGenerator json;

    JsonlSink(Path output) throws IOException {
      json = JsonMapper.builder().build().createGenerator(Files.newBufferedWriter(output));
      json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
    }

    @Override
    void write(String id, int line, float probability, String error) throws IOException {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeNumberField("line", line);
      if (error == null) {
        json.writeNumberField("probability", probability);
      } else {
        json.writeStringField("error", error);
      }
      json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      json.writeRaw('\n');
      json.close();
    }
  }

  private static final class CsvSink extends Sink {
    private final BufferedWriter out;

    CsvSink(Path output) throws IOException {
      out = Files.newBufferedWriter(output);
      out.write("id,line,probability,error\n");
    }

    @Override
    void write(String id, int line, float probability, String error) throws IOException {
      out.write(quote(id));
      out.write(',');
      out.write(Integer.toString(line));
      out.write(',');
      out.write(error == null ? Float.toString(probability) : "");
      out.write(',');
      out.write(error == null ? "" : quote(error));
      out.write('\n');
    }

    private static String quote(String s) {
      if (s == null) {
        return "";
      }
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
