/**
 * Reading Parity's own JSON and YAML files with errors that name the file, line and column, and
 * copying folders ({@link dev.parity.file.FileTree}). The bottom of the toolkit: it knows no other
 * Parity package.
 */
package dev.parity.file;
