package dev.parity.harness;

import dev.parity.card.Features;
import dev.parity.card.ModelCard;
import dev.parity.tensor.Dtype;
import dev.parity.tensor.Tensor;
import dev.parity.tensor.TensorBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-processing parity: the input tensors Java made from the raw records against the ones Python
 * made, record by record: whole inputs where the reference set holds them ({@code input:<name>}),
 * else each token field's columns against Python's indices ({@code indices:<field>}). Ids and
 * numbers must be equal, not close: the pre-processing is one contract.
 *
 * @param records how many records were compared
 * @param mismatchedRecords records that differ in at least one input or field
 * @param mismatchedByField records that differ, per input or field compared
 * @param examples the first records that differ, at most {@value #EXAMPLES}
 */
public record PreprocessingComparison(
    long records,
    long mismatchedRecords,
    Map<String, Long> mismatchedByField,
    List<IndexMismatch> examples) {

  /** How many differing records are kept as examples. */
  public static final int EXAMPLES = 5;

  /** Copies the collections so the comparison stays immutable. */
  public PreprocessingComparison {
    mismatchedByField = Collections.unmodifiableMap(new LinkedHashMap<>(mismatchedByField));
    examples = List.copyOf(examples);
  }

  /** One thing compared: columns {@code [from, from + width)} of a Java input vs a Python array. */
  private record Slice(String name, String input, int from, int width, Tensor python) {}

  /** Accumulates the comparison chunk by chunk while the records stream past. */
  static final class Tally {
    private final List<Slice> slices = new ArrayList<>();
    private final Map<String, Long> byName = new LinkedHashMap<>();
    private final List<IndexMismatch> examples = new ArrayList<>();
    private long records;
    private long mismatched;

    /**
     * Plans the comparison.
     *
     * @param reference the reference set
     * @param card the model's card, with features
     * @throws ReferenceSetException if the set holds nothing of Python's pre-processing
     */
    Tally(ReferenceSet reference, ModelCard card) throws ReferenceSetException {
      for (var input : card.signature().inputs()) {
        Tensor python = reference.inputs().get(input.name());
        if (python != null) {
          slices.add(new Slice(input.name(), input.name(), 0, input.rowLength(), python));
        }
      }
      for (Features.Field f : card.features().fields()) {
        Tensor python = reference.indices().get(f.name());
        if (python != null && !reference.inputs().containsKey(f.input())) {
          slices.add(new Slice(f.name(), f.input(), f.column(), f.length(), python));
        }
      }
      if (slices.isEmpty()) {
        throw new ReferenceSetException(
            "reference set "
                + reference.folder()
                + " holds raw records but neither the inputs Python made from them (input:<name>)"
                + " nor its indices (indices:<field>), so pre-processing parity cannot be"
                + " checked; add them to the set (docs/reference-set.md)");
      }
      slices.forEach(s -> byName.put(s.name(), 0L));
    }

    /**
     * Compares one chunk.
     *
     * @param batch Java's inputs of the chunk
     * @param first the chunk's first record position in the reference set
     * @param ids the chunk's record ids
     */
    void add(TensorBatch batch, int first, List<String> ids) {
      int n = batch.rows();
      boolean[] differs = new boolean[n];
      for (Slice s : slices) {
        Tensor java = batch.get(s.input());
        int javaWidth = java.rowLength();
        int pythonWidth = s.python().rowLength();
        boolean floats = java.dtype().isFloating();
        long count = 0;
        for (int r = 0; r < n; r++) {
          boolean same = s.width() == pythonWidth;
          for (int j = 0; same && j < s.width(); j++) {
            int ji = r * javaWidth + s.from() + j;
            int pi = (first + r) * pythonWidth + j;
            same =
                floats
                    ? equalFloat(java, ji, s.python(), pi)
                    : java.getLong(ji) == s.python().getLong(pi);
          }
          if (!same) {
            count++;
            differs[r] = true;
            if (examples.size() < EXAMPLES) {
              examples.add(
                  new IndexMismatch(
                      first + r,
                      ids.get(r),
                      s.name(),
                      row(java, r * javaWidth + s.from(), s.width(), floats),
                      row(s.python(), (first + r) * pythonWidth, pythonWidth, floats)));
            }
          }
        }
        byName.merge(s.name(), count, Long::sum);
      }
      for (boolean d : differs) {
        if (d) {
          mismatched++;
        }
      }
      records += n;
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

    PreprocessingComparison result() {
      return new PreprocessingComparison(records, mismatched, byName, examples);
    }
  }
}
