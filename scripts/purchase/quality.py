"""Model-quality metrics: ROC AUC and recall at a fixed precision."""

import numpy as np


def auc(labels, scores):
    """ROC AUC by the Mann-Whitney statistic, ties given average ranks."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    ranks = np.empty(len(s), dtype=np.float64)
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2.0 + 1.0
        i = j + 1
    r = np.empty_like(ranks)
    r[order] = ranks
    pos = labels.sum()
    neg = len(labels) - pos
    return float((r[labels].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def recall_at_precision(labels, scores, precision):
    """Largest recall over thresholds (tied scores move together) whose precision >= target."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    k = np.arange(1, len(s) + 1)
    last_of_tie = np.r_[s[1:] != s[:-1], True]
    prec = tp / k
    rec = tp / max(1, y.sum())
    ok = last_of_tie & (prec >= precision)
    return float(rec[ok].max()) if ok.any() else 0.0
