package dev.parity.harness;

import java.util.Arrays;

/**
 * Binary-classifier quality as the Python side computes it ({@code scripts/purchase/quality.py}),
 * so that JVM and Python figures are comparable digit for digit.
 */
public final class QualityMetrics {

  private QualityMetrics() {}

  /**
   * Returns the area under the ROC curve by the Mann-Whitney statistic, tied scores given their
   * average rank.
   *
   * @param labels 1 for a positive, 0 for a negative, one per score
   * @param scores the classifier's scores
   * @return the AUC, NaN when only one class is present
   */
  public static double auc(byte[] labels, float[] scores) {
    checkSameLength(labels, scores);
    int n = scores.length;
    int[] order = ascending(scores);
    double positiveRankSum = 0;
    long positives = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] != 0) {
          positiveRankSum += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Returns the largest recall over the score thresholds (tied scores move together) whose
   * precision reaches the target.
   *
   * @param labels 1 for a positive, 0 for a negative, one per score
   * @param scores the classifier's scores
   * @param precision the precision target, e.g. 0.5
   * @return the recall, 0 when no threshold reaches the target
   */
  public static double recallAtPrecision(byte[] labels, float[] scores, double precision) {
    checkSameLength(labels, scores);
    int n = scores.length;
    int[] order = ascending(scores);
    long positives = 0;
    for (byte label : labels) {
      if (label != 0) {
        positives++;
      }
    }
    double best = 0;
    long truePositives = 0;
    boolean any = false;
    // Highest scores first; a threshold sits after the last of a run of tied scores.
    for (int k = n - 1; k >= 0; k--) {
      if (labels[order[k]] != 0) {
        truePositives++;
      }
      boolean lastOfTie = k == 0 || scores[order[k - 1]] != scores[order[k]];
      long taken = n - k;
      if (lastOfTie && (double) truePositives / taken >= precision) {
        best = Math.max(best, (double) truePositives / Math.max(1, positives));
        any = true;
      }
    }
    return any ? best : 0.0;
  }

  /**
   * Counts the records whose decision at a threshold differs between two sets of scores.
   *
   * @param actual the scores under test
   * @param expected the reference scores
   * @param threshold a record is positive when its score is at least this
   * @param band flips of records whose reference score lies within this distance of the threshold
   *     are left out; a negative band counts every flip
   * @return the number of flips outside the band
   */
  public static long decisionFlips(
      float[] actual, float[] expected, double threshold, double band) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException(
          "expected as many scores under test as reference scores, found "
              + actual.length
              + " and "
              + expected.length);
    }
    long flips = 0;
    for (int i = 0; i < actual.length; i++) {
      boolean a = actual[i] >= threshold;
      boolean e = expected[i] >= threshold;
      if (a != e && !(Math.abs(expected[i] - threshold) <= band)) {
        flips++;
      }
    }
    return flips;
  }

  // Sorts positions by score through one primitive sort of (score key, position) pairs.
  private static int[] ascending(float[] scores) {
    long[] keys = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      int bits = Float.floatToIntBits(scores[i] == 0 ? 0f : scores[i]);
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
      keys[i] = ((long) sortable << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[scores.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  private static void checkSameLength(byte[] labels, float[] scores) {
    if (labels.length != scores.length) {
      throw new IllegalArgumentException(
          "expected one label per score, found "
              + labels.length
              + " labels and "
              + scores.length
              + " scores");
    }
  }
}
