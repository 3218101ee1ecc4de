"""scripts/reference_set.py: a reference set (manifest v2) from a TorchScript model made here."""

import gzip
import hashlib
import json
import os
from typing import Dict, List, Tuple

import numpy as np
import pytest
import torch

import reference_set


class TupleModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(7)
        self.table = torch.nn.Embedding(10, 4)
        self.linear = torch.nn.Linear(3 + 4, 2)

    def forward(self, dense: torch.Tensor, ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        embedding = torch.cat([dense, self.table(ids).mean(dim=1)], dim=1)
        return self.linear(embedding), embedding


class DictModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = TupleModel()

    def forward(self, dense: torch.Tensor, ids: torch.Tensor) -> Dict[str, torch.Tensor]:
        logits, embedding = self.inner(dense, ids)
        return {"embedding": embedding, "logits": logits}


class TappedModel(torch.nn.Module):
    """Returns its outputs, then a list of taps, as Parity's own models do (DJL flattens it)."""

    def __init__(self):
        super().__init__()
        self.inner = TupleModel()

    def forward(self, dense: torch.Tensor, ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor,
                                                                      List[torch.Tensor]]:
        logits, embedding = self.inner(dense, ids)
        return logits, embedding, [embedding * 2.0, logits.sum(dim=1, keepdim=True)]


class SingleModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = TupleModel()

    def forward(self, dense: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        return self.inner(dense, ids)[0]


def card(outputs=None, ids_range=(0, 10)):
    return {
        "schema": "parity.model-card/2",
        "model": {"groupId": "acme", "artifactId": "tiny", "version": "1.2.3"},
        "task": {"kind": "none"},
        "signature": {
            "inputs": [{"name": "dense", "dtype": "float32", "shape": [-1, 3]},
                       {"name": "ids", "dtype": "int64", "shape": [-1, 2], "range": list(ids_range)}],
            "outputs": outputs or [{"name": "logits", "dtype": "float32", "shape": [-1, 2]},
                                   {"name": "embedding", "dtype": "float32", "shape": [-1, 7]}]},
        "files": {"pytorch": "tiny.pt"},
    }


@pytest.fixture
def tiny(tmp_path):
    """A TorchScript model, its card and input files in tmp_path; returns a dict of paths and arrays."""
    rng = np.random.default_rng(3)
    n = 37
    dense = rng.normal(size=(n, 3)).astype(np.float32)
    ids = rng.integers(0, 10, size=(n, 2)).astype(np.int64)
    labels = rng.integers(0, 2, size=n).astype(np.int64)
    paths = {}
    for name, array in (("dense", dense), ("ids", ids), ("labels", labels)):
        paths[name] = str(tmp_path / (name + ".npy"))
        np.save(paths[name], array)
    for name, cls in (("tuple", TupleModel), ("dict", DictModel), ("single", SingleModel), ("tapped", TappedModel)):
        paths[name] = str(tmp_path / (name + ".pt"))
        torch.jit.script(cls()).save(paths[name])
    paths["card"] = str(tmp_path / "model-card.json")
    with open(paths["card"], "w", encoding="utf-8") as f:
        json.dump(card(), f)
    records = str(tmp_path / "records.jsonl.gz")
    with gzip.open(records, "wt", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": i}) + "\n")
    paths["records"] = records
    return {"paths": paths, "dense": dense, "ids": ids, "labels": labels, "n": n, "tmp": tmp_path}


def run(tiny, *extra, model="tuple"):
    p = tiny["paths"]
    args = ["--model", p[model], "--input", "dense=" + p["dense"], "--input", "ids=" + p["ids"]] + list(extra)
    return reference_set.main(args)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_main_withCard_writesManifestV2WithChecksumsShapesAndRoles(tiny):
    out = str(tiny["tmp"] / "set")
    assert run(tiny, "--card", tiny["paths"]["card"], "--labels", tiny["paths"]["labels"],
               "--records", tiny["paths"]["records"], "--out", out, "--batch", "8") == 0
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["schema"] == "parity.reference-manifest/2"
    assert manifest["records"] == tiny["n"]
    assert manifest["model"] == {"groupId": "acme", "artifactId": "tiny", "version": "1.2.3",
                                 "modelCardSha256": sha256(tiny["paths"]["card"])}
    assert manifest["producer"]["threads"] == 1 and manifest["producer"]["batch"] == 8
    roles = [e["role"] for e in manifest["files"]]
    assert roles == ["records", "input:dense", "input:ids", "labels", "output:logits", "output:embedding"]
    for entry in manifest["files"]:
        path = os.path.join(out, entry["path"])
        assert entry["sha256"] == sha256(path)
        assert entry["size"] == os.path.getsize(path)
        if entry["dtype"] != "jsonl":
            array = np.load(path)
            assert array.dtype.name == entry["dtype"]
            assert list(array.shape) == entry["shape"]
    assert sha256(os.path.join(out, "records.jsonl.gz")) == sha256(tiny["paths"]["records"])
    np.testing.assert_array_equal(np.load(os.path.join(out, "labels.npy")), tiny["labels"])


def test_main_batched_outputsEqualOneCallOfTheModel(tiny):
    out = str(tiny["tmp"] / "set")
    assert run(tiny, "--card", tiny["paths"]["card"], "--out", out, "--batch", "5") == 0
    model = torch.jit.load(tiny["paths"]["tuple"])
    with torch.no_grad():
        logits, embedding = model(torch.from_numpy(tiny["dense"]), torch.from_numpy(tiny["ids"]))
    np.testing.assert_allclose(np.load(os.path.join(out, "output-logits.npy")), logits.numpy(), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(np.load(os.path.join(out, "output-embedding.npy")), embedding.numpy())
    np.testing.assert_array_equal(np.load(os.path.join(out, "input-ids.npy")), tiny["ids"])


def test_main_twice_writesTheSameBytes(tiny):
    a, b = str(tiny["tmp"] / "a"), str(tiny["tmp"] / "b")
    for out in (a, b):
        assert run(tiny, "--card", tiny["paths"]["card"], "--labels", tiny["paths"]["labels"], "--out", out) == 0
    assert sorted(os.listdir(a)) == sorted(os.listdir(b))
    for name in os.listdir(a):
        assert sha256(os.path.join(a, name)) == sha256(os.path.join(b, name)), name


@pytest.mark.parametrize("model", ["tuple", "dict"])
def test_main_withoutCard_namesOutputsInOrderAndTakesCoordinates(tiny, model):
    out = str(tiny["tmp"] / model)
    assert run(tiny, "--outputs", "logits,embedding", "--model-id", "acme:tiny:2.0.0", "--out", out, model=model) == 0
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["model"] == {"groupId": "acme", "artifactId": "tiny", "version": "2.0.0"}
    assert [e["role"] for e in manifest["files"]][-2:] == ["output:logits", "output:embedding"]
    assert np.load(os.path.join(out, "output-embedding.npy")).shape == (tiny["n"], 7)


def test_main_singleTensor_isTheOneOutput(tiny):
    out = str(tiny["tmp"] / "single")
    assert run(tiny, "--outputs", "logits", "--model-id", "acme:tiny:1.0.0", "--out", out, model="single") == 0
    assert np.load(os.path.join(out, "output-logits.npy")).shape == (tiny["n"], 2)


def test_main_outputShapeDiffersFromCard_namesOutputAndBothShapes(tiny, capsys):
    wrong = card(outputs=[{"name": "logits", "dtype": "float32", "shape": [-1, 5]},
                          {"name": "embedding", "dtype": "float32", "shape": [-1, 7]}])
    path = str(tiny["tmp"] / "wrong-card.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(wrong, f)
    assert run(tiny, "--card", path, "--out", str(tiny["tmp"] / "x")) == 2
    err = capsys.readouterr().err
    assert "output 'logits'" in err and "[37, 2]" in err and "[-1, 5]" in err


def test_main_idOutsideCardRange_refusesNamingTheInput(tiny, capsys):
    path = str(tiny["tmp"] / "narrow-card.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(card(ids_range=(0, 5)), f)
    assert run(tiny, "--card", path, "--out", str(tiny["tmp"] / "x")) == 2
    assert "input 'ids'" in capsys.readouterr().err


def test_main_inputMissingForCard_listsTheSignatureInputs(tiny, capsys):
    p = tiny["paths"]
    code = reference_set.main(["--model", p["tuple"], "--input", "dense=" + p["dense"], "--card", p["card"],
                               "--out", str(tiny["tmp"] / "x")])
    assert code == 2
    assert "dense, ids" in capsys.readouterr().err


def test_main_recordsCountDiffers_refuses(tiny, capsys):
    short = str(tiny["tmp"] / "short.jsonl")
    with open(short, "w", encoding="utf-8") as f:
        f.write('{"id": 1}\n')
    assert run(tiny, "--card", tiny["paths"]["card"], "--records", short, "--out", str(tiny["tmp"] / "x")) == 2
    assert "holds 1 records" in capsys.readouterr().err


def test_main_tupleLengthDiffersFromOutputs_refuses(tiny, capsys):
    code = run(tiny, "--outputs", "logits", "--model-id", "acme:tiny:1.0.0", "--out", str(tiny["tmp"] / "x"))
    assert code == 2
    assert "returned 2 tensors" in capsys.readouterr().err


def test_main_cardWithTaps_writesTheFirstTapRecordsOfEachTap(tiny):
    tapped = card()
    tapped["signature"]["taps"] = [{"name": "double", "label": "embedding x2", "dtype": "float32", "shape": [-1, 7]},
                                   {"name": "sum", "dtype": "float32", "shape": [-1, 1]}]
    path = str(tiny["tmp"] / "tapped-card.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tapped, f)
    out = str(tiny["tmp"] / "set")
    assert run(tiny, "--card", path, "--out", out, "--batch", "8", "--tap-records", "10", model="tapped") == 0
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    entries = {e["role"]: e for e in manifest["files"]}
    assert [e["role"] for e in manifest["files"]][-2:] == ["tap:double", "tap:sum"]
    assert entries["tap:double"]["shape"] == [10, 7] and entries["tap:sum"]["shape"] == [10, 1]
    assert entries["output:embedding"]["shape"] == [tiny["n"], 7]
    np.testing.assert_array_equal(np.load(os.path.join(out, "tap-double.npy")),
                                  np.load(os.path.join(out, "output-embedding.npy"))[:10] * 2.0)


def test_main_cardListsTapsTheModelLacks_refuses(tiny, capsys):
    tapped = card()
    tapped["signature"]["taps"] = [{"name": "double", "dtype": "float32", "shape": [-1, 7]}]
    path = str(tiny["tmp"] / "tapped-card.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tapped, f)
    assert run(tiny, "--card", path, "--out", str(tiny["tmp"] / "set")) == 2
    assert "returned 2 tensors; expected 3 outputs (logits, embedding, double)" in capsys.readouterr().err


def test_readCard_version1_saysHowToMove(tmp_path):
    path = tmp_path / "card.json"
    path.write_text(json.dumps({"schema": "parity.model-card/1"}), encoding="utf-8")
    with pytest.raises(reference_set.ReferenceSetError, match="parity.model-card/2"):
        reference_set.read_card(str(path))


def test_modelCoordinates_malformed_refuses():
    with pytest.raises(reference_set.ReferenceSetError, match="groupId:artifactId:version"):
        reference_set.model_coordinates("acme:churn")


def test_standalone_importsNothingOfParity():
    with open(reference_set.__file__, encoding="utf-8") as f:
        imports = {line.split()[1].split(".")[0] for line in f
                   if line.startswith("import ") or line.startswith("from ")}
    assert imports <= {"argparse", "collections", "gzip", "hashlib", "io", "json", "os", "platform", "re",
                       "shutil", "sys", "numpy", "torch"}
