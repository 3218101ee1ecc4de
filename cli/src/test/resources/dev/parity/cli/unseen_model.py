"""A model Parity has never seen, made the way a team would make one: a small multi-class
network with a float input and an id input and two outputs, exported to TorchScript and ONNX,
with a v2 model card and input arrays. Used by UnseenModelTest; torch and numpy only.

usage: unseen_model.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn


class Churn(nn.Module):
    def __init__(self):
        super().__init__()
        self.ids = nn.Embedding(50, 4)
        self.hidden = nn.Linear(3 + 4, 6)
        self.logits = nn.Linear(6, 5)

    def forward(self, dense, ids):
        e = self.ids(ids).mean(dim=1)
        h = torch.tanh(self.hidden(torch.cat([dense, e], dim=1)))
        return self.logits(h), h


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    net = Churn().eval()
    torch.jit.script(net).save(os.path.join(out, "churn.pt"))
    example = (torch.zeros(2, 3), torch.zeros(2, 2, dtype=torch.int64))
    torch.onnx.export(net, example, os.path.join(out, "churn.onnx"),
                      input_names=["dense", "ids"], output_names=["logits", "embedding"],
                      dynamic_axes={n: {0: "batch"} for n in ["dense", "ids", "logits", "embedding"]},
                      opset_version=13)
    rng = np.random.default_rng(11)
    n = 300
    np.save(os.path.join(out, "dense.npy"), rng.normal(size=(n, 3)).astype(np.float32))
    np.save(os.path.join(out, "ids.npy"), rng.integers(0, 50, size=(n, 2)).astype(np.int64))
    np.save(os.path.join(out, "labels.npy"), rng.integers(0, 5, size=(n,)).astype(np.int64))
    card = {
        "schema": "parity.model-card/2",
        "model": {"groupId": "acme", "artifactId": "churn", "version": "1.0.0",
                  "name": "Churn bands", "description": "A model Parity has never seen"},
        "task": {"kind": "multiclass", "output": "logits", "scores": "logits", "classes": 5},
        "signature": {
            "inputs": [{"name": "dense", "dtype": "float32", "shape": [-1, 3]},
                       {"name": "ids", "dtype": "int64", "shape": [-1, 2], "range": [0, 50]}],
            "outputs": [{"name": "logits", "dtype": "float32", "shape": [-1, 5]},
                        {"name": "embedding", "dtype": "float32", "shape": [-1, 6]}]},
        "files": {"pytorch": "churn.pt", "onnxruntime": "churn.onnx"},
    }
    with open(os.path.join(out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
