package dev.parity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void parse_aliasesInAnyCase_resolveToTheEngine() {
    assertThat(EngineName.parse("PyTorch")).isEqualTo(EngineName.PYTORCH);
    assertThat(EngineName.parse(" onnx ")).isEqualTo(EngineName.ONNXRUNTIME);
    assertThat(EngineName.parse("TF")).isEqualTo(EngineName.TENSORFLOW);
    assertThat(EngineName.parse("mxnet")).isEqualTo(EngineName.MXNET);
  }

  @Test
  void parse_unknownEngine_failsListingTheKnownOnes() {
    assertThatThrownBy(() -> EngineName.parse("paddle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown engine 'paddle'")
        .hasMessageContaining("pytorch, onnxruntime, tensorflow, mxnet");
  }

  @Test
  void build_withoutEngine_rejected() {
    assertThatThrownBy(() -> EngineSettings.builder().build())
        .hasMessageContaining("an engine is required");
  }

  @Test
  void build_badDeviceThreadsOrBatch_rejectedNamingTheValue() {
    EngineSettings.Builder b = EngineSettings.builder().setEngine(EngineName.PYTORCH);
    assertThatThrownBy(() -> b.optDevice("gpu:x").build()).hasMessageContaining("'gpu:x'");
    assertThatThrownBy(() -> b.optDevice("cpu").optIntraOpThreads(-1).build())
        .hasMessageContaining("found -1");
    assertThatThrownBy(() -> b.optIntraOpThreads(0).optBatchSize(0).build())
        .hasMessageContaining("batch size must be 1 to 65536, found 0");
  }

  @Test
  void djlDevice_gpuWithIndex_isThatGpu() {
    EngineSettings s = EngineSettings.builder().setEngine("pytorch").optDevice("gpu:1").build();

    assertThat(s.djlDevice()).isEqualTo(Device.gpu(1));
    assertThat(s.modelOptions()).containsEntry("mapLocation", "true");
  }

  @Test
  void modelOptions_onnxRuntimeThreads_mappedToSessionOptions() {
    EngineSettings s =
        EngineSettings.builder()
            .setEngine(EngineName.ONNXRUNTIME)
            .optInterOpThreads(1)
            .optIntraOpThreads(2)
            .optOption("optLevel", "ALL_OPT")
            .build();

    assertThat(s.modelOptions())
        .containsEntry("interOpNumThreads", "1")
        .containsEntry("intraOpNumThreads", "2")
        .containsEntry("optLevel", "ALL_OPT");
  }

  @Test
  void modelOptions_pytorchThreads_notSessionOptions() {
    EngineSettings s =
        EngineSettings.builder().setEngine(EngineName.PYTORCH).optIntraOpThreads(2).build();

    assertThat(s.modelOptions()).isEmpty();
  }
}
