package dev.parity.features;

import java.util.List;

/**
 * Raw records to predict in one call: the input type of the record translator (DJL's criteria take
 * a class, so a list gets a name).
 *
 * @param records the records, in order
 */
public record RecordBatch(List<RawRecord> records) {

  /** Copies the list. */
  public RecordBatch {
    records = List.copyOf(records);
  }
}
