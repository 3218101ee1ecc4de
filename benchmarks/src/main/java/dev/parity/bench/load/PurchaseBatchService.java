package dev.parity.bench.load;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import dev.parity.engine.EngineSettings;
import dev.parity.features.EncodedBatch;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
import dev.parity.predict.Scores;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ModelCard;
import dev.parity.zoo.ZooMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The purchase model as a load-test server: each request is one raw record (the reference records,
 * cycled by request number); translation is {@code features().encode}, the engine call is {@code
 * predict(EncodedBatch)} (tensors in, scores out), output hands each request its probability. The
 * one place the load runner meets {@link PurchasePredictor}.
 */
public final class PurchaseBatchService
    implements BatchService<EncodedBatch, Scores>, AutoCloseable {
  private final PurchasePredictor predictor;
  private final List<RawRecord> records;
  private final ModelProvenance provenance;

  private PurchaseBatchService(
      PurchasePredictor predictor, List<RawRecord> records, ModelProvenance provenance) {
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
  public static PurchaseBatchService open(
      EngineSettings settings, Path zoo, Path recordsFile, PrintWriter progress)
      throws ModelNotFoundException, MalformedModelException, IOException {
    PurchasePredictor p =
        PurchasePredictor.open(ArtifactSpec.builder().optZoo(zoo).build(), settings, false);
    try {
      List<RawRecord> records = new ArrayList<>();
      int bad = 0;
      for (JsonlRecords.Line line : JsonlRecords.readAll(recordsFile, p.features().names())) {
        if (line.ok()) {
          records.add(line.record());
        } else {
          bad++;
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
      return new PurchaseBatchService(p, records, provenance(p, recordsFile, records.size()));
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private static ModelProvenance provenance(PurchasePredictor p, Path recordsFile, int count)
      throws IOException {
    ModelCard.Model m = p.card().model();
    // The card's folder is the version folder; metadata.json, with every file's SHA-256, sits
    // above.
    Path metadata = p.cardFolder().getParent().resolve(ZooMetadata.FILE_NAME);
    ZooMetadata.Artifact artifact =
        ZooMetadata.read(metadata).find(p.settings().engine().djlName(), m.version());
    ZooMetadata.Item file = artifact == null ? null : artifact.file("model");
    return new ModelProvenance(
        m.groupId() + ":" + m.artifactId() + ":" + m.version(),
        p.settings().engine().cliName(),
        p.engineVersion(),
        p.settings().toString(),
        file == null ? null : file.uri(),
        file == null ? null : file.sha256(),
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
  public EncodedBatch translate(List<LoadRequest> batch) {
    List<RawRecord> in = new ArrayList<>(batch.size());
    for (LoadRequest r : batch) {
      in.add(records.get((int) (r.sequence() % records.size())));
    }
    return predictor.features().encode(in);
  }

  @Override
  public Scores infer(EncodedBatch inputs) throws TranslateException {
    return predictor.predict(inputs);
  }

  @Override
  public void deliver(Scores outputs, List<LoadRequest> batch) {
    float[] p = outputs.probability();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).setResult(p[i]);
    }
  }

  @Override
  public void close() {
    predictor.close();
  }
}
