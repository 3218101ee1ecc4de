package dev.parity.harness;

import dev.parity.features.EncodedBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pre-processing parity: Java's ids ({@code FeatureSpec.encode}) against Python's, record by record
 * and field by field. Expected: no record differs.
 *
 * @param records how many records were compared
 * @param mismatchedRecords records that differ in at least one field
 * @param mismatchedByField records that differ, per field
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

  /** Accumulates the comparison chunk by chunk while the records stream past. */
  static final class Tally {
    private final ReferenceSet reference;
    private final Map<String, Long> byField = new LinkedHashMap<>();
    private final List<IndexMismatch> examples = new ArrayList<>();
    private long records;
    private long mismatched;

    Tally(ReferenceSet reference, List<String> fields) {
      this.reference = reference;
      fields.forEach(f -> byField.put(f, 0L));
    }

    /**
     * Compares one chunk.
     *
     * @param batch Java's ids of the chunk
     * @param first the chunk's first record position in the reference set
     * @param ids the chunk's record ids
     */
    void add(EncodedBatch batch, int first, List<String> ids) {
      boolean[] differs = new boolean[batch.size()];
      for (int f = 0; f < batch.names().size(); f++) {
        String field = batch.names().get(f);
        int javaLength = batch.lengths()[f];
        int pythonLength = reference.indexLength(field);
        int[] python = reference.indices(field);
        long[] java = batch.ids().get(f);
        long count = 0;
        for (int r = 0; r < batch.size(); r++) {
          boolean same = javaLength == pythonLength;
          for (int j = 0; same && j < javaLength; j++) {
            same = java[r * javaLength + j] == python[(first + r) * pythonLength + j];
          }
          if (!same) {
            count++;
            differs[r] = true;
            if (examples.size() < EXAMPLES) {
              List<Long> j = new ArrayList<>(javaLength);
              for (int k = 0; k < javaLength; k++) {
                j.add(java[r * javaLength + k]);
              }
              List<Long> p = new ArrayList<>(pythonLength);
              for (int k = 0; k < pythonLength; k++) {
                p.add((long) python[(first + r) * pythonLength + k]);
              }
              examples.add(new IndexMismatch(first + r, ids.get(r), field, j, p));
            }
          }
        }
        byField.merge(field, count, Long::sum);
      }
      for (boolean d : differs) {
        if (d) {
          mismatched++;
        }
      }
      records += batch.size();
    }

    PreprocessingComparison result() {
      return new PreprocessingComparison(records, mismatched, byField, examples);
    }
  }
}
