package dev.parity.harness;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Collects, stage by stage in pipeline order, which records are beyond tolerance, then counts each
 * record at its first such stage. A stage may cover the first records only (taps); a record it does
 * not cover is judged by the other stages.
 */
final class StageTrace {
  private final List<String> ids;
  private final List<Entry> entries = new ArrayList<>();

  private record Entry(
      Stage.Kind kind,
      String label,
      int covered,
      BitSet beyond,
      double max,
      double p99,
      long worst) {}

  /**
   * Starts a trace.
   *
   * @param ids the records' ids by position; may hold nulls
   */
  StageTrace(List<String> ids) {
    this.ids = ids;
  }

  /**
   * Adds a stage compared for equality (pre-processing, inputs).
   *
   * @param kind the stage
   * @param label its name in reports
   * @param covered how many records it was compared on
   * @param flags the records that differ and the largest difference
   */
  void exact(Stage.Kind kind, String label, int covered, PreprocessingComparison.StageFlags flags) {
    BitSet beyond = flags.differs();
    entries.add(
        new Entry(
            kind,
            label,
            covered,
            beyond,
            flags.maxDifference(),
            Double.NaN,
            beyond.isEmpty() ? -1 : beyond.nextSetBit(0)));
  }

  /**
   * Adds a stage compared element by element (a tap, the outputs).
   *
   * @param kind the stage
   * @param label its name in reports
   * @param parts its tensors, JVM against reference, first record first
   * @param comparison their statistics, for the stage's max, P99 and worst record
   */
  void elementwise(
      Stage.Kind kind,
      String label,
      List<ElementwiseComparison.Part> parts,
      OutputComparison comparison) {
    int covered = parts.isEmpty() ? 0 : (int) (long) parts.get(0).shape().get(0);
    BitSet beyond = new BitSet(covered);
    for (ElementwiseComparison.Part p : parts) {
      int width = p.rowWidth();
      Tolerance t = p.tolerance();
      for (int i = 0; i < p.actual().size(); i++) {
        double a = p.actual().getDouble(i);
        double e = p.expected().getDouble(i);
        // NaN and infinities are never a match, as in the element-wise comparison.
        if (!Double.isFinite(a) || !Double.isFinite(e) || !t.accepts(a, e)) {
          beyond.set(i / width);
        }
      }
    }
    long worst =
        beyond.isEmpty()
            ? -1
            : comparison.worst().isEmpty()
                ? beyond.nextSetBit(0)
                : comparison.worst().get(0).record();
    entries.add(
        new Entry(
            kind,
            label,
            covered,
            beyond,
            comparison.absolute().max(),
            comparison.absolute().p99(),
            worst));
  }

  /**
   * Adds the decision stage.
   *
   * @param covered how many records were decided
   * @param flipped the records whose decision differs
   */
  void decisions(int covered, BitSet flipped) {
    entries.add(
        new Entry(
            Stage.Kind.DECISIONS,
            "decisions",
            covered,
            flipped,
            Double.NaN,
            Double.NaN,
            flipped.isEmpty() ? -1 : flipped.nextSetBit(0)));
  }

  /**
   * Counts every record at its first stage beyond tolerance.
   *
   * @param tapRecords how many records the taps cover
   * @return the stages in the order added
   */
  Localisation localise(long tapRecords) {
    BitSet seen = new BitSet();
    List<Stage> stages = new ArrayList<>();
    for (Entry e : entries) {
      BitSet first = (BitSet) e.beyond().clone();
      first.andNot(seen);
      seen.or(e.beyond());
      stages.add(
          new Stage(
              e.kind(),
              e.label(),
              e.covered(),
              e.beyond().cardinality(),
              first.cardinality(),
              e.max(),
              e.p99(),
              e.worst(),
              e.worst() >= 0 && e.worst() < ids.size() ? ids.get((int) e.worst()) : null));
    }
    return new Localisation(stages, tapRecords);
  }
}
