package dev.parity.harness;

import java.util.Arrays;

/**
 * Model-quality figures as the Python side computes them ({@code scripts/purchase/quality.py} for
 * binary classifiers), so that JVM and Python figures are comparable digit for digit.
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
    return flipped(actual, expected, threshold, band).cardinality();
  }

  /**
   * Returns the records whose decision differs, outside the band around the threshold.
   *
   * @param actual the scores under test
   * @param expected the reference scores
   * @param threshold a record is positive when its score is at least this
   * @param band flips of records whose reference score lies within this distance of the threshold
   *     are left out; negative to count every flip
   * @return the positions of the flipped records
   */
  public static java.util.BitSet flipped(
      float[] actual, float[] expected, double threshold, double band) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException(
          "expected as many scores under test as reference scores, found "
              + actual.length
              + " and "
              + expected.length);
    }
    java.util.BitSet flips = new java.util.BitSet(actual.length);
    for (int i = 0; i < actual.length; i++) {
      boolean a = actual[i] >= threshold;
      boolean e = expected[i] >= threshold;
      if (a != e && !(Math.abs(expected[i] - threshold) <= band)) {
        flips.set(i);
      }
    }
    return flips;
  }

  /**
   * Returns the records whose top class differs.
   *
   * @param actual the scores under test, {@code classes} per record
   * @param expected the reference scores, {@code classes} per record
   * @param classes how many classes
   * @return the positions of the records whose argmax differs
   */
  public static java.util.BitSet argmaxFlipped(double[] actual, double[] expected, int classes) {
    java.util.BitSet flips = new java.util.BitSet(actual.length / classes);
    for (int r = 0, off = 0; off < actual.length; r++, off += classes) {
      if (argmax(actual, off, classes) != argmax(expected, off, classes)) {
        flips.set(r);
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

  /**
   * Returns the position of a row's largest score, the first on ties.
   *
   * @param scores row-major scores
   * @param offset the row's first element
   * @param classes the row's length
   * @return the class index
   */
  public static int argmax(double[] scores, int offset, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (scores[offset + c] > scores[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Returns the set of a row's k largest scores, ties broken by the lower class index.
   *
   * @param scores row-major scores
   * @param offset the row's first element
   * @param classes the row's length
   * @param k how many
   * @return the classes as a bit set
   */
  public static java.util.BitSet topKSet(double[] scores, int offset, int classes, int k) {
    java.util.BitSet taken = new java.util.BitSet(classes);
    for (int i = 0; i < k; i++) {
      int best = -1;
      for (int c = 0; c < classes; c++) {
        if (!taken.get(c) && (best < 0 || scores[offset + c] > scores[offset + best])) {
          best = c;
        }
      }
      taken.set(best);
    }
    return taken;
  }

  /**
   * Returns the share of records whose top class is the label.
   *
   * @param labels class ids
   * @param scores row-major scores
   * @param classes the number of classes
   * @return the accuracy
   */
  public static double accuracy(long[] labels, double[] scores, int classes) {
    long right = 0;
    for (int r = 0; r < labels.length; r++) {
      if (argmax(scores, r * classes, classes) == labels[r]) {
        right++;
      }
    }
    return labels.length == 0 ? Double.NaN : (double) right / labels.length;
  }

  /**
   * Returns the mean negative log-probability of the labels (natural log), as scikit-learn's {@code
   * log_loss} computes it, with probabilities clipped to {@code [1e-15, 1 - 1e-15]}.
   *
   * @param labels class ids
   * @param scores row-major logits or probabilities
   * @param classes the number of classes
   * @param logits whether the scores are logits (softmax taken in float64) or probabilities
   * @return the log-loss
   */
  public static double logLoss(long[] labels, double[] scores, int classes, boolean logits) {
    double total = 0;
    for (int r = 0; r < labels.length; r++) {
      int off = r * classes;
      double p;
      if (logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, scores[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(scores[off + c] - max);
        }
        p = Math.exp(scores[off + (int) labels[r]] - max) / sum;
      } else {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += scores[off + c];
        }
        p = scores[off + (int) labels[r]] / sum;
      }
      total -= Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
    }
    return labels.length == 0 ? Double.NaN : total / labels.length;
  }

  /**
   * Returns the root-mean-square error.
   *
   * @param labels targets
   * @param predictions predictions
   * @return the RMSE
   */
  public static double rmse(double[] labels, double[] predictions) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double d = predictions[i] - labels[i];
      sum += d * d;
    }
    return labels.length == 0 ? Double.NaN : Math.sqrt(sum / labels.length);
  }

  /**
   * Returns the mean absolute error.
   *
   * @param labels targets
   * @param predictions predictions
   * @return the MAE
   */
  public static double mae(double[] labels, double[] predictions) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      sum += Math.abs(predictions[i] - labels[i]);
    }
    return labels.length == 0 ? Double.NaN : sum / labels.length;
  }
}
