package dev.parity.harness;

import java.util.Locale;

/** The one-line summary of quality parity that the Markdown and HTML reports both print. */
final class QualitySentence {
  private QualitySentence() {}

  static String of(QualityComparison q) {
    return String.format(
        Locale.ROOT,
        "AUC JVM %s vs Python %s; recall at precision %s: %s vs %s; decision flips at %s:"
            + " %d (+%d within %s of the threshold)",
        Numbers.fixed(q.aucActual()),
        Numbers.fixed(q.aucExpected()),
        q.precisionTarget(),
        Numbers.fixed(q.recallActual()),
        Numbers.fixed(q.recallExpected()),
        q.decisionThreshold(),
        q.flips(),
        q.flipsInBand(),
        Numbers.compact(q.flipBand()));
  }
}
