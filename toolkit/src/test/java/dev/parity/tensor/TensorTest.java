package dev.parity.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void transpose_convWeightsToHwio_movesEveryElement() {
    // [M=2, C=1, kH=1, kW=3] -> [kH, kW, C, M]
    Tensor w = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 1, 1, 3);

    Tensor hwio = w.transpose(2, 3, 1, 0);

    assertThat(hwio.shape()).containsExactly(1, 3, 1, 2);
    assertThat(hwio.floats()).containsExactly(1, 4, 2, 5, 3, 6);
  }

  @Test
  void transpose_notAPermutation_throws() {
    Tensor t = Tensor.of(new float[4], 2, 2);

    assertThatThrownBy(() -> t.transpose(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cast_floatsToIntegersAndBooleans_truncatesTowardZero() {
    Tensor t = Tensor.of(new float[] {-1.7f, -0.2f, 0f, 2.9f}, 4);

    assertThat(t.cast(Dtype.INT64).longs()).containsExactly(-1, 0, 0, 2);
    assertThat(t.cast(Dtype.BOOL).toDoubles()).containsExactly(1, 1, 0, 1);
  }

  @Test
  void rows_middleRange_keepsTrailingDimensions() {
    Tensor t = Tensor.of(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2);

    Tensor rows = t.rows(1, 3);

    assertThat(rows.shape()).containsExactly(2, 2);
    assertThat(rows.longs()).containsExactly(2, 3, 4, 5);
  }

  @Test
  void fromLittleEndian_bytesNotMatchingShape_throwsWithBothCounts() {
    assertThatThrownBy(() -> Tensor.fromLittleEndian(Dtype.FLOAT32, new long[] {3}, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 3 elements")
        .hasMessageContaining("data has 2");
  }

  @Test
  void toLittleEndian_int64_writesLeastSignificantByteFirstAndReadsBack() {
    Tensor t = Tensor.of(new long[] {1, -2}, 2);

    byte[] bytes = t.toLittleEndian();

    assertThat(bytes).hasSize(16);
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes[8]).isEqualTo((byte) 0xfe);
    assertThat(Tensor.fromLittleEndian(Dtype.INT64, new long[] {2}, bytes).longs())
        .containsExactly(1, -2);
  }

  @Test
  void cast_int64ToInt32AndUint8ToFloat_keepsValues() {
    assertThat(Tensor.of(new long[] {7, -8}, 2).cast(Dtype.INT32).ints()).containsExactly(7, -8);
    assertThat(Tensor.ofBytes(Dtype.UINT8, new byte[] {(byte) 200}, 1).cast(Dtype.FLOAT32).floats())
        .containsExactly(200f);
  }

  @Test
  void filled_int32_castsTheValue() {
    Tensor t = Tensor.filled(Dtype.INT32, 2.9, 2, 2);

    assertThat(t.shape()).containsExactly(2, 2);
    assertThat(t.ints()).containsExactly(2, 2, 2, 2);
  }

  @Test
  void reshape_otherElementCount_throws() {
    Tensor t = Tensor.of(new float[6], 2, 3);

    assertThat(t.reshape(3, 2).shape()).containsExactly(3, 2);
    assertThatThrownBy(() -> t.reshape(4)).isInstanceOf(IllegalArgumentException.class);
  }
}
