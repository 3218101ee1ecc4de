package dev.parity.reliability;

import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.predict.ModelPredictor;
import dev.parity.zoo.ArtifactSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The committed records and models, shared by the reliability tests. */
final class ReliabilityData {
  static final List<String> FIELDS =
      List.of("app_packages", "campaigns", "carrier", "device_model");

  private static List<RawRecord> records;

  private ReliabilityData() {}

  /** The first records of the committed reference set, parsed once. */
  static synchronized List<RawRecord> records(int count) throws IOException {
    if (records == null || records.size() < count) {
      List<RawRecord> out = new ArrayList<>(count);
      try (JsonlRecords lines =
          JsonlRecords.open(CommittedData.reference().resolve("records.jsonl.gz"), FIELDS)) {
        while (lines.hasNext() && out.size() < Math.max(count, 20_000)) {
          out.add(lines.next().record());
        }
      }
      records = List.copyOf(out);
    }
    return records.subList(0, count);
  }

  static ModelPredictor open(EngineName engine, int batchSize) throws Exception {
    return ModelPredictor.open(
        ArtifactSpec.builder().optZoo(CommittedData.zoo()).build(),
        EngineSettings.builder().setEngine(engine).optBatchSize(batchSize).build(),
        List.of("probability"));
  }

  static float[] probability(ModelPredictor p, List<RawRecord> records) throws Exception {
    return p.predictRecords(records).get("probability").floats();
  }
}
