/** Reproducible converters from the engine-neutral weights to engine-native model artifacts. */
package dev.parity.convert;
