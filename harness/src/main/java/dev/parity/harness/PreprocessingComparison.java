package dev.parity.harness;

import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import dev.parity.card.TensorSpec;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-processing parity, record by record, in two stages: each field of the raw record against
 * Python's ids or numbers for it ({@code indices:<field>}, else the field's columns of {@code
 * input:<name>}), then each input tensor handed to the engine against Python's ({@code
 * input:<name>}, else assembled from the fields' indices). Ids and numbers must be equal, not
 * close: the pre-processing is one contract.
 *
 * @param records how many records were compared
 * @param mismatchedRecords records that differ in at least one field or input
 * @param mismatchedByField records that differ, per field compared
 * @param mismatchedByInput records that differ, per input tensor compared
 * @param examples the first records that differ, at most {@value #EXAMPLES}
 */
public record PreprocessingComparison(
    long records,
    long mismatchedRecords,
    Map<String, Long> mismatchedByField,
    Map<String, Long> mismatchedByInput,
    List<IndexMismatch> examples) {

  /** How many differing records are kept as examples. */
  public static final int EXAMPLES = 5;

  /** Copies the collections so the comparison stays immutable. */
  public PreprocessingComparison {
    mismatchedByField = Collections.unmodifiableMap(new LinkedHashMap<>(mismatchedByField));
    mismatchedByInput = Collections.unmodifiableMap(new LinkedHashMap<>(mismatchedByInput));
    examples = List.copyOf(examples);
  }

  /**
   * One thing compared: columns {@code [from, from + width)} of a Java input against columns {@code
   * [pythonFrom, pythonFrom + width)} of a Python array.
   */
  private record Slice(
      String name, String input, int from, int width, Tensor python, int pythonFrom) {}

  /** What one stage found, record by record, for the stage-by-stage localisation. */
  record StageFlags(BitSet differs, double maxDifference) {}

  /** Accumulates the comparison chunk by chunk while the records stream past. */
  static final class Tally {
    private final List<Slice> fields = new ArrayList<>();
    private final List<Slice> inputs = new ArrayList<>();
    private final Map<String, Long> byField = new LinkedHashMap<>();
    private final Map<String, Long> byInput = new LinkedHashMap<>();
    private final List<IndexMismatch> examples = new ArrayList<>();
    private final BitSet fieldsDiffer = new BitSet();
    private final BitSet inputsDiffer = new BitSet();
    private double fieldsMax;
    private double inputsMax;
    private long records;

    /**
     * Plans the comparison.
     *
     * @param reference the reference set
     * @param card the model's card, with features
     * @throws ReferenceSetException if the set holds nothing of Python's pre-processing
     */
    Tally(ReferenceSet reference, ModelCard card) throws ReferenceSetException {
      for (Features.Field f : card.features().fields()) {
        Tensor indices = reference.indices().get(f.name());
        Tensor input = reference.inputs().get(f.input());
        if (indices != null) {
          fields.add(new Slice(f.name(), f.input(), f.column(), f.length(), indices, 0));
        } else if (input != null) {
          fields.add(new Slice(f.name(), f.input(), f.column(), f.length(), input, f.column()));
        }
      }
      for (TensorSpec spec : card.signature().inputs()) {
        Tensor python = reference.inputs().get(spec.name());
        if (python != null) {
          inputs.add(new Slice(spec.name(), spec.name(), 0, spec.rowLength(), python, 0));
          continue;
        }
        // No input:<name>: Python's tensor is its fields' indices, laid out as the card says.
        for (Slice s : fields) {
          if (s.input().equals(spec.name())) {
            inputs.add(new Slice(spec.name(), s.input(), s.from(), s.width(), s.python(), 0));
          }
        }
      }
      if (fields.isEmpty() && inputs.isEmpty()) {
        throw new ReferenceSetException(
            "reference set "
                + reference.folder()
                + " holds raw records but neither the inputs Python made from them (input:<name>)"
                + " nor its indices (indices:<field>), so pre-processing parity cannot be"
                + " checked; add them to the set (docs/reference-set.md)");
      }
      fields.forEach(s -> byField.put(s.name(), 0L));
      inputs.forEach(s -> byInput.put(s.name(), 0L));
    }

    /**
     * Compares one chunk.
     *
     * @param batch Java's inputs of the chunk
     * @param first the chunk's first record position in the reference set
     * @param ids the chunk's record ids
     */
    void add(TensorBatch batch, int first, List<String> ids) {
      fieldsMax = Math.max(fieldsMax, compare(fields, byField, fieldsDiffer, batch, first, ids));
      inputsMax = Math.max(inputsMax, compare(inputs, byInput, inputsDiffer, batch, first, ids));
      records += batch.rows();
    }

    // Returns the largest |Java - Python| of the chunk's compared elements.
    private double compare(
        List<Slice> slices,
        Map<String, Long> counts,
        BitSet differs,
        TensorBatch batch,
        int first,
        List<String> ids) {
      int n = batch.rows();
      double max = 0;
      // A record counts once per name, even when an input is compared field by field.
      Map<String, BitSet> byName = new LinkedHashMap<>();
      for (Slice s : slices) {
        Tensor java = batch.get(s.input());
        int javaWidth = java.rowLength();
        int pythonWidth = s.python().rowLength();
        boolean floats = java.dtype().isFloating();
        BitSet named = byName.computeIfAbsent(s.name(), k -> new BitSet());
        for (int r = 0; r < n; r++) {
          boolean same = s.pythonFrom() + s.width() <= pythonWidth;
          for (int j = 0; same && j < s.width(); j++) {
            int ji = r * javaWidth + s.from() + j;
            int pi = (first + r) * pythonWidth + s.pythonFrom() + j;
            same =
                floats
                    ? equalFloat(java, ji, s.python(), pi)
                    : java.getLong(ji) == s.python().getLong(pi);
            if (!same) {
              max = Math.max(max, Math.abs(java.getDouble(ji) - s.python().getDouble(pi)));
            }
          }
          if (!same) {
            named.set(r);
            differs.set(first + r);
            if (examples.size() < EXAMPLES && !hasExample(first + r, s.name())) {
              examples.add(
                  new IndexMismatch(
                      first + r,
                      ids.get(r),
                      s.name(),
                      row(java, r * javaWidth + s.from(), s.width(), floats),
                      row(
                          s.python(),
                          (first + r) * pythonWidth + s.pythonFrom(),
                          Math.min(s.width(), pythonWidth - s.pythonFrom()),
                          floats)));
            }
          }
        }
      }
      byName.forEach((name, set) -> counts.merge(name, (long) set.cardinality(), Long::sum));
      return max;
    }

    private boolean hasExample(long record, String name) {
      return examples.stream().anyMatch(e -> e.record() == record && e.field().equals(name));
    }

    // Equal as the input's dtype holds them: a float32 input is compared in float32.
    private static boolean equalFloat(Tensor java, int ji, Tensor python, int pi) {
      if (java.dtype() == Dtype.FLOAT32 && python.dtype() == Dtype.FLOAT32) {
        return Float.floatToIntBits(java.floats()[ji]) == Float.floatToIntBits(python.floats()[pi]);
      }
      return Double.compare(java.getDouble(ji), python.getDouble(pi)) == 0;
    }

    private static List<Number> row(Tensor t, int from, int width, boolean floats) {
      List<Number> out = new ArrayList<>(width);
      for (int k = 0; k < width; k++) {
        out.add(floats ? (Number) t.getDouble(from + k) : (Number) t.getLong(from + k));
      }
      return out;
    }

    StageFlags fieldStage() {
      return new StageFlags((BitSet) fieldsDiffer.clone(), fieldsMax);
    }

    StageFlags inputStage() {
      return new StageFlags((BitSet) inputsDiffer.clone(), inputsMax);
    }

    PreprocessingComparison result() {
      BitSet any = (BitSet) fieldsDiffer.clone();
      any.or(inputsDiffer);
      return new PreprocessingComparison(records, any.cardinality(), byField, byInput, examples);
    }
  }
}
