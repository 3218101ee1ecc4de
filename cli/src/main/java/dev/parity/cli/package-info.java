/**
 * The {@code parity} command line ({@code validate | predict | bench | zoo | spark}); it parses and
 * prints, the work is done in the other modules.
 */
package dev.parity.cli;
