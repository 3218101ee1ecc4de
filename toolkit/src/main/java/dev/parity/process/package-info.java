/**
 * Child processes that Parity's runners start (soak and peak-search JVMs): their output and exit.
 */
package dev.parity.process;
