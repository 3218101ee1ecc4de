package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.convert.onnx.ElementType;
import dev.parity.convert.onnx.SliceBounds;
import dev.parity.convert.onnx.TensorValue;
import org.junit.jupiter.api.Test;

class TensorValueTest {

  @Test
  void transpose_convWeightsToHwio_movesEveryElement() {
    // [M=2, C=1, kH=1, kW=3] -> [kH, kW, C, M]
    TensorValue w = TensorValue.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 1, 1, 3);

    TensorValue hwio = w.transpose(2, 3, 1, 0);

    assertThat(hwio.shape()).containsExactly(1, 3, 1, 2);
    assertThat(hwio.floats()).containsExactly(1, 4, 2, 5, 3, 6);
  }

  @Test
  void transpose_notAPermutation_throws() {
    TensorValue t = TensorValue.ofFloats(new float[4], 2, 2);

    assertThatThrownBy(() -> t.transpose(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cast_floatsToIntegersAndBooleans_truncatesTowardZero() {
    TensorValue t = TensorValue.ofFloats(new float[] {-1.7f, -0.2f, 0f, 2.9f}, 4);

    assertThat(t.cast(ElementType.INT64).longs()).containsExactly(-1, 0, 0, 2);
    assertThat(t.cast(ElementType.BOOL).toDoubles()).containsExactly(1, 1, 0, 1);
  }

  @Test
  void rows_middleRange_keepsTrailingDimensions() {
    TensorValue t = TensorValue.ofLongs(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);

    TensorValue rows = t.rows(1, 3);

    assertThat(rows.shape()).containsExactly(2, 2);
    assertThat(rows.longs()).containsExactly(2, 3, 4, 5);
  }

  @Test
  void of_bytesNotMatchingShape_throwsWithBothCounts() {
    assertThatThrownBy(() -> TensorValue.of(ElementType.FLOAT32, new long[] {3}, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes")
        .hasMessageContaining("8 were given");
  }

  @Test
  void sliceBounds_onnxClampingRules_giveNumpysLengths() {
    assertThat(SliceBounds.of(1, Long.MAX_VALUE, 2, 6).length()).isEqualTo(3);
    assertThat(SliceBounds.of(-4, -1, 1, 6).length()).isEqualTo(3);
    SliceBounds reversed = SliceBounds.of(-1, Long.MIN_VALUE, -1, 6);
    assertThat(reversed.start()).isEqualTo(5);
    assertThat(reversed.end()).isEqualTo(-1);
    assertThat(reversed.length()).isEqualTo(6);
    assertThat(SliceBounds.of(4, 2, 1, 6).length()).isZero();
  }
}
