"""The segment network and its logistic baseline.

Inputs: `dense` (standardised numeric fields, float32 [batch, k]) and `ids` (token ids, int64
[batch, m]: each categorical field fills a run of columns). Per field an embedding table and a
masked mean over its columns (padding excluded, an empty bag gives zeros), concatenated with the
dense columns, layer normalisation, a GELU (erf form) MLP; outputs logits, softmax probabilities
and the penultimate layer (`embedding`).

Every field's table has as many rows as the `ids` input's range (the largest vocabulary): any id
the range admits is a row in every table, so no engine sees an id past its table. Rows past a
field's own vocabulary are zero and stay zero (never looked up in training).

Export-friendly ops only (Gather, Slice, Greater, Cast, Mul, ReduceSum, Clip, Div, Concat,
LayerNormalization, Gemm, Erf, Softmax, Identity at ONNX opset 17), for the ONNX -> TensorFlow / MXNet converter.
"""

from typing import List, Tuple

import torch
from torch import nn


def _masked_mean(vectors: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    # vectors: the ids' embeddings [batch, columns, dim]; padding ids (0) excluded, an empty bag gives zeros.
    mask = (ids > 0).to(torch.float32)
    count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)
    return (vectors * mask.unsqueeze(-1)).sum(dim=1) / count


class SegmentNet(nn.Module):
    def __init__(self, dense_width: int, columns: List[Tuple[int, int]], id_rows: int, vocab_rows: List[int],
                 dim: int, hidden: List[int], embedding_width: int, classes: int):
        super().__init__()
        self.starts = [c[0] for c in columns]
        self.ends = [c[0] + c[1] for c in columns]
        self.embeddings = nn.ModuleList([nn.Embedding(id_rows, dim, padding_idx=0) for _ in columns])
        with torch.no_grad():
            for table, rows in zip(self.embeddings, vocab_rows):
                table.weight[rows:] = 0.0
        width = dense_width + dim * len(columns)
        self.norm = nn.LayerNorm(width)
        layers = []
        for h in hidden + [embedding_width]:
            layers.append(nn.Linear(width, h))
            width = h
        self.dense = nn.ModuleList(layers)
        self.output = nn.Linear(width, classes)

    def layers(self, dense: torch.Tensor, ids: torch.Tensor) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        """The penultimate layer and the taps in pipeline order: each field's embedding mean, the layer
        normalisation, each MLP layer (the last is the penultimate layer itself)."""
        parts = [dense]
        taps: List[torch.Tensor] = []
        for i, table in enumerate(self.embeddings):
            field = ids[:, self.starts[i]:self.ends[i]]
            pooled = _masked_mean(table(field), field)
            parts.append(pooled)
            taps.append(pooled)
        x = self.norm(torch.cat(parts, dim=1))
        taps.append(x)
        for layer in self.dense:
            x = torch.nn.functional.gelu(layer(x))
            taps.append(x)
        return x, taps

    def embedding(self, dense: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        return self.layers(dense, ids)[0]

    def logits(self, dense: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        return self.output(self.embedding(dense, ids))

    def forward(self, dense: torch.Tensor, ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor,
                                                                      List[torch.Tensor]]:
        """logits, probabilities, embedding, then the taps (tap_names order; DJL flattens the list)."""
        e, taps = self.layers(dense, ids)
        logits = self.output(e)
        return logits, torch.softmax(logits, dim=1), e, taps


def tap_names(fields, layers):
    """The taps forward returns, in order: embedding.<field> per categorical field, norm, mlp.<i> per layer."""
    return ["embedding." + f for f in fields] + ["norm"] + ["mlp.%d" % i for i in range(layers)]


class LogisticBaseline(nn.Module):
    """Multinomial logistic regression over the same inputs: a weight per dense column and class,
    and per token a weight per class (a `classes`-wide embedding), averaged over a bag."""

    def __init__(self, dense_width: int, columns: List[Tuple[int, int]], id_rows: int, classes: int):
        super().__init__()
        self.starts = [c[0] for c in columns]
        self.ends = [c[0] + c[1] for c in columns]
        self.linear = nn.Linear(dense_width, classes)
        self.embeddings = nn.ModuleList([nn.Embedding(id_rows, classes, padding_idx=0) for _ in columns])

    def logits(self, dense: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        out = self.linear(dense)
        for i, table in enumerate(self.embeddings):
            field = ids[:, self.starts[i]:self.ends[i]]
            out = out + _masked_mean(table(field), field)
        return out
