package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.engine.EngineName;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models exported by {@code torch.onnx.export} (torch 1.13), converted to both engines and checked
 * against ONNX Runtime: what a team's own model brings, Shape/Gather/Concat chains of the dynamic
 * batch and torch's decompositions included. The fixtures come from {@code make_torch_fixtures.py}
 * next to them.
 */
class TorchExportTest {

  private static final double TOLERANCE = 1e-5;

  @TempDir static Path temp;

  static Stream<Arguments> exports() {
    OpConversionTest.Inputs in = new OpConversionTest.Inputs(new Random(1303));
    Map<String, Tensor> cnn =
        Map.of("image", in.floats(7, 3, 16, 16), "signal", in.floats(7, 2, 12));
    Map<String, Tensor> encoder = Map.of("ids", in.longs(0, 20, 7, 5));
    return Stream.of(EngineName.TENSORFLOW, EngineName.MXNET)
        .flatMap(
            engine ->
                Stream.of(
                    Arguments.of("cnn-opset13.onnx", engine, cnn),
                    Arguments.of("encoder-opset17.onnx", engine, encoder)));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("exports")
  void convert_torchExport_matchesOnnxRuntime(
      String fixture, EngineName engine, Map<String, Tensor> inputs) throws Exception {
    Path onnx = temp.resolve(fixture);
    if (!Files.exists(onnx)) {
      try (var resource = TorchExportTest.class.getResourceAsStream(fixture)) {
        Files.copy(resource, onnx);
      }
    }
    ConvertedArtifact artifact =
        OnnxConverter.convert(
            ConversionSpec.builder()
                .setSource(onnx)
                .setTarget(engine)
                .setDestination(temp.resolve(fixture + "-" + engine.cliName()))
                .build());

    CheckResult result =
        ArtifactCheck.builder()
            .setSource(onnx)
            .setArtifact(artifact)
            .setInputs(inputs)
            .optBatchSize(3)
            .build()
            .run();

    assertThat(result.records()).isEqualTo(7);
    assertThat(result.maxAbsDifference()).containsOnlyKeys("y");
    assertThat(result.max()).as("%s", result).isLessThanOrEqualTo(TOLERANCE);
  }
}
