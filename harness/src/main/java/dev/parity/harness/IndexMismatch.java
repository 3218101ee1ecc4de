package dev.parity.harness;

import java.util.List;

/**
 * A record whose Java ids for a field differ from Python's.
 *
 * @param record the record's 0-based position in the reference set
 * @param id the record's id, or null
 * @param field the field
 * @param java the ids Java's pre-processing produced
 * @param python the ids Python's pre-processing produced
 */
public record IndexMismatch(
    long record, String id, String field, List<Long> java, List<Long> python) {

  /** Copies the id lists so the record stays immutable. */
  public IndexMismatch {
    java = List.copyOf(java);
    python = List.copyOf(python);
  }
}
