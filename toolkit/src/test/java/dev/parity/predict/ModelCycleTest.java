package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordBatch;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Model load/close cycles leave nothing behind on the engine's system manager, the root of every
 * {@link NDManager}: each model's manager (and with it the constants {@code GraphBlockFactory} puts
 * on it for MXNet) is detached and closed when the model closes. A parameter array or manager that
 * outlived its model would stay attached here and hold its native memory for the life of the
 * process; the soak's 1,000-cycle MXNet figure was checked against exactly that (README,
 * Reliability).
 */
class ModelCycleTest {

  private static final int WARMUP = 2;
  private static final int CYCLES = 12;

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"MXNET", "PYTORCH"})
  void openPredictClose_manyCycles_systemManagerKeepsNoManagerOrArrayOfClosedModels(
      EngineName engine) throws Exception {
    EngineSettings settings = EngineSettings.builder().setEngine(engine).build();
    ArtifactSpec artifact = ArtifactSpec.builder().optZoo(CommittedData.zoo()).build();
    List<RawRecord> records = records(artifact, settings);

    // The engine and its first model may create process-wide state once; count after that.
    for (int i = 0; i < WARMUP; i++) {
      cycle(artifact, settings, records);
    }
    NDManager system = systemManager(engine);
    int children = resources(system).size();
    int arrays = system.getManagedArrays().size();

    List<NDManager> closedModels = new ArrayList<>();
    for (int i = 0; i < CYCLES; i++) {
      closedModels.add(cycle(artifact, settings, records));
      assertThat(resources(system))
          .as("system manager's children after cycle %d", i)
          .hasSize(children);
      assertThat(system.getManagedArrays())
          .as("arrays under the system manager after cycle %d", i)
          .hasSize(arrays);
    }
    assertThat(closedModels).noneMatch(NDManager::isOpen);
  }

  private static NDManager cycle(
      ArtifactSpec artifact, EngineSettings settings, List<RawRecord> records) throws Exception {
    // Plain DJL, as a user of the zoo would load it: the model's own manager is in reach.
    try (ZooModel<RecordBatch, TensorBatch> m =
            artifact
                .criteria(settings, RecordBatch.class, TensorBatch.class, List.of())
                .loadModel();
        Predictor<RecordBatch, TensorBatch> p = m.newPredictor()) {
      assertThat(p.predict(new RecordBatch(records)).rows()).isEqualTo(records.size());
      if (settings.engine() == EngineName.MXNET) {
        // The graph block's constants from constants.npz live on the model's manager.
        assertThat(m.getNDManager().getManagedArrays()).hasSizeGreaterThanOrEqualTo(10);
      }
      return m.getNDManager();
    }
  }

  private static List<RawRecord> records(ArtifactSpec artifact, EngineSettings settings)
      throws Exception {
    List<RawRecord> out = new ArrayList<>();
    try (ModelPredictor p = ModelPredictor.open(artifact, settings);
        JsonlRecords lines =
            JsonlRecords.open(
                CommittedData.reference().resolve("records.jsonl.gz"), p.encoder().fieldNames())) {
      while (lines.hasNext() && out.size() < 64) {
        out.add(lines.next().record());
      }
    }
    return out;
  }

  // The system manager is the parent of every base manager; the probe is closed (and detached)
  // before anything is counted.
  private static NDManager systemManager(EngineName engine) {
    try (NDManager probe = NDManager.newBaseManager(engine.djlName())) {
      return probe.getParentManager();
    }
  }

  private static Map<?, ?> resources(NDManager manager) throws ReflectiveOperationException {
    Field field = BaseNDManager.class.getDeclaredField("resources");
    field.setAccessible(true);
    return (Map<?, ?>) field.get(manager);
  }
}
