package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.parity.CommittedData;
import dev.parity.card.Signature;
import dev.parity.card.TensorSpec;
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.RawRecord;
import dev.parity.features.RecordEncoder;
import dev.parity.predict.ModelPredictor;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ParityZoo;
import dev.parity.zoo.ZooFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java API rows of docs/bad-input.md: each bad input gives the model card's prediction or a
 * clear error, on every engine where the engine matters. The command-line rows are in the cli
 * module's BadInputCommandTest.
 */
class BadInputTest {
  private static final Map<EngineName, ModelPredictor> MODELS = new EnumMap<>(EngineName.class);
  private static RecordEncoder spec;
  private static Signature signature;

  @TempDir Path temp;

  @BeforeAll
  static void open() throws Exception {
    for (EngineName e : EngineName.values()) {
      MODELS.put(e, ReliabilityData.open(e, 1024));
    }
    spec = MODELS.get(EngineName.PYTORCH).encoder();
    signature = MODELS.get(EngineName.PYTORCH).card().signature();
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(ModelPredictor::close);
  }

  private static float predict(EngineName engine, RawRecord r) throws Exception {
    TensorBatch s = MODELS.get(engine).predictRecords(List.of(r));
    assertThat(s.rows()).isEqualTo(1);
    return s.get("probability").floats()[0];
  }

  private static RawRecord record(String id, Map<String, ?> values) throws Exception {
    return RawRecord.of(id, values);
  }

  private static long[] ids(RawRecord r, String field) {
    return spec.encode(List.of(r)).get(field).longs();
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_unknownTokens_mapToOovAndPredictLikeAnyOtherUnknown(EngineName engine)
      throws Exception {
    RawRecord unknown =
        record("u", Map.of("carrier", "no-such-carrier", "app_packages", List.of("zz.unknown")));
    RawRecord otherUnknown =
        record("v", Map.of("carrier", "another-one", "app_packages", List.of("\uD800 lone")));

    assertThat(ids(unknown, "carrier")).containsExactly(1L);
    assertThat(ids(otherUnknown, "app_packages")[0]).isEqualTo(1L);
    float p = predict(engine, unknown);
    assertThat(p).isBetween(0f, 1f);
    assertThat(predict(engine, otherUnknown)).isEqualTo(p);
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_emptyNullAndMissingFields_predictAsEmptyBags(EngineName engine) throws Exception {
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("carrier", null);
    nulls.put("device_model", null);
    nulls.put("app_packages", List.of());
    nulls.put("campaigns", List.of("", "  ", "\t"));
    RawRecord empty = record("e", nulls);
    RawRecord missing = record("m", Map.of());
    RawRecord blank = record("b", Map.of("carrier", "", "device_model", " "));

    for (String field : spec.fieldNames()) {
      assertThat(ids(empty, field)).as(field).containsOnly(0L);
    }
    float p = predict(engine, missing);
    assertThat(p).isBetween(0f, 1f);
    assertThat(predict(engine, empty)).isEqualTo(p);
    assertThat(predict(engine, blank)).isEqualTo(p);
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_bagFarOverItsLength_keepsTheFirstTokensOnly(EngineName engine) throws Exception {
    List<RawRecord> some = ReliabilityData.records(50);
    List<String> tokens = new ArrayList<>();
    for (RawRecord r : some) {
      // Blank tokens are dropped before truncation; keep real ones so the cut is the same.
      r.tokens("app_packages").stream().filter(t -> !t.trim().isEmpty()).forEach(tokens::add);
    }
    List<String> huge = new ArrayList<>(tokens);
    huge.addAll(Collections.nCopies(100_000, "com.padding.app"));
    int length = signature.input("app_packages").rowLength();
    RawRecord overlong = record("o", Map.of("app_packages", huge));
    RawRecord truncated = record("t", Map.of("app_packages", huge.subList(0, length)));

    assertThat(ids(overlong, "app_packages")).hasSize(length).doesNotContain(0L);
    assertThat(predict(engine, overlong)).isEqualTo(predict(engine, truncated));
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_idOutOfRangeHandedToTheEngine_rejectedNamingFieldAndRecord(EngineName engine)
      throws Exception {
    ModelPredictor p = MODELS.get(engine);
    for (TensorSpec input : signature.inputs()) {
      long size = input.range().high();
      for (long bad : new long[] {size, size + 1_000_000, -1}) {
        TensorBatch batch = spec.encode(ReliabilityData.records(3));
        batch.get(input.name()).longs()[input.rowLength() * 2] = bad;

        assertThatThrownBy(() -> p.predict(batch))
            .as("%s input %s id %d", engine, input.name(), bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("id " + bad + " of input " + input.name())
            .hasMessageContaining("record 2 of the batch");
      }
    }
    // The model is still fine afterwards.
    assertThat(p.predictRecords(ReliabilityData.records(3)).rows()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_batchOfOtherInputsOrShape_rejectedNamingBothValues(EngineName engine) {
    ModelPredictor p = MODELS.get(engine);
    TensorBatch good = spec.encode(List.of(new RawRecord("x", Map.of())));
    Map<String, Tensor> renamed = new LinkedHashMap<>(good.tensors());
    renamed.put("apps", renamed.remove("app_packages"));
    Map<String, Tensor> narrow = new LinkedHashMap<>(good.tensors());
    narrow.put("campaigns", Tensor.of(new long[10], 1, 10));
    Map<String, Tensor> ints = new LinkedHashMap<>(good.tensors());
    ints.put("carrier", Tensor.of(new int[1], 1, 1));

    assertThatThrownBy(() -> p.predict(TensorBatch.of(renamed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input apps is not in the model's signature");
    assertThatThrownBy(() -> p.predict(TensorBatch.of(narrow)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input campaigns: the card says int64 [-1, 20]")
        .hasMessageContaining("found int64 [1, 10]");
    assertThatThrownBy(() -> p.predict(TensorBatch.of(ints)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found int32 [1, 1]");
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"MXNET", "TENSORFLOW"})
  void plainDjlPredictor_idOutOfRange_translatorRejectsItBeforeTheEngine(EngineName engine)
      throws Exception {
    Criteria<TensorBatch, TensorBatch> criteria =
        Criteria.builder()
            .setTypes(TensorBatch.class, TensorBatch.class)
            .optGroupId(ParityZoo.GROUP_ID)
            .optArtifactId("purchase")
            .optEngine(engine.djlName())
            .optModelZoo(new ParityZoo(ZooFolder.open(CommittedData.zoo()), ParityZoo.GROUP_ID))
            .build();
    try (ZooModel<TensorBatch, TensorBatch> model = criteria.loadModel();
        Predictor<TensorBatch, TensorBatch> predictor = model.newPredictor()) {
      TensorBatch batch = spec.encode(ReliabilityData.records(2));
      long size = signature.input("app_packages").range().high();
      batch.get("app_packages").longs()[0] = size + 7;

      assertThatThrownBy(() -> predictor.predict(batch))
          .isInstanceOf(TranslateException.class)
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasStackTraceContaining("outside [0, " + size + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void open_truncatedModelFile_failsNamingTheFileBeforeTheEngineReadsIt(EngineName engine)
      throws Exception {
    Path zoo = copyZoo();
    Path file = modelFile(zoo, engine);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> open(zoo, engine))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("has changed")
        .hasMessageContaining((bytes.length / 2) + " bytes");
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void open_sameSizeCorruptedModelFile_failsOnTheChecksum(EngineName engine) throws Exception {
    Path zoo = copyZoo();
    Path file = modelFile(zoo, engine);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 0x5a;
    Files.write(file, bytes);

    assertThatThrownBy(() -> open(zoo, engine))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("expected sha256")
        .hasMessageContaining("but found sha256");
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void open_missingModelFile_failsNamingIt(EngineName engine) throws Exception {
    Path zoo = copyZoo();
    Path file = modelFile(zoo, engine);
    Files.delete(file);

    assertThatThrownBy(() -> open(zoo, engine))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining(file.getFileName() + " is missing");
  }

  @org.junit.jupiter.api.Test
  void engineName_unknown_failsListingTheKnownEngines() {
    assertThatThrownBy(() -> EngineSettings.builder().setEngine("paddle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown engine 'paddle'")
        .hasMessageContaining("pytorch, onnxruntime, tensorflow, mxnet");
  }

  @org.junit.jupiter.api.Test
  void plainDjlCriteria_unknownEngine_modelNotFound() throws Exception {
    Criteria<TensorBatch, TensorBatch> criteria =
        Criteria.builder()
            .setTypes(TensorBatch.class, TensorBatch.class)
            .optGroupId(ParityZoo.GROUP_ID)
            .optArtifactId("purchase")
            .optEngine("Paddle")
            .optModelZoo(new ParityZoo(ZooFolder.open(CommittedData.zoo()), ParityZoo.GROUP_ID))
            .build();

    assertThatThrownBy(criteria::loadModel).isInstanceOf(ModelNotFoundException.class);
  }

  private static ModelPredictor open(Path zoo, EngineName engine) throws Exception {
    return ModelPredictor.open(
        ArtifactSpec.builder().optZoo(zoo).build(), EngineSettings.of(engine));
  }

  static Path modelFile(Path zoo, EngineName engine) {
    Path v = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0");
    return switch (engine) {
      case PYTORCH -> v.resolve("purchase.pt");
      case ONNXRUNTIME -> v.resolve("purchase.onnx");
      case TENSORFLOW -> v.resolve("tensorflow/saved_model.pb");
      case MXNET -> v.resolve("mxnet/constants.npz");
    };
  }

  private Path copyZoo() throws Exception {
    Path from = CommittedData.zoo();
    Path to = temp.resolve("zoo");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
