package dev.parity.harness;

import java.util.List;

/**
 * A record whose Java pre-processing of an input or field differs from Python's.
 *
 * @param record the record's 0-based position in the reference set
 * @param id the record's id, or null
 * @param field the input or field compared
 * @param java what Java's pre-processing produced (ids, or numbers for float inputs)
 * @param python what Python's produced
 */
public record IndexMismatch(
    long record, String id, String field, List<Number> java, List<Number> python) {

  /** Copies the lists so the record stays immutable. */
  public IndexMismatch {
    java = List.copyOf(java);
    python = List.copyOf(python);
  }
}
