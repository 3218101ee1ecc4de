package dev.parity.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.card.Features;
import dev.parity.card.Task;
import dev.parity.features.RawRecord;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slices per categorical value (most frequent first) and numeric decile, worst slice first. */
class SlicesTest {
  private static final Features FEATURES =
      new Features(
          List.of(
              new Features.Field("plan", Features.Kind.TOKEN, "ids", 0, 1, 0, null),
              new Features.Field("addons", Features.Kind.BAG, "ids", 1, 2, 0, null),
              new Features.Field("tenure", Features.Kind.NUMERIC, "dense", 0, 1, 0, null)),
          "vocab.json",
          0,
          1,
          2,
          new Features.Normalisation(" ", true, true, List.of()));
  private static final Task BINARY = new Task(Task.Kind.BINARY, "p", 0.5, 0.5, null, 0, List.of());

  @Test
  void compare_oneValueOff_isTheWorstSliceAndBagsAreNotSliced() {
    int n = 100;
    SliceKeys keys = new SliceKeys(FEATURES);
    List<RawRecord> records = new ArrayList<>();
    float[] actual = new float[n];
    float[] expected = new float[n];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      // 60 gold, 30 free, 10 " GOLD " (normalised to gold), tenure 0..99
      String plan = i < 60 ? "gold" : i < 90 ? "free" : " GOLD ";
      records.add(
          new RawRecord(
              "r" + i,
              Map.of("plan", List.of(plan), "addons", List.of("x", "y")),
              Map.of("tenure", (double) i)));
      expected[i] = (i % 10) / 10f;
      actual[i] = expected[i] + (plan.equals("free") ? 1e-3f : 0);
      labels[i] = (byte) (i % 2);
    }
    keys.add(records);

    List<SliceComparison> slices =
        Slices.compare(
            keys,
            BINARY,
            Tensor.of(actual, n),
            Tensor.of(expected, n),
            Tensor.ofBytes(dev.parity.tensor.Dtype.UINT8, labels, n),
            10);

    assertThat(slices.get(0).key()).isEqualTo("plan=free");
    assertThat(slices.get(0).records()).isEqualTo(30);
    assertThat(slices.get(0).difference().max())
        .isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(slices.get(0).qualityMetric()).isEqualTo("auc");
    assertThat(slices)
        .filteredOn(s -> s.key().equals("plan=gold"))
        .singleElement()
        .satisfies(s -> assertThat(s.records()).isEqualTo(70));
    assertThat(slices).noneMatch(s -> s.field().equals("addons"));
    assertThat(slices).filteredOn(s -> s.field().equals("tenure")).hasSize(10);
    assertThat(slices)
        .filteredOn(s -> s.field().equals("tenure"))
        .allSatisfy(s -> assertThat(s.records()).isEqualTo(10));
    assertThat(slices.get(slices.size() - 1).difference().max()).isZero();
  }

  @Test
  void compare_topLimit_keepsTheMostFrequentValues() {
    SliceKeys keys = new SliceKeys(FEATURES);
    List<RawRecord> records = new ArrayList<>();
    String[] plans = {"a", "a", "a", "b", "b", "c"};
    for (int i = 0; i < plans.length; i++) {
      records.add(new RawRecord("r" + i, Map.of("plan", List.of(plans[i]))));
    }
    keys.add(records);
    float[] zeros = new float[plans.length];

    List<SliceComparison> slices =
        Slices.compare(
            keys, BINARY, Tensor.of(zeros, zeros.length), Tensor.of(zeros, zeros.length), null, 2);

    assertThat(slices)
        .filteredOn(s -> s.field().equals("plan"))
        .extracting(SliceComparison::key)
        .containsExactlyInAnyOrder("plan=a", "plan=b");
    assertThat(slices)
        .filteredOn(s -> s.field().equals("plan"))
        .allMatch(s -> s.qualityMetric().equals("flips"));
  }
}
