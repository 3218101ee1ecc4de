"""The purchase model's v2 card and v2 reference manifest, against the committed files."""

import json
import os
import shutil

import numpy as np
import pytest

from purchase import features, files, network, pipeline
from purchase.presets import FIELDS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ZOO = os.path.join(ROOT, "zoo")
MODEL_DIR = pipeline.model_dir(ZOO)
REFERENCE = os.path.join(ROOT, "reference-outputs", "dev.parity", "purchase")
MODEL_FILES = ["purchase.pt", "purchase.onnx", "tensorflow/saved_model.pb", "mxnet/graph.json",
               "mxnet/constants.npz", "vocab.json"]


@pytest.fixture
def zoo_copy(tmp_path):
    """The committed purchase model folder copied into a zoo under tmp_path."""
    target = pipeline.model_dir(str(tmp_path))
    shutil.copytree(MODEL_DIR, target)
    return str(tmp_path), target


def committed_card():
    return files.read_json(os.path.join(MODEL_DIR, "model-card.json"))


def test_stageCard_onTheV2Card_writesTheSameBytesAndLeavesModelFilesAlone(zoo_copy):
    zoo, target = zoo_copy
    before = {name: files.sha256(os.path.join(target, name)) for name in MODEL_FILES}
    pipeline.stage_card(zoo)
    assert files.sha256(os.path.join(target, "model-card.json")) == files.sha256(os.path.join(MODEL_DIR, "model-card.json"))
    assert {name: files.sha256(os.path.join(target, name)) for name in MODEL_FILES} == before


def test_stageCard_fromAVersion1Card_givesTheCommittedV2Card(zoo_copy):
    zoo, target = zoo_copy
    v2 = committed_card()
    v1 = {"schema": "parity.model-card/1",
          "model": {"groupId": "dev.parity", "artifactId": "purchase", "version": "1.0.0",
                    "preset": v2["model"]["preset"], "task": "binary classification"},
          "features": {"fields": [{"name": f["name"], "kind": f["kind"], "length": f["length"]} for f in FIELDS]},
          "architecture": v2["architecture"], "environment": v2["environment"], "metrics": v2["metrics"],
          "training": v2["training"],
          "files": [{"path": e["path"], "sha256": e["sha256"], "size": e["size"]}
                    for e in v2["files"].values() if isinstance(e, dict)]}
    files.write_json(os.path.join(target, "model-card.json"), v1)
    pipeline.stage_card(zoo)
    assert files.read_json(os.path.join(target, "model-card.json")) == v2


def test_committedCard_signatureRangesAreTheVocabularySizes():
    card = committed_card()
    vocab = files.read_json(os.path.join(MODEL_DIR, "vocab.json"))
    assert card["schema"] == "parity.model-card/2"
    assert card["task"] == {"kind": "binary", "output": "probability", "threshold": 0.5, "precisionTarget": 0.5}
    for spec, field in zip(card["signature"]["inputs"], FIELDS):
        assert spec == {"name": field["name"], "dtype": "int64", "shape": [-1, field["length"]],
                        "range": [0, len(vocab[field["name"]]) + features.FIRST_TOKEN]}
    assert [o["name"] for o in card["signature"]["outputs"]] == ["probability", "hidden"]
    assert {f["input"] for f in card["features"]["fields"]} == {f["name"] for f in FIELDS}


def test_committedCard_filesEntriesMatchTheFiles():
    card = committed_card()
    assert list(card["files"]) == ["pytorch", "onnxruntime", "tensorflow", "mxnet"]
    # TensorFlow and MXNet come from the ONNX file through `parity zoo convert`.
    assert card["files"]["tensorflow"]["path"] == pipeline.CONVERTED["tensorflow"][0]
    assert card["files"]["mxnet"]["path"] == pipeline.CONVERTED["mxnet"][0]
    assert card["files"]["mxnet"]["blockFactory"] == pipeline.CONVERTED["mxnet"][1]
    for engine in ("pytorch", "onnxruntime", "tensorflow", "mxnet"):
        entry = card["files"][engine]
        path = os.path.join(MODEL_DIR, entry["path"])
        assert files.sha256(path) == entry["sha256"], engine
        assert os.path.getsize(path) == entry["size"], engine


def test_encode_committedCard_givesThePythonIndicesOfTheReferenceSet():
    card = committed_card()
    vocab = files.read_json(os.path.join(MODEL_DIR, "vocab.json"))
    records = []
    for rec in files.read_jsonl(os.path.join(REFERENCE, "records.jsonl.gz")):
        records.append(rec)
        if len(records) == 500:
            break
    encoded = features.encode(card["features"], card["signature"]["inputs"], vocab, records)
    for field in FIELDS:
        committed = files.read_npz(os.path.join(REFERENCE, "indices-%s.npz" % field["name"]))[field["name"]]
        np.testing.assert_array_equal(encoded[field["name"]], committed[:500].astype(np.int64))


def test_stageReference_fewRecords_writesManifestV2(tmp_path):
    pipeline.stage_reference(ZOO, str(tmp_path), records=30)
    manifest = files.read_json(str(tmp_path / "manifest.json"))
    assert manifest["schema"] == "parity.reference-manifest/2"
    assert manifest["records"] == 30
    assert manifest["model"] == {"groupId": "dev.parity", "artifactId": "purchase", "version": "1.0.0",
                                 "modelCardSha256": files.sha256(os.path.join(MODEL_DIR, "model-card.json"))}
    roles = [e["role"] for e in manifest["files"]]
    card = files.read_json(os.path.join(MODEL_DIR, "model-card.json"))
    taps = ["tap:" + t["name"] for t in card["signature"]["taps"]]
    assert roles == (["records", "labels"] + ["indices:" + f["name"] for f in FIELDS]
                     + ["output:probability", "output:hidden"] + taps)
    assert [t["name"] for t in card["signature"]["taps"]] == network.tap_names(
        [f["name"] for f in FIELDS], card["architecture"]["hidden"])
    for entry in manifest["files"]:
        path = str(tmp_path / entry["path"])
        assert files.sha256(path) == entry["sha256"] and os.path.getsize(path) == entry["size"]
        assert entry["shape"][0] == 30


def test_committedManifest_isV2AndNamesTheCommittedCard():
    with open(os.path.join(REFERENCE, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["schema"] == "parity.reference-manifest/2"
    assert manifest["model"]["modelCardSha256"] == files.sha256(os.path.join(MODEL_DIR, "model-card.json"))


def test_compareRegenerated_oneFileDiffers_failsNamingIt(tmp_path, capsys):
    committed = tmp_path / "committed"
    committed.mkdir()
    (committed / "manifest.json").write_text("{}\n", encoding="utf-8")
    (committed / "a.npy").write_bytes(b"one")

    def write(tmp):
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            f.write("{}\n")
        with open(os.path.join(tmp, "a.npy"), "wb") as f:
            f.write(b"two")

    assert pipeline.compare_regenerated(str(committed), write) == 1
    out = capsys.readouterr().out
    assert "DIFF  a.npy: content differs" in out and "same  manifest.json" in out


def test_architecture_smallPreset_isTheCommittedSection():
    # export_model writes _architecture(preset); the card stage keeps the committed section: both agree.
    assert pipeline._architecture(pipeline.PRESETS["small"]) == committed_card()["architecture"]
