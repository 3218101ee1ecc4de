package dev.parity.bench.load;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model of the zoo as a load-test server: each request is one raw record (the reference records,
 * cycled by request number); translation is the card's features ({@code encoder().encode}), the
 * engine call is {@code predict(TensorBatch)} (tensors in, outputs out), output hands each request
 * its row of the serving output. The one place the load runner meets {@link ModelPredictor}.
 */
public final class ModelBatchService
    implements BatchService<TensorBatch, TensorBatch>, AutoCloseable {
  private final ModelPredictor predictor;
  private final List<RawRecord> records;
  private final ModelProvenance provenance;

  private ModelBatchService(
      ModelPredictor predictor, List<RawRecord> records, ModelProvenance provenance) {
    this.predictor = predictor;
    this.records = records;
    this.provenance = provenance;
  }

  /**
   * Loads the model and reads the records.
   *
   * @param settings engine, device, threads (the batch size is the run's, not the settings')
   * @param zoo the zoo folder, or null for the environment's
   * @param recordsFile raw records (JSON Lines, plain or gzip)
   * @param progress receives a line about the records read
   * @return the service; close it
   * @throws ModelNotFoundException if the zoo lacks the engine's artifact
   * @throws MalformedModelException if a file fails its checksum or the engine rejects it
   * @throws IOException if the zoo or the records cannot be read, or no record is readable
   */
  public static ModelBatchService open(
      EngineSettings settings, Path zoo, Path recordsFile, PrintWriter progress)
      throws ModelNotFoundException, MalformedModelException, IOException {
    ModelPredictor p =
        ModelPredictor.openServing(ArtifactSpec.builder().optZoo(zoo).build(), settings);
    try {
      List<RawRecord> records = new ArrayList<>();
      int bad = 0;
      var encoder = p.encoder();
      try (JsonlRecords lines =
          JsonlRecords.open(recordsFile, encoder.fieldNames(), encoder.numericFields())) {
        while (lines.hasNext()) {
          JsonlRecords.Line line = lines.next();
          if (line.ok()) {
            records.add(line.record());
          } else {
            bad++;
          }
        }
      }
      if (records.isEmpty()) {
        throw new IOException(recordsFile + " holds no readable record (" + bad + " bad lines)");
      }
      progress.printf(
          Locale.ROOT,
          "load: %,d records from %s%s; requests cycle through them%n",
          records.size(),
          recordsFile,
          bad > 0 ? String.format(Locale.ROOT, " (%,d unreadable lines skipped)", bad) : "");
      progress.flush();
      return new ModelBatchService(p, records, provenance(p, recordsFile, records.size()));
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private static ModelProvenance provenance(ModelPredictor p, Path recordsFile, int count)
      throws IOException {
    return new ModelProvenance(
        p.card().id().toString(),
        p.settings().engine().cliName(),
        p.engineVersion(),
        p.settings().toString(),
        p.cardFolder().relativize(p.modelFile()).toString(),
        p.modelSha256(),
        recordsFile.toString(),
        count);
  }

  /**
   * Returns which model serves, under which engine and settings.
   *
   * @return the provenance
   */
  public ModelProvenance provenance() {
    return provenance;
  }

  @Override
  public TensorBatch translate(List<LoadRequest> batch) {
    List<RawRecord> in = new ArrayList<>(batch.size());
    for (LoadRequest r : batch) {
      in.add(records.get((int) (r.sequence() % records.size())));
    }
    return predictor.encoder().encode(in);
  }

  @Override
  public TensorBatch infer(TensorBatch inputs) throws TranslateException {
    return predictor.predict(inputs);
  }

  @Override
  public void deliver(TensorBatch outputs, List<LoadRequest> batch) {
    // The serving output's first value per record: what a caller would read.
    Tensor t = outputs.get(predictor.outputs().get(0));
    int width = t.rowLength();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).setResult((float) t.getDouble(i * width));
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
