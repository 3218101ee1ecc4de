"""Writes the harness's numpy-checked test vectors. Run from this folder with /usr/bin/python3.

differences.npy   float64 [3001]: absolute differences with exact zeros, ties and outliers
differences.json  numpy's count, mean, std (ddof=0, numpy's default), percentiles 25/50/75/99
                  (numpy's default method 'linear', Hyndman-Fan R_7) and max of that vector
quality-labels.npy uint8 [2000], quality-scores.npy float32 [2000] (tied scores included)
quality.json      AUC and recall at precision 0.5 from scripts/purchase/quality.py on them
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../../../../../scripts"))
from purchase import quality  # noqa: E402

rng = np.random.default_rng(20240601)
zeros = np.zeros(700)
ties = rng.choice(np.array([2.0 ** -25, 2.0 ** -24, 3 * 2.0 ** -25, 2.0 ** -23]), size=900)
spread = 10.0 ** rng.uniform(-12, -5, size=1390)
outliers = np.array([7.22e-3, 1.5e-4, 3.0e-4, 1.0e-2, 2.5e-6, 9.9e-5, 4.4e-4, 1.0, 0.5, 3e-3, 6e-6])
values = np.concatenate([zeros, ties, spread, outliers])
rng.shuffle(values)
np.save(os.path.join(HERE, "differences.npy"), values)
expected = {
    "count": int(values.size),
    "mean": float(np.mean(values)),
    "std": float(np.std(values)),
    "p25": float(np.percentile(values, 25)),
    "p50": float(np.percentile(values, 50)),
    "p75": float(np.percentile(values, 75)),
    "p99": float(np.percentile(values, 99)),
    "max": float(np.max(values)),
    "numpy": np.__version__,
    "std_ddof": 0,
    "percentile_method": "linear (numpy default, R_7)",
}
with open(os.path.join(HERE, "differences.json"), "w") as f:
    json.dump(expected, f, indent=2)
    f.write("\n")

labels = (rng.uniform(size=2000) < 0.15).astype(np.uint8)
scores = np.clip(rng.normal(0.3 + 0.25 * labels, 0.2), 0, 1).astype(np.float32)
scores[::7] = np.round(scores[::7], 1)  # ties
np.save(os.path.join(HERE, "quality-labels.npy"), labels)
np.save(os.path.join(HERE, "quality-scores.npy"), scores)
with open(os.path.join(HERE, "quality.json"), "w") as f:
    json.dump({"auc": quality.auc(labels, scores),
               "recallAtPrecision0.5": quality.recall_at_precision(labels, scores, 0.5),
               "recallAtPrecision0.3": quality.recall_at_precision(labels, scores, 0.3)}, f, indent=2)
    f.write("\n")
