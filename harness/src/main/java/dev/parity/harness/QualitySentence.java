package dev.parity.harness;

import java.util.List;
import java.util.Locale;

/**
 * Quality parity in words, for every task: the one-line summary the Markdown and HTML reports
 * print, and the lines of the console report.
 */
final class QualitySentence {
  private QualitySentence() {}

  static String of(QualityComparison quality, String versus) {
    if (quality instanceof BinaryQuality q) {
      return (q.labelled()
              ? String.format(
                  Locale.ROOT,
                  "AUC JVM %s vs " + versus + " %s; recall at precision %s: %s vs %s; ",
                  Numbers.fixed(q.aucActual()),
                  Numbers.fixed(q.aucExpected()),
                  q.precisionTarget(),
                  Numbers.fixed(q.recallActual()),
                  Numbers.fixed(q.recallExpected()))
              : "no labels, so no AUC or recall; ")
          + String.format(
              Locale.ROOT,
              "decision flips at %s: %d (+%d within %s of the threshold)",
              q.decisionThreshold(),
              q.flips(),
              q.flipsInBand(),
              Numbers.compact(q.flipBand()));
    }
    if (quality instanceof MulticlassQuality q) {
      return String.format(
              Locale.ROOT,
              "top class differs in %d records; top-%d classes agree in %s of records",
              q.argmaxFlips(),
              q.topK(),
              Numbers.fixed(q.topKAgreement()))
          + (q.labelled()
              ? String.format(
                  Locale.ROOT,
                  "; accuracy JVM %s vs " + versus + " %s; log-loss %s vs %s",
                  Numbers.fixed(q.accuracyActual()),
                  Numbers.fixed(q.accuracyExpected()),
                  Numbers.fixed(q.logLossActual()),
                  Numbers.fixed(q.logLossExpected()))
              : "; no labels, so no accuracy or log-loss");
    }
    RegressionQuality q = (RegressionQuality) quality;
    return String.format(
        Locale.ROOT,
        "RMSE JVM %s vs " + versus + " %s; MAE %s vs %s",
        Numbers.fixed(q.rmseActual()),
        Numbers.fixed(q.rmseExpected()),
        Numbers.fixed(q.maeActual()),
        Numbers.fixed(q.maeExpected()));
  }

  static List<String> consoleLines(QualityComparison quality, String versus) {
    if (quality instanceof BinaryQuality q) {
      return List.of(
          q.labelled()
              ? String.format(
                  Locale.ROOT,
                  "Quality: AUC JVM %s vs "
                      + versus
                      + " %s (delta %s); recall at precision %s: %s vs"
                      + " %s (delta %s)",
                  Numbers.fixed(q.aucActual()),
                  Numbers.fixed(q.aucExpected()),
                  Numbers.scientific(q.aucDelta()),
                  q.precisionTarget(),
                  Numbers.fixed(q.recallActual()),
                  Numbers.fixed(q.recallExpected()),
                  Numbers.scientific(q.recallDelta()))
              : "Quality: the reference set has no labels, so AUC and recall are not compared",
          String.format(
              Locale.ROOT,
              "Decisions at %s: %d flipped (+%d within %s of the threshold, not gated)",
              q.decisionThreshold(),
              q.flips(),
              q.flipsInBand(),
              Numbers.compact(q.flipBand())));
    }
    if (quality instanceof MulticlassQuality q) {
      return List.of(
          String.format(
              Locale.ROOT,
              "Quality: top class differs in %d records; top-%d classes agree in %s of records",
              q.argmaxFlips(),
              q.topK(),
              Numbers.fixed(q.topKAgreement())),
          q.labelled()
              ? String.format(
                  Locale.ROOT,
                  "Accuracy JVM %s vs " + versus + " %s (delta %s); log-loss %s vs %s (delta %s)",
                  Numbers.fixed(q.accuracyActual()),
                  Numbers.fixed(q.accuracyExpected()),
                  Numbers.scientific(q.accuracyDelta()),
                  Numbers.fixed(q.logLossActual()),
                  Numbers.fixed(q.logLossExpected()),
                  Numbers.scientific(q.logLossDelta()))
              : "No labels, so accuracy and log-loss are not compared");
    }
    RegressionQuality q = (RegressionQuality) quality;
    return List.of(
        String.format(
            Locale.ROOT,
            "Quality: RMSE JVM %s vs " + versus + " %s (delta %s); MAE %s vs %s (delta %s)",
            Numbers.fixed(q.rmseActual()),
            Numbers.fixed(q.rmseExpected()),
            Numbers.scientific(q.rmseDelta()),
            Numbers.fixed(q.maeActual()),
            Numbers.fixed(q.maeExpected()),
            Numbers.scientific(q.maeDelta())));
  }
}
