"""The reference writer (pipeline.stage_reference) and the byte-reproducible writers in files.py."""

import gzip
import hashlib
import json
import os
import zipfile

import numpy as np
import pytest

from purchase import files, pipeline
from purchase.presets import FIELDS, SEEDS

RECORDS = 40  # tiny: the writer's contract, not the model's numbers


@pytest.fixture(scope="module")
def reference(tmp_path_factory, repo_root):
    out = str(tmp_path_factory.mktemp("reference"))
    zoo = os.path.join(repo_root, "zoo")
    pipeline.stage_reference(zoo, out, records=RECORDS, batch=16)
    return out, zoo, files.read_json(os.path.join(out, "manifest.json"))


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_stageReference_manifest_recordsWhereEveryFigureComesFrom(reference):
    out, zoo, manifest = reference
    model_dir = pipeline.model_dir(zoo)
    card = files.read_json(os.path.join(model_dir, "model-card.json"))

    assert manifest["schema"] == "parity.reference-manifest/2"
    assert manifest["records"] == RECORDS
    assert manifest["seed"] == SEEDS["reference"]
    assert manifest["preset"] == "small"
    assert manifest["model"] == {
        "groupId": card["model"]["groupId"],
        "artifactId": card["model"]["artifactId"],
        "version": card["model"]["version"],
        "modelCardSha256": _sha256(os.path.join(model_dir, "model-card.json")),
    }
    assert manifest["producer"]["torchscriptSha256"] == _sha256(os.path.join(model_dir, "purchase.pt"))
    assert manifest["generator"] == {
        "universeSeed": SEEDS["universe"], "recordSeed": SEEDS["reference"], "idPrefix": "eval"}
    assert manifest["producer"]["threads"] == 1 and manifest["producer"]["batch"] == 16
    assert set(manifest["environment"]) == {"python", "torch", "numpy"}
    assert sorted(os.listdir(out)) == sorted([e["path"] for e in manifest["files"]] + ["manifest.json"])


def test_stageReference_everyFile_hasTheRecordedSizeAndSha256(reference):
    out, _, manifest = reference

    for e in manifest["files"]:
        path = os.path.join(out, e["path"])
        assert e["sha256"] == _sha256(path), e["path"]
        assert e["size"] == os.path.getsize(path), e["path"]


def test_stageReference_arrays_readableWithTheRecordedShapeAndDtype(reference):
    out, _, manifest = reference
    roles = {e["role"]: e for e in manifest["files"]}

    for role, e in roles.items():
        path = os.path.join(out, e["path"])
        if e["path"].endswith(".npy"):
            a = np.load(path, allow_pickle=False)
        elif e["path"].endswith(".npz"):
            arrays = files.read_npz(path)
            assert len(arrays) == 1, role
            a = next(iter(arrays.values()))
        else:
            continue
        assert list(a.shape) == e["shape"], role
        assert a.dtype == np.dtype(e["dtype"]), role
    for f in FIELDS:
        assert roles["indices:" + f["name"]]["shape"] == [RECORDS, f["length"]]
    probability = np.load(os.path.join(out, roles["output:probability"]["path"]))
    assert ((probability > 0) & (probability < 1)).all()


def test_stageReference_records_oneJsonObjectPerLine(reference):
    out, _, manifest = reference
    entry = next(e for e in manifest["files"] if e["role"] == "records")

    with gzip.open(os.path.join(out, entry["path"]), "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert len(lines) == RECORDS == entry["shape"][0]
    assert json.loads(lines[0])["id"] == "eval-0000000"


def test_stageReference_twice_sameBytes(reference, tmp_path):
    out, zoo, manifest = reference
    pipeline.stage_reference(zoo, str(tmp_path), records=RECORDS, batch=16)

    for e in manifest["files"] + [{"path": "manifest.json"}]:
        assert _sha256(os.path.join(out, e["path"])) == _sha256(str(tmp_path / e["path"])), e["path"]


def test_writeJsonlGz_noTimestampOrName(tmp_path):
    a, b = str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.jsonl.gz")
    files.write_jsonl_gz(a, [{"k": "ü"}])
    files.write_jsonl_gz(b, [{"k": "ü"}])

    with open(a, "rb") as f:
        head = f.read(10)
    assert head[4:8] == b"\x00\x00\x00\x00"  # gzip MTIME field
    assert _sha256(a) == _sha256(b)
    assert list(files.read_jsonl(a)) == [{"k": "ü"}]


def test_writeNpz_fixedEntryDateAndCompression(tmp_path):
    path = str(tmp_path / "x.npz")
    files.write_npz(path, {"x": np.arange(6, dtype=np.int32).reshape(2, 3)}, compress=True)

    with zipfile.ZipFile(path) as z:
        (info,) = z.infolist()
    assert info.filename == "x.npy"
    assert info.date_time == files.FIXED_ZIP_DATE
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert files.read_npz(path)["x"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_fileEntry_sizeAndSha256OfTheFile(tmp_path):
    (tmp_path / "f.bin").write_bytes(b"parity")

    entry = files.file_entry(str(tmp_path), "f.bin", role="r")

    assert entry == {"path": "f.bin", "role": "r", "size": 6,
                     "sha256": hashlib.sha256(b"parity").hexdigest()}
