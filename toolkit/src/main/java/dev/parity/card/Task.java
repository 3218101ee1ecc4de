package dev.parity.card;

import java.util.List;

/**
 * What a model's outputs mean, so that validation compares quality and not only numbers.
 *
 * @param kind binary, multiclass, regression or none
 * @param output the output holding the task's scores; null for {@link Kind#NONE}
 * @param threshold binary: a record is positive when its probability is at least this
 * @param precisionTarget binary: the precision at which recall is reported
 * @param scores multiclass: whether {@code output} holds logits or probabilities
 * @param classes multiclass: the number of classes; 0 otherwise
 * @param labels multiclass: class names, one per class, or empty
 */
public record Task(
    Kind kind,
    String output,
    double threshold,
    double precisionTarget,
    Scores scores,
    int classes,
    List<String> labels) {

  /** Copies the labels. */
  public Task {
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** The kinds of task. */
  public enum Kind {
    /** One probability of the positive class per record. */
    BINARY,
    /** A score per class per record. */
    MULTICLASS,
    /** A number per record. */
    REGRESSION,
    /** No quality comparison; element-wise statistics only. */
    NONE
  }

  /** What a multi-class output holds. */
  public enum Scores {
    /** Unnormalised scores; probabilities are their softmax. */
    LOGITS,
    /** Probabilities that sum to 1 per record. */
    PROBABILITIES
  }
}
