/**
 * The shape every Parity report shares: a {@link dev.parity.report.Rendering} per format, written
 * into a folder by {@link dev.parity.report.ReportFolder}. Knows no particular report.
 */
package dev.parity.report;
