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

    def hidden(self, app_packages: torch.Tensor, campaigns: torch.Tensor, carrier: torch.Tensor,
               device_model: torch.Tensor) -> torch.Tensor:
        inputs = [app_packages, campaigns, carrier, device_model]
        pooled = []
        for i, table in enumerate(self.embeddings):
            # Masked mean: padding ids excluded, an empty bag gives zeros.
            ids = inputs[i]
            mask = (ids > 0).to(torch.float32)
            count = torch.clamp(mask.sum(dim=1, keepdim=True), min=1.0)
            pooled.append((table(ids) * mask.unsqueeze(-1)).sum(dim=1) / count)
        x = torch.cat(pooled, dim=1)
        for layer in self.dense:
            x = torch.relu(layer(x))
        return x

    def forward(self, app_packages: torch.Tensor, campaigns: torch.Tensor, carrier: torch.Tensor,
                device_model: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        x = self.hidden(app_packages, campaigns, carrier, device_model)
        probability = torch.sigmoid(self.output(x)).squeeze(-1)
        return probability, x
