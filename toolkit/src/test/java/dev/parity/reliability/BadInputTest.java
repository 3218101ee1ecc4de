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
import dev.parity.engine.EngineName;
import dev.parity.engine.EngineSettings;
import dev.parity.features.EncodedBatch;
import dev.parity.features.FeatureSpec;
import dev.parity.features.RawRecord;
import dev.parity.predict.PurchasePredictor;
import dev.parity.predict.Scores;
import dev.parity.zoo.ArtifactSpec;
import dev.parity.zoo.ParityZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
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
  private static final Map<EngineName, PurchasePredictor> MODELS = new EnumMap<>(EngineName.class);
  private static FeatureSpec spec;

  @TempDir Path temp;

  @BeforeAll
  static void open() throws Exception {
    for (EngineName e : EngineName.values()) {
      MODELS.put(e, ReliabilityData.open(e, 1024));
    }
    spec = MODELS.get(EngineName.PYTORCH).features();
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(PurchasePredictor::close);
  }

  private static float predict(EngineName engine, RawRecord r) throws Exception {
    Scores s = MODELS.get(engine).predict(List.of(r));
    assertThat(s.size()).isEqualTo(1);
    return s.probability()[0];
  }

  private static RawRecord record(String id, Map<String, ?> values) throws Exception {
    return RawRecord.of(id, values);
  }

  private static long[] ids(RawRecord r, String field) {
    return spec.encode(List.of(r)).ids().get(spec.names().indexOf(field));
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

    for (String field : spec.names()) {
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
    int length = spec.lengths()[spec.names().indexOf("app_packages")];
    RawRecord overlong = record("o", Map.of("app_packages", huge));
    RawRecord truncated = record("t", Map.of("app_packages", huge.subList(0, length)));

    assertThat(ids(overlong, "app_packages")).hasSize(length).doesNotContain(0L);
    assertThat(predict(engine, overlong)).isEqualTo(predict(engine, truncated));
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_idOutOfRangeHandedToTheEngine_rejectedNamingFieldAndRecord(EngineName engine)
      throws Exception {
    PurchasePredictor p = MODELS.get(engine);
    for (int f = 0; f < spec.names().size(); f++) {
      for (long bad : new long[] {spec.vocabSizes()[f], spec.vocabSizes()[f] + 1_000_000, -1}) {
        EncodedBatch batch = spec.encode(ReliabilityData.records(3));
        batch.ids().get(f)[spec.lengths()[f] * 2] = bad;

        assertThatThrownBy(() -> p.predict(batch))
            .as("%s field %s id %d", engine, spec.names().get(f), bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("id " + bad + " of field " + spec.names().get(f))
            .hasMessageContaining("record 2 of the batch");
      }
    }
    // The model is still fine afterwards.
    assertThat(p.predict(ReliabilityData.records(3)).size()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(EngineName.class)
  void predict_batchOfOtherFieldsOrShape_rejected(EngineName engine) {
    PurchasePredictor p = MODELS.get(engine);
    EncodedBatch renamed =
        new EncodedBatch(
            1,
            List.of("a", "b", "c", "d"),
            spec.lengths(),
            Arrays.stream(spec.lengths()).mapToObj(n -> new long[n]).toList());

    assertThatThrownBy(() -> p.predict(renamed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not match the model's");
    assertThatThrownBy(
            () ->
                new EncodedBatch(
                    2,
                    spec.names(),
                    spec.lengths(),
                    Arrays.stream(spec.lengths()).mapToObj(n -> new long[n]).toList()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 x");
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"MXNET", "TENSORFLOW"})
  void plainDjlPredictor_idOutOfRange_translatorRejectsItBeforeTheEngine(EngineName engine)
      throws Exception {
    Criteria<EncodedBatch, Scores> criteria =
        Criteria.builder()
            .setTypes(EncodedBatch.class, Scores.class)
            .optGroupId(ParityZoo.GROUP_ID)
            .optArtifactId("purchase")
            .optEngine(engine.djlName())
            .optModelZoo(new ParityZoo(CommittedData.zoo()))
            .build();
    try (ZooModel<EncodedBatch, Scores> model = criteria.loadModel();
        Predictor<EncodedBatch, Scores> predictor = model.newPredictor()) {
      EncodedBatch batch = spec.encode(ReliabilityData.records(2));
      batch.ids().get(0)[0] = spec.vocabSizes()[0] + 7;

      assertThatThrownBy(() -> predictor.predict(batch))
          .isInstanceOf(TranslateException.class)
          .hasRootCauseInstanceOf(IllegalArgumentException.class)
          .hasStackTraceContaining("outside [0, " + spec.vocabSizes()[0] + ")");
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
    Criteria<EncodedBatch, Scores> criteria =
        Criteria.builder()
            .setTypes(EncodedBatch.class, Scores.class)
            .optGroupId(ParityZoo.GROUP_ID)
            .optArtifactId("purchase")
            .optEngine("Paddle")
            .optModelZoo(new ParityZoo(CommittedData.zoo()))
            .build();

    assertThatThrownBy(criteria::loadModel).isInstanceOf(ModelNotFoundException.class);
  }

  private static PurchasePredictor open(Path zoo, EngineName engine) throws Exception {
    return PurchasePredictor.open(
        ArtifactSpec.builder().optZoo(zoo).build(), EngineSettings.of(engine), false);
  }

  static Path modelFile(Path zoo, EngineName engine) {
    Path v = zoo.resolve("model/tabular/dev/parity/purchase/1.0.0");
    return switch (engine) {
      case PYTORCH -> v.resolve("purchase.pt");
      case ONNXRUNTIME -> v.resolve("purchase.onnx");
      case TENSORFLOW -> v.resolve("tensorflow/saved_model.pb");
      case MXNET -> v.resolve("weights.npz");
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
