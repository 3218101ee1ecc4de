package dev.parity.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SliceBoundsTest {

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
