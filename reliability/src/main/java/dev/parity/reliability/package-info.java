/**
 * Native-memory soaks: many predictions (or model load/close cycles) through one model in a child
 * JVM with a fixed heap, judged by the {@link dev.parity.reliability.GrowthRule} that the Spark
 * soak shares. Runners live here, outside the toolkit.
 */
package dev.parity.reliability;
