package dev.parity.convert;

import static dev.parity.tensor.Dtype.FLOAT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.convert.onnx.OnnxModelException;
import dev.parity.convert.onnx.UnsupportedOperatorException;
import dev.parity.engine.EngineName;
import dev.parity.failure.ExitCode;
import dev.parity.failure.Failure;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The converter's refusals, its destination rules and its reproducibility. */
class OnnxConverterTest {

  @TempDir Path temp;

  private static TestGraph unary(String op) {
    return new TestGraph()
        .input("x", FLOAT32, -1, 4)
        .node(op, List.of("x"), List.of("z"))
        .output("z", FLOAT32, -1, 4);
  }

  private static TestGraph relu() {
    return unary("Relu");
  }

  /** Checks an artifact against an ONNX file on x = [[-1, 0, 1, 2]]. */
  private static CheckResult check(Path source, ConvertedArtifact artifact) throws Exception {
    return ArtifactCheck.builder()
        .setSource(source)
        .setArtifact(artifact)
        .setInputs(Map.of("x", Tensor.of(new float[] {-1, 0, 1, 2}, 1, 4)))
        .build()
        .run();
  }

  private ConversionSpec spec(Path onnx, EngineName engine, Path destination) {
    return ConversionSpec.builder()
        .setSource(onnx)
        .setTarget(engine)
        .setDestination(destination)
        .build();
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void convert_unsupportedOp_throwsNamingOpNodeFileAndListWritingNothing(EngineName engine)
      throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 4)
            .node("Relu", List.of("x"), List.of("r"))
            .node("Hardmax", List.of("r"), List.of("z"))
            .output("z", FLOAT32, -1, 4)
            .write(temp.resolve("hardmax.onnx"));
    Path destination = temp.resolve("out/artifact");

    assertThatThrownBy(() -> OnnxConverter.convert(spec(onnx, engine, destination)))
        .isInstanceOfSatisfying(
            UnsupportedOperatorException.class,
            e -> {
              assertThat(e.op()).isEqualTo("Hardmax");
              assertThat(e.node()).isEqualTo("n1_Hardmax");
              assertThat(e.file()).isEqualTo(onnx.toString());
              assertThat(e.getMessage())
                  .contains("Hardmax", "n1_Hardmax", onnx.toString(), "docs/onnx-op-set.md")
                  .doesNotContain("\n");
              assertThat(Failure.of(e).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            });
    assertThat(temp.resolve("out")).doesNotExist();
  }

  @Test
  void convert_unsupportedAttributeValue_throwsNamingTheAttribute() throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 1, 5, 5)
            .initializer("w", Tensor.filled(FLOAT32, 0.5, 1, 1, 3, 3))
            .node("Conv", List.of("x", "w"), List.of("z"), "auto_pad", "SAME_UPPER")
            .output("z", FLOAT32, -1, 1, 5, 5)
            .write(temp.resolve("same.onnx"));

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(onnx, EngineName.TENSORFLOW, temp.resolve("tf"))))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("Conv with attribute auto_pad=SAME_UPPER")
        .hasMessageContaining("n0_Conv");
    assertThat(temp.resolve("tf")).doesNotExist();
  }

  @Test
  void convert_unknownAttribute_throwsNamingTheAttribute() throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 4)
            .node("Relu", List.of("x"), List.of("z"), "alpha", 0.1f)
            .output("z", FLOAT32, -1, 4)
            .write(temp.resolve("alpha.onnx"));

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(onnx, EngineName.MXNET, temp.resolve("mx"))))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("Relu with attribute alpha=0.1");
  }

  @Test
  void convert_opOfAnotherDomain_throwsNamingDomainAndOp() throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 4)
            .node("com.microsoft.Gelu", List.of("x"), List.of("z"))
            .output("z", FLOAT32, -1, 4)
            .write(temp.resolve("ms.onnx"));

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(onnx, EngineName.TENSORFLOW, temp.resolve("tf"))))
        .isInstanceOfSatisfying(
            UnsupportedOperatorException.class,
            e -> assertThat(e.op()).isEqualTo("com.microsoft.Gelu"));
  }

  @Test
  void convert_extraOutputInUse_throwsNamingTheOutput() throws Exception {
    Path onnx =
        new TestGraph()
            .input("x", FLOAT32, -1, 1, 4, 4)
            .node(
                "MaxPool", List.of("x"), List.of("z", "indices"), "kernel_shape", new long[] {2, 2})
            .output("z", FLOAT32, -1, 1, 3, 3)
            .output("indices", Dtype.INT64, -1, 1, 3, 3)
            .write(temp.resolve("indices.onnx"));

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(onnx, EngineName.MXNET, temp.resolve("mx"))))
        .isInstanceOf(UnsupportedOperatorException.class)
        .hasMessageContaining("MaxPool with its output 2 (indices) in use");
  }

  @Test
  void convert_opsetOutsideRange_throwsNamingTheRange() throws Exception {
    Path onnx =
        new TestGraph(18)
            .input("x", FLOAT32, -1, 4)
            .node("Relu", List.of("x"), List.of("z"))
            .output("z", FLOAT32, -1, 4)
            .write(temp.resolve("opset18.onnx"));

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(onnx, EngineName.TENSORFLOW, temp.resolve("tf"))))
        .isInstanceOf(OnnxModelException.class)
        .hasMessageContaining("opset 18")
        .hasMessageContaining("13 to 17");
  }

  @Test
  void convert_notAnOnnxFile_throwsOnnxModelException() throws Exception {
    Path notOnnx = Files.writeString(temp.resolve("model.onnx"), "{\"not\": \"onnx\"}");

    assertThatThrownBy(
            () -> OnnxConverter.convert(spec(notOnnx, EngineName.MXNET, temp.resolve("mx"))))
        .isInstanceOf(OnnxModelException.class)
        .hasMessageContaining(notOnnx.toString());
    assertThat(temp.resolve("mx")).doesNotExist();
  }

  @Test
  void convert_destinationWithOtherFiles_refusesAndKeepsThem() throws Exception {
    Path onnx = relu().write(temp.resolve("relu.onnx"));
    Path destination = Files.createDirectories(temp.resolve("home"));
    Files.writeString(destination.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> OnnxConverter.convert(spec(onnx, EngineName.TENSORFLOW, destination)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("notes.txt");
    try (Stream<Path> files = Files.list(destination)) {
      assertThat(files).containsExactly(destination.resolve("notes.txt"));
    }
    try (Stream<Path> siblings = Files.list(temp)) {
      assertThat(siblings).allMatch(p -> !p.getFileName().toString().startsWith("."));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void convert_intoEarlierArtifact_replacesItWithSameFiles(EngineName engine) throws Exception {
    Path first = relu().write(temp.resolve("relu.onnx"));
    Path second = unary("Sigmoid").write(temp.resolve("sigmoid.onnx"));
    Path destination = temp.resolve("artifact");
    ConvertedArtifact old = OnnxConverter.convert(spec(first, engine, destination));
    byte[] oldBytes = Files.readAllBytes(old.files().get(0));

    ConvertedArtifact replaced = OnnxConverter.convert(spec(second, engine, destination));

    assertThat(replaced.files()).isEqualTo(old.files());
    assertThat(Files.readAllBytes(replaced.files().get(0))).isNotEqualTo(oldBytes);
    try (Stream<Path> files = Files.list(destination)) {
      assertThat(files).containsExactlyInAnyOrderElementsOf(replaced.files());
    }
    assertThat(check(second, replaced).max()).isLessThan(1e-6);
  }

  @ParameterizedTest
  @EnumSource(
      value = EngineName.class,
      names = {"TENSORFLOW", "MXNET"})
  void check_artifactOfAnotherModel_reportsTheDifference(EngineName engine) throws Exception {
    Path reluFile = relu().write(temp.resolve("relu.onnx"));
    Path negFile = unary("Neg").write(temp.resolve("neg.onnx"));
    ConvertedArtifact neg = OnnxConverter.convert(spec(negFile, engine, temp.resolve("neg")));

    CheckResult check = check(reluFile, neg);

    // relu(x) - (-x) over {-1, 0, 1, 2}: 1, 0, 2, 4.
    assertThat(check.maxAbsDifference()).containsEntry("z", 4.0);
  }

  @Test
  void check_inputsNotMatchingTheGraph_throwNamingTheInput() throws Exception {
    Path onnx = relu().write(temp.resolve("relu.onnx"));
    ConvertedArtifact artifact =
        OnnxConverter.convert(spec(onnx, EngineName.MXNET, temp.resolve("mx")));
    ArtifactCheck.Builder check = ArtifactCheck.builder().setSource(onnx).setArtifact(artifact);

    assertThatThrownBy(
            () -> check.setInputs(Map.of("y", Tensor.of(new float[4], 1, 4))).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no input array named x");
    assertThatThrownBy(
            () -> check.setInputs(Map.of("x", Tensor.of(new float[3], 1, 3))).build().run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected float32 [?, 4]");
  }

  @Test
  void build_targetWithoutConverter_throwsNamingIt() {
    ConversionSpec.Builder builder =
        ConversionSpec.builder()
            .setSource(temp.resolve("m.onnx"))
            .setTarget(EngineName.PYTORCH)
            .setDestination(temp.resolve("out"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pytorch");
  }

  @Test
  void build_missingDestination_throwsNamingTheSetter() {
    ConversionSpec.Builder builder =
        ConversionSpec.builder().setSource(temp.resolve("m.onnx")).setTarget(EngineName.MXNET);

    assertThatThrownBy(builder::build)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("setDestination");
  }
}
