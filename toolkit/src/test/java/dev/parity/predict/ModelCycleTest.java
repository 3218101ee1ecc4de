package dev.parity.predict;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import dev.parity.CommittedData;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.JsonlRecords;
import dev.parity.features.RawRecord;
import dev.parity.zoo.ArtifactSpec;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Model load/close cycles leave nothing behind on the engine's system manager, the root of every
 * {@link NDManager}: each model's manager (and with it the parameter arrays {@code
 * PurchaseBlockFactory} puts on it for MXNet) is detached and closed when the model closes. A
 * parameter array or manager that outlived its model would stay attached here and hold its native
 * memory for the life of the process; the soak's 1,000-cycle MXNet figure was checked against
 * exactly that (README, Reliability).
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
      cycle(artifact, settings, records, systemManager(engine));
    }
    NDManager system = systemManager(engine);
    int children = resources(system).size();
    int arrays = system.getManagedArrays().size();

    List<NDManager> closedModels = new ArrayList<>();
    for (int i = 0; i < CYCLES; i++) {
      closedModels.addAll(cycle(artifact, settings, records, system));
      assertThat(resources(system))
          .as("system manager's children after cycle %d", i)
          .hasSize(children);
      assertThat(system.getManagedArrays())
          .as("arrays under the system manager after cycle %d", i)
          .hasSize(arrays);
    }
    assertThat(closedModels).hasSizeGreaterThanOrEqualTo(CYCLES).noneMatch(NDManager::isOpen);
  }

  // Returns the managers the model attached to the system manager while it was open: the model's
  // own manager among them (found from outside, the predictor does not hand it out).
  private static List<NDManager> cycle(
      ArtifactSpec artifact, EngineSettings settings, List<RawRecord> records, NDManager system)
      throws Exception {
    Set<Object> before = Collections.newSetFromMap(new IdentityHashMap<>());
    before.addAll(resources(system).values());
    try (PurchasePredictor p = PurchasePredictor.open(artifact, settings, false)) {
      assertThat(p.predict(records).size()).isEqualTo(records.size());
      List<NDManager> opened = new ArrayList<>();
      for (Object r : resources(system).values()) {
        if (r instanceof NDManager m && !before.contains(m)) {
          opened.add(m);
        }
      }
      assertThat(opened).as("managers the open model attached to the system manager").isNotEmpty();
      if (settings.engine() == EngineName.MXNET) {
        // The block's parameter arrays from weights.npz live on the model's manager.
        assertThat(opened)
            .anySatisfy(m -> assertThat(m.getManagedArrays()).hasSizeGreaterThanOrEqualTo(10));
      }
      return opened;
    }
  }

  private static List<RawRecord> records(ArtifactSpec artifact, EngineSettings settings)
      throws Exception {
    List<RawRecord> out = new ArrayList<>();
    try (PurchasePredictor p = PurchasePredictor.open(artifact, settings, false);
        JsonlRecords lines =
            JsonlRecords.open(
                CommittedData.reference().resolve("records.jsonl.gz"), p.features().names())) {
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
