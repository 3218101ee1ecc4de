/** Batch inference on Apache Spark, embedded {@code local[*]} by default or on any cluster. */
package dev.parity.spark;
