"""The purchase network: per-field embeddings, masked mean, concatenation, MLP, sigmoid.

Only export-friendly ops (embedding lookup, multiply, sum, divide, matmul, add,
relu, sigmoid): EmbeddingBag does not export to ONNX.
"""

from typing import List, Tuple

import torch
from torch import nn


class PurchaseNet(nn.Module):
    def __init__(self, vocab_sizes: List[int], dim: int, hidden: List[int]):
        super().__init__()
        self.embeddings = nn.ModuleList([nn.Embedding(v, dim, padding_idx=0) for v in vocab_sizes])
        layers = []
        width = dim * len(vocab_sizes)
        for h in hidden:
            layers.append(nn.Linear(width, h))
            width = h
        self.dense = nn.ModuleList(layers)
        self.output = nn.Linear(width, 1)

    def layers(self, app_packages: torch.Tensor, campaigns: torch.Tensor, carrier: torch.Tensor,
               device_model: torch.Tensor) -> Tuple[torch.Tensor, List[torch.Tensor]]:
        """The last hidden layer (the pooled concatenation when there is none) and the taps in pipeline
        order: each field's embedding mean, then each hidden layer."""
        inputs = [app_packages, campaigns, carrier, device_model]
        taps: List[torch.Tensor] = []
        for i, table in enumerate(self.embeddings):
            # Masked mean: padding ids excluded, an empty bag gives zeros.
            ids = inputs[i]
            mask = (ids > 0).to(torch.float32)
            count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)
            taps.append((table(ids) * mask.unsqueeze(-1)).sum(dim=1) / count)
        x = torch.cat(taps, dim=1)
        for layer in self.dense:
            x = torch.relu(layer(x))
            taps.append(x)
        return x, taps

    def hidden(self, app_packages: torch.Tensor, campaigns: torch.Tensor, carrier: torch.Tensor,
               device_model: torch.Tensor) -> torch.Tensor:
        return self.layers(app_packages, campaigns, carrier, device_model)[0]

    def forward(self, app_packages: torch.Tensor, campaigns: torch.Tensor, carrier: torch.Tensor,
                device_model: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, List[torch.Tensor]]:
        """probability [batch], hidden [batch, H], then the taps (tap_names order; DJL flattens the list)."""
        x, taps = self.layers(app_packages, campaigns, carrier, device_model)
        logit = self.output(x)
        probability = torch.sigmoid(logit).squeeze(-1)
        taps.append(logit)
        return probability, x, taps


def tap_names(fields, hidden):
    """The taps forward returns, in order, as the card's signature.taps names them."""
    return (["embedding." + f for f in fields] + ["mlp.%d" % i for i in range(len(hidden))] + ["logits"])


def tap_specs(fields, dim, hidden):
    """The card's signature.taps: name, label (the same), float32, shape."""
    widths = [dim] * len(fields) + list(hidden) + [1]
    return [{"name": n, "label": n, "dtype": "float32", "shape": [-1, w]}
            for n, w in zip(tap_names(fields, hidden), widths)]

