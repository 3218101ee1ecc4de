/**
 * Validation of JVM outputs against the Python reference outputs: difference statistics, gates that
 * a release can be held on, and model-quality parity.
 */
package dev.parity.harness;
