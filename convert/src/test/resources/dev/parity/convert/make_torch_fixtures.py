"""Exports the small torch models that TorchExportTest converts (torch 1.13, Debian's python3-torch).

Run from this folder with /usr/bin/python3; it rewrites cnn-opset13.onnx and
encoder-opset17.onnx (a few KB each, seeded weights).
"""
import torch
from torch import nn


class Cnn(nn.Module):
    """Conv2d, BatchNorm2d, MaxPool2d, grouped strided Conv2d, AvgPool2d, a Conv1d branch with
    global average pooling, view(x.size(0), -1), Linear, GELU, LayerNorm (decomposed below
    opset 17), Softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 4, 3, stride=2, padding=1, groups=2)
        self.avg = nn.AvgPool2d(2)
        self.conv1d = nn.Conv1d(2, 3, 3, padding=1)
        self.gap = nn.AdaptiveAvgPool1d(1)
        self.fc1 = nn.Linear(16 + 3, 8)
        self.norm = nn.LayerNorm(8)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, image, signal):
        x = self.pool(torch.relu(self.bn(self.conv1(image))))
        x = self.avg(self.conv2(x))
        x = x.view(x.size(0), -1)
        s = self.gap(torch.relu(self.conv1d(signal))).squeeze(-1)
        h = nn.functional.gelu(self.fc1(torch.cat([x, s], dim=1)))
        return torch.softmax(self.fc2(self.norm(h)), dim=-1)


class Encoder(nn.Module):
    """Embedding, the masked mean, LayerNormalization (opset 17), scaled dot-product attention
    with MatMul and a transpose, a slice, where, log_softmax."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 8)
        self.norm = nn.LayerNorm(8)
        self.q = nn.Linear(8, 8)
        self.k = nn.Linear(8, 8)
        self.v = nn.Linear(8, 8)
        self.out = nn.Linear(8, 2)

    def forward(self, ids):
        e = self.norm(self.embedding(ids))
        q, k, v = self.q(e), self.k(e), self.v(e)
        scores = torch.matmul(q, k.transpose(-1, -2)) / 8 ** 0.5
        mask = (ids > 0).unsqueeze(1)
        scores = torch.where(mask, scores, torch.full_like(scores, -1e4))
        a = torch.matmul(torch.softmax(scores, dim=-1), v)
        m = (ids > 0).float().unsqueeze(-1)
        pooled = (a * m).sum(dim=1) / m.sum(dim=1).clamp(min=1)
        first = a[:, 1:4].mean(dim=1)
        return torch.log_softmax(self.out(torch.tanh(pooled + first)), dim=-1)


def export(model, inputs, names, path, opset):
    model.eval()
    torch.onnx.export(
        model,
        inputs,
        path,
        input_names=names,
        output_names=["y"],
        dynamic_axes={**{n: {0: "batch"} for n in names}, "y": {0: "batch"}},
        opset_version=opset,
    )


if __name__ == "__main__":
    torch.manual_seed(20261203)
    cnn = Cnn()
    with torch.no_grad():
        cnn.bn.running_mean.uniform_(-0.5, 0.5)
        cnn.bn.running_var.uniform_(0.5, 1.5)
    export(cnn, (torch.randn(2, 3, 16, 16), torch.randn(2, 2, 12)), ["image", "signal"],
           "cnn-opset13.onnx", 13)
    export(Encoder(), (torch.randint(0, 20, (2, 5)),), ["ids"], "encoder-opset17.onnx", 17)
