package dev.parity.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.Checkout;
import dev.parity.card.ModelCard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCostTest {

  @Test
  void of_smallCard_matchesHandComputation() throws Exception {
    ModelCost cost =
        ModelCost.of(
            ModelCard.read(BenchPreset.resolve("small", Checkout.requireRoot()).modelCard()));

    // By hand: 82 padded ids, dim 16, four fields; dense 64->64, 64->16, 16->1.
    // masked mean: 2*82*16 + 4*16 = 2624 + 64 = 2688
    // MLP: 2*64*64 + 2*64*16 + 2*16*1 = 8192 + 2048 + 32 = 10272
    // bytes: 82*16*4 = 5248 embedding + 82*8 = 656 ids
    assertThat(cost.maskedMeanFlops()).isEqualTo(2688);
    assertThat(cost.mlpFlops()).isEqualTo(10272);
    assertThat(cost.flopsPerRecord()).isEqualTo(12960);
    assertThat(cost.gatherBytes()).isEqualTo(5248);
    assertThat(cost.indexBytes()).isEqualTo(656);
    assertThat(cost.bytesPerRecord()).isEqualTo(5904);
    assertThat(cost.layers()).containsExactly(List.of(64, 64), List.of(64, 16), List.of(16, 1));
  }

  @Test
  void of_largeShapes_mlpDominates() {
    ModelCost cost =
        ModelCost.of("large", 64, List.of(60, 20, 1, 1), List.of(256, 512, 256, 128, 1));

    // 2*256*512 + 2*512*256 + 2*256*128 + 2*128 = 590,080: the large preset's ~590k FLOP per
    // record, which sets its compute roof.
    assertThat(cost.mlpFlops()).isEqualTo(590_080);
    assertThat(cost.maskedMeanFlops()).isEqualTo(2 * 82 * 64 + 4 * 64);
  }

  @Test
  void roofline_memoryAndComputeRoofs_lowerBinds() {
    Roofline r = Roofline.of(2, 100, 18, Fixtures.smallCost());

    assertThat(r.computeRecordsPerSecond()).isCloseTo(100e9 / 12960, within());
    assertThat(r.memoryRecordsPerSecond()).isCloseTo(18e9 / 5904, within());
    assertThat(r.bound()).isEqualTo("memory");
    assertThat(r.recordsPerSecond()).isEqualTo(r.memoryRecordsPerSecond());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
