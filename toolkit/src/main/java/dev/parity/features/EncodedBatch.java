package dev.parity.features;

import java.util.List;

/**
 * Model input for a batch of records: per field, in the network's input order, a row-major {@code
 * [size, length]} block of token ids.
 *
 * @param size the number of records
 * @param names the field names, in input order
 * @param lengths each field's fixed length
 * @param ids each field's ids, {@code size * length} values
 */
public record EncodedBatch(int size, List<String> names, int[] lengths, List<long[]> ids) {

  /** Checks that every block has {@code size * length} values. */
  public EncodedBatch {
    names = List.copyOf(names);
    ids = List.copyOf(ids);
    if (names.size() != lengths.length || names.size() != ids.size()) {
      throw new IllegalArgumentException(
          "names, lengths and ids must have one entry per field: "
              + names.size()
              + ", "
              + lengths.length
              + ", "
              + ids.size());
    }
    for (int f = 0; f < lengths.length; f++) {
      if (ids.get(f).length != (long) size * lengths[f]) {
        throw new IllegalArgumentException(
            "field "
                + names.get(f)
                + ": expected "
                + size
                + " x "
                + lengths[f]
                + " ids, found "
                + ids.get(f).length);
      }
    }
  }

  /**
   * Returns the id at a record and position of a field.
   *
   * @param field the field's input position
   * @param record the record's row
   * @param position the position within the field
   * @return the id
   */
  public long id(int field, int record, int position) {
    return ids.get(field)[record * lengths[field] + position];
  }
}
