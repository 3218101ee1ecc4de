/** JMH benchmarks of engine, thread and batch settings, and the sweep that tabulates them. */
package dev.parity.bench;
