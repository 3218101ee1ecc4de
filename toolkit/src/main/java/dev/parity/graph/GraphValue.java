package dev.parity.graph;

/**
 * A graph input or output: its name and type.
 *
 * @param name the value's name, the key a caller feeds or reads it by
 * @param type its element type and shape ({@value ValueType#UNKNOWN} for a dynamic dimension)
 */
public record GraphValue(String name, ValueType type) {}
