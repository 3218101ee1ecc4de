package dev.parity.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.BuildVersions;
import org.junit.jupiter.api.Test;

class EngineNameTest {

  @Test
  void mavenArtifacts_everyEngine_namesTheVersionsTheBuildBundles() {
    assertThat(EngineName.PYTORCH.mavenArtifacts())
        .contains("pytorch-jni:" + BuildVersions.pytorchJni())
        .contains("pytorch-native-cpu:" + BuildVersions.pytorch() + ":")
        .endsWith(BuildVersions.nativeClassifier());
    assertThat(EngineName.ONNXRUNTIME.mavenArtifacts())
        .contains("onnxruntime:" + BuildVersions.onnxRuntime());
    assertThat(EngineName.TENSORFLOW.mavenArtifacts())
        .contains(BuildVersions.tensorflowNativeArtifact());
    assertThat(EngineName.MXNET.mavenArtifacts())
        .contains("mxnet-native-mkl:" + BuildVersions.mxnet() + ":");
  }
}
