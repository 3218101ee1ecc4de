package dev.parity.harness;

/**
 * One of the elements that differ most, located by record so it can be looked up in the inputs.
 *
 * @param output the output it belongs to, e.g. {@code probability}
 * @param record the record's 0-based position in the reference set
 * @param id the record's id, or null when the records carry none
 * @param column the element's position within the record's output row; 0 for one value per record
 * @param actual the value under test (the JVM's, or the first engine's of a pair)
 * @param expected the reference value (Python's, or the second engine's of a pair)
 * @param difference {@code |actual - expected|}
 */
public record WorstElement(
    String output,
    long record,
    String id,
    int column,
    double actual,
    double expected,
    double difference) {}
