package dev.parity.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.card.ModelCard;
import dev.parity.card.Task;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineSettings;
import dev.parity.failure.ExitCode;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.file.MalformedFileException;
import dev.parity.predict.ModelPredictor;
import dev.parity.reference.ReferenceManifest;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parity predict}: raw records or input tensors in, any model's outputs out. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run any registered model under the chosen engine: raw records (JSON Lines, optionally"
          + " gzip; for a model whose card has features) or a reference set's input tensors"
          + " (--inputs DIR).",
      "--output writes the chosen outputs (default: the card's task output) by extension: .npy"
          + " (one output, in input order; NaN rows where a record could not be predicted),"
          + " .jsonl or .csv (record id and outputs, or the error). --save-outputs DIR writes a"
          + " reference set (docs/reference-set.md) of the inputs and every output, so that this"
          + " run can be the reference of a later one."
    },
    footer = {
      "",
      "A record that cannot be predicted is reported with its line number and reason, never"
          + " dropped or given a made-up score; the exit code is then 1.",
      "Examples:",
      "  scripts/parity predict --engine onnxruntime --input"
          + " reference-outputs/dev.parity/purchase/records.jsonl.gz --output target/p.csv",
      "  scripts/parity predict --model dev.parity:segment --inputs"
          + " reference-outputs/dev.parity/segment --save-outputs target/segment-jvm"
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Mixin ModelOptions model;

  @ArgGroup(multiplicity = "1")
  Source source;

  /** Where the inputs come from: records or tensors. */
  static final class Source {
    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "raw records, .jsonl or .jsonl.gz")
    Path records;

    @Option(
        names = "--inputs",
        paramLabel = "DIR",
        description = "a reference set whose input:<name> arrays feed the model")
    Path tensors;
  }

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "outputs by extension: .npy, .jsonl or .csv")
  Path output;

  @Option(
      names = "--outputs",
      split = ",",
      paramLabel = "NAME",
      description = "outputs to write to --output (default: the task's output, else all)")
  List<String> outputs;

  @Option(
      names = "--save-outputs",
      paramLabel = "DIR",
      description =
          "write a reference set of the inputs and every output into DIR (a later validate"
              + " --reference DIR compares another release against it: a drift run)")
  Path saveOutputs;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "with --save-outputs: the records' labels (.npy, one per record) to store in the set, so"
              + " that a drift run compares quality too (default: the labels of the --inputs set)")
  Path labels;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private enum Format {
    NPY,
    JSONL,
    CSV
  }

  @Override
  public Integer call() throws Exception {
    if (output == null && saveOutputs == null) {
      throw new IllegalArgumentException("give --output FILE, --save-outputs DIR, or both");
    }
    if (labels != null && saveOutputs == null) {
      throw new IllegalArgumentException("--labels goes with --save-outputs DIR");
    }
    Format format = output == null ? null : formatOf(output);
    EngineSettings settings = engine.settings();
    PrintWriter err = spec.commandLine().getErr();
    long loadStart = System.nanoTime();
    try (ModelPredictor predictor = ModelPredictor.open(model.artifact(), settings)) {
      ModelCard card = predictor.card();
      List<String> written = chosenOutputs(card);
      if (format == Format.NPY && written.size() != 1) {
        throw new IllegalArgumentException(
            ".npy holds one output; choose one with --outputs (the model has "
                + String.join(", ", card.signature().outputNames())
                + ")");
      }
      long start = System.nanoTime();
      Run run =
          source.records != null
              ? fromRecords(predictor, written, format)
              : fromTensors(predictor, written, format);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (String e : run.errors.subList(0, Math.min(20, run.errors.size()))) {
        err.println("  " + e);
      }
      if (run.errors.size() > 20) {
        err.println("  ... and " + (run.errors.size() - 20) + " more (see " + output + ")");
      }
      if (saveOutputs != null) {
        if (!run.errors.isEmpty()) {
          err.println(
              "parity: not writing "
                  + saveOutputs
                  + ": a reference set needs every record predicted, and "
                  + run.errors.size()
                  + " could not be");
        } else {
          saveReferenceSet(predictor, run);
        }
      }
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "loaded %s in %.1f s; predicted %d records with %s in %.1f s (%.0f records/s);"
                  + " %d could not be predicted%s%s%n",
              card.id(),
              (start - loadStart) / 1e9,
              run.good,
              settings,
              seconds,
              run.good / Math.max(seconds, 1e-9),
              run.errors.size(),
              output == null ? "" : "; wrote " + output,
              saveOutputs == null || !run.errors.isEmpty() ? "" : "; saved " + saveOutputs);
      return run.errors.isEmpty() ? 0 : ExitCode.CHECK_FAILED.code();
    }
  }

  private static List<TensorSpec> specs(ModelPredictor predictor, List<String> names) {
    return names.stream().map(predictor.card().signature()::output).toList();
  }

  private List<String> chosenOutputs(ModelCard card) {
    if (outputs != null && !outputs.isEmpty()) {
      for (String o : outputs) {
        card.signature().output(o);
      }
      return List.copyOf(outputs);
    }
    if (card.task().kind() != Task.Kind.NONE) {
      return List.of(card.task().output());
    }
    return card.signature().outputNames();
  }

  /** What a run produced: every good batch's inputs and outputs, and the errors. */
  private static final class Run {
    final List<TensorBatch> inputs = new ArrayList<>();
    final List<TensorBatch> outputs = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int good;
  }

  private Run fromRecords(ModelPredictor predictor, List<String> written, Format format)
      throws Exception {
    Path input = source.records;
    if (!Files.isRegularFile(input)) {
      throw new IOException("input " + input + " does not exist");
    }
    Run run = new Run();
    var encoder = predictor.encoder();
    int batch = predictor.settings().batchSize();
    try (JsonlRecords lines =
            JsonlRecords.open(input, encoder.fieldNames(), encoder.numericFields());
        Sink sink = Sink.open(output, format, specs(predictor, written));
        ProgressBar bar = bar("predict " + predictor.settings().engine().cliName(), input)) {
      List<JsonlRecords.Line> chunk = new ArrayList<>(batch);
      while (lines.hasNext()) {
        chunk.add(lines.next());
        if (chunk.size() == batch || !lines.hasNext()) {
          List<RawRecord> ok = new ArrayList<>(chunk.size());
          for (JsonlRecords.Line l : chunk) {
            if (l.ok()) {
              ok.add(l.record());
            }
          }
          TensorBatch in = ok.isEmpty() ? null : encoder.encode(ok);
          TensorBatch out = in == null ? null : predictor.predict(in);
          if (in != null && saveOutputs != null) {
            run.inputs.add(in);
            run.outputs.add(out);
          }
          int at = 0;
          for (JsonlRecords.Line l : chunk) {
            if (l.ok()) {
              sink.write(l.record().id(), l.number(), out, at++, null);
              run.good++;
            } else {
              sink.write(null, l.number(), null, -1, l.error());
              run.errors.add(l.error());
            }
          }
          chunk.clear();
          bar.stepTo(lines.bytesRead());
        }
      }
      bar.stepTo(Files.size(input));
    }
    return run;
  }

  private Run fromTensors(ModelPredictor predictor, List<String> written, Format format)
      throws Exception {
    Path folder = source.tensors;
    ReferenceManifest manifest =
        ReferenceManifest.read(folder.resolve(ReferenceManifest.FILE_NAME));
    manifest.verifyFiles(folder);
    java.util.Map<String, Tensor> all = new java.util.LinkedHashMap<>();
    for (TensorSpec spec : predictor.card().signature().inputs()) {
      if (!manifest.has("input:" + spec.name())) {
        throw new IllegalArgumentException(
            folder
                + " has no input:"
                + spec.name()
                + "; the model's inputs are "
                + String.join(", ", predictor.card().signature().inputNames()));
      }
      Path file = manifest.entry("input:" + spec.name()).resolveIn(folder);
      Tensor t = dev.parity.npy.Npy.read(file);
      String disagreement = spec.disagreement(t);
      if (disagreement != null) {
        throw new MalformedFileException(
            file.toString(),
            0,
            0,
            "input " + spec.name() + ": " + disagreement,
            "write the input with the dtype and shape of the model card's signature",
            null);
      }
      all.put(spec.name(), t);
    }
    TensorBatch inputs = TensorBatch.of(all);
    Run run = new Run();
    int batch = predictor.settings().batchSize();
    try (Sink sink = Sink.open(output, format, specs(predictor, written))) {
      for (int at = 0; at < inputs.rows(); at += batch) {
        TensorBatch in = inputs.rows(at, Math.min(inputs.rows(), at + batch));
        TensorBatch out = predictor.predict(in);
        run.inputs.add(in);
        run.outputs.add(out);
        for (int r = 0; r < in.rows(); r++) {
          sink.write(null, at + r + 1, out, r, null);
        }
        run.good += in.rows();
      }
    }
    return run;
  }

  private void saveReferenceSet(ModelPredictor predictor, Run run)
      throws IOException, dev.parity.npy.NpyFormatException {
    if (run.outputs.isEmpty()) {
      return;
    }
    Files.createDirectories(saveOutputs);
    TensorBatch inputs = TensorBatch.concat(run.inputs);
    TensorBatch outs = TensorBatch.concat(run.outputs);
    List<ReferenceManifest.Entry> entries = new ArrayList<>();
    if (source.records != null) {
      String name =
          source.records.toString().endsWith(".gz") ? "records.jsonl.gz" : "records.jsonl";
      Files.copy(
          source.records,
          saveOutputs.resolve(name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      entries.add(entry(saveOutputs, name, "records", "jsonl", new long[] {inputs.rows()}));
    }
    for (var e : inputs.tensors().entrySet()) {
      entries.add(array(e.getValue(), "input-" + e.getKey() + ".npy", "input:" + e.getKey()));
    }
    Tensor labelled = labels(inputs.rows());
    if (labelled != null) {
      entries.add(array(labelled, "labels.npy", "labels"));
    }
    for (var e : outs.tensors().entrySet()) {
      entries.add(array(e.getValue(), "output-" + e.getKey() + ".npy", "output:" + e.getKey()));
    }
    var producer = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    producer.put("tool", ReferenceManifest.JVM_TOOL);
    producer.put("parity", dev.parity.build.BuildVersions.parity());
    producer.put("djl", ai.djl.engine.Engine.getDjlVersion());
    producer.put("engine", predictor.settings().engine().cliName());
    producer.put("engineVersion", predictor.engineVersion());
    producer.put("settings", predictor.settings().toString());
    producer.put("modelFileSha256", predictor.modelSha256());
    producer.put("java", System.getProperty("java.version"));
    new ReferenceManifest(
            inputs.rows(),
            predictor.card().id(),
            dev.parity.zoo.Sha256.of(predictor.cardFolder().resolve(ModelCard.FILE_NAME)),
            entries,
            java.util.Map.of("producer", producer))
        .write(saveOutputs);
  }

  // The --labels file, else the --inputs set's labels; null when there are none.
  private Tensor labels(int rows) throws IOException, dev.parity.npy.NpyFormatException {
    Tensor t = null;
    if (labels != null) {
      t = dev.parity.npy.Npy.read(labels);
    } else if (source.tensors != null) {
      ReferenceManifest manifest =
          ReferenceManifest.read(source.tensors.resolve(ReferenceManifest.FILE_NAME));
      if (manifest.has("labels")) {
        t = dev.parity.npy.Npy.read(manifest.entry("labels").resolveIn(source.tensors));
      }
    }
    if (t != null && (t.rank() != 1 || t.rows() != rows)) {
      throw new IllegalArgumentException(
          "the labels hold shape "
              + java.util.Arrays.toString(t.shape())
              + "; a reference set needs one label per record, ["
              + rows
              + "]");
    }
    return t;
  }

  private ReferenceManifest.Entry array(Tensor t, String file, String role) throws IOException {
    dev.parity.npy.Npy.write(saveOutputs.resolve(file), t);
    return entry(saveOutputs, file, role, t.dtype().numpyName(), t.shape());
  }

  private static ReferenceManifest.Entry entry(
      Path folder, String name, String role, String dtype, long[] shape) throws IOException {
    Path file = folder.resolve(name);
    List<Long> s = new ArrayList<>();
    for (long d : shape) {
      s.add(d);
    }
    return new ReferenceManifest.Entry(
        name, role, dev.parity.zoo.Sha256.of(file), Files.size(file), s, dtype, null);
  }

  private static ProgressBar bar(String task, Path input) throws IOException {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(Files.size(input))
        .setUnit(" MiB", 1 << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
        .build();
  }

  private static Format formatOf(Path output) {
    String name = output.toString().toLowerCase(Locale.ROOT);
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
        "--output must end in .npy, .jsonl or .csv, found " + output);
  }

  /** Writes chosen outputs in one of the formats; a null file writes nothing. */
  private abstract static class Sink implements AutoCloseable {
    final List<String> names;

    Sink(List<String> names) {
      this.names = names;
    }

    static Sink open(Path output, Format format, List<TensorSpec> specs) throws IOException {
      List<String> names = specs.stream().map(TensorSpec::name).toList();
      if (output == null) {
        return new Sink(names) {
          @Override
          void write(String id, int line, TensorBatch out, int row, String error) {}

          @Override
          public void close() {}
        };
      }
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return switch (format) {
        case NPY -> new NpySink(output, names);
        case JSONL -> new JsonlSink(output, names);
        case CSV -> new CsvSink(output, specs);
      };
    }

    /**
     * Writes one record's outputs, or its error.
     *
     * @param out the batch's outputs, null for an error
     * @param row the record's row in {@code out}
     */
    abstract void write(String id, int line, TensorBatch out, int row, String error)
        throws IOException;

    @Override
    public abstract void close() throws IOException;
  }

  /** One output, rows in input order; a record that failed gets a row of NaN. */
  private static final class NpySink extends Sink {
    private final Path output;
    private float[] values = new float[1 << 16];
    private long[] rowShape;
    private int width = -1;
    private int rows;
    private int n;

    NpySink(Path output, List<String> names) {
      super(names);
      this.output = output;
    }

    @Override
    void write(String id, int line, TensorBatch out, int row, String error) {
      if (out != null && width < 0) {
        Tensor t = out.get(names.get(0));
        width = t.rowLength();
        long[] s = t.shape();
        rowShape = java.util.Arrays.copyOfRange(s, 1, s.length);
      }
      int w = Math.max(width, 1);
      if (n + w > values.length) {
        values = java.util.Arrays.copyOf(values, Math.max(values.length * 2, n + w));
      }
      if (out == null) {
        java.util.Arrays.fill(values, n, n + w, Float.NaN);
      } else {
        Tensor t = out.get(names.get(0));
        for (int k = 0; k < w; k++) {
          values[n + k] = (float) t.getDouble(row * w + k);
        }
      }
      n += w;
      rows++;
    }

    @Override
    public void close() throws IOException {
      long[] shape = new long[1 + (rowShape == null ? 0 : rowShape.length)];
      shape[0] = rows;
      if (rowShape != null) {
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
      }
      dev.parity.npy.Npy.write(output, Tensor.of(java.util.Arrays.copyOf(values, n), shape));
    }
  }

  private static final class JsonlSink extends Sink {
    private final JsonGenerator json;

    JsonlSink(Path output, List<String> names) throws IOException {
      super(names);
      json = JsonMapper.builder().build().createGenerator(Files.newBufferedWriter(output));
      json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
    }

    @Override
    void write(String id, int line, TensorBatch out, int row, String error) throws IOException {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeNumberField("line", line);
      if (error != null) {
        json.writeStringField("error", error);
      } else {
        for (String name : names) {
          Tensor t = out.get(name);
          int w = t.rowLength();
          json.writeFieldName(name);
          if (t.rank() == 1) {
            json.writeNumber((float) t.getDouble(row));
          } else {
            json.writeStartArray();
            for (int k = 0; k < w; k++) {
              json.writeNumber((float) t.getDouble(row * w + k));
            }
            json.writeEndArray();
          }
        }
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
    private final int columns;

    CsvSink(Path output, List<TensorSpec> specs) throws IOException {
      super(specs.stream().map(TensorSpec::name).toList());
      out = Files.newBufferedWriter(output);
      StringBuilder h = new StringBuilder("id,line");
      int n = 0;
      for (TensorSpec spec : specs) {
        if (spec.shape().size() == 1) {
          h.append(',').append(spec.name());
          n++;
        } else {
          for (int k = 0; k < spec.rowLength(); k++) {
            h.append(',').append(spec.name()).append('_').append(k);
          }
          n += spec.rowLength();
        }
      }
      columns = n;
      out.write(h.append(",error\n").toString());
    }

    @Override
    void write(String id, int line, TensorBatch batch, int row, String error) throws IOException {
      out.write(quote(id));
      out.write(',');
      out.write(Integer.toString(line));
      if (batch != null) {
        for (String name : names) {
          Tensor t = batch.get(name);
          int w = t.rowLength();
          for (int k = 0; k < w; k++) {
            out.write(',');
            out.write(Float.toString((float) t.getDouble(row * w + k)));
          }
        }
        out.write(",\n");
      } else {
        out.write(",".repeat(columns) + "," + quote(error) + "\n");
      }
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
