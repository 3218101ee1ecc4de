"""The segment model's data, pre-processing rules and committed artifacts."""

import json
import os

import numpy as np
import pytest

from purchase import features, files, generator
from purchase.presets import PRESETS, SEEDS
from segment import data
from segment import pipeline as segment

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODEL_DIR = segment.model_dir(os.path.join(ROOT, "zoo"))


@pytest.fixture(scope="module")
def universe():
    return generator.Universe(PRESETS["small"]["universe"], SEEDS["universe"])


@pytest.fixture(scope="module")
def sample(universe):
    return data.generate(universe, 3000, 11, 12, "t")


def test_generate_sameSeeds_sameRecordsAndLabels(universe):
    a = data.generate(universe, 200, 5, 6, "t")
    b = data.generate(universe, 200, 5, 6, "t")
    assert json.dumps(a[0]) == json.dumps(b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_generate_otherNumericSeed_sameCategoricalFieldsOtherNumerics(universe):
    a, _ = data.generate(universe, 200, 5, 6, "t")
    b, _ = data.generate(universe, 200, 5, 7, "t")
    categorical = ("id", "device_model", "app_packages", "campaigns", "carrier")
    assert [{k: r.get(k) for k in categorical} for r in a] == [{k: r.get(k) for k in categorical} for r in b]
    assert [r.get("spend_30d") for r in a] != [r.get("spend_30d") for r in b]


def test_generate_categoricalFields_areThePurchaseGeneratorsRecords(universe):
    records, _ = data.generate(universe, 300, 9, 10, "t")
    purchase, _ = generator.generate(universe, 300, 9, "t")
    stripped = [{k: v for k, v in r.items() if k not in data.NUMERIC_FIELDS} for r in records]
    assert json.dumps(stripped) == json.dumps(purchase)


def test_generate_numericFields_inRangeWithNullsAndAbsences(sample):
    records, _ = sample
    bounds = {"sessions_per_day": (0.1, 80.0), "spend_30d": (0.0, 5000.0), "screen_inches": (4.0, 7.6),
              "battery_pct": (1, 100), "days_since_install": (0, 3650), "age_band": (1, 6), "night_share": (0.0, 1.0)}
    for name, (kind, null_rate, absent_rate) in data.NUMERIC_FIELDS.items():
        present = [r[name] for r in records if r.get(name) is not None]
        low, high = bounds[name]
        assert all(low <= v <= high for v in present), name
        assert all(isinstance(v, int if kind == "int" else float) for v in present), name
        nulls = sum(1 for r in records if name in r and r[name] is None)
        absent = sum(1 for r in records if name not in r)
        assert (nulls > 0) == (null_rate > 0), name
        assert (absent > 0) == (absent_rate > 0), name


def test_generate_labels_everySegmentAtLeastTenPercent(sample):
    _, labels = sample
    assert labels.dtype == np.int64
    rates = np.bincount(labels, minlength=len(data.SEGMENTS)) / len(labels)
    assert len(rates) == len(data.SEGMENTS)
    assert rates.min() >= 0.1


def test_recovered_messedToken_findsTheUniverseIndex(universe):
    rec = data.Recovered(universe)
    name = universe.names["carrier"][8]  # "telefónica": non-ASCII, upper-cased by the mess
    assert rec.one("carrier", " \t" + name.upper()) == 8
    assert rec.one("carrier", "  ") == -1
    assert rec.one("carrier", None) == -1


def test_standardise_float64ThenFloat32_matchesTheRuleBitForBit():
    mean, std = 43.0533, 79.9699
    values = np.array([0.0, 12.35, 5000.0, 1e-7])
    got = features.standardise(values, mean, std).astype(np.float32)
    expected = np.array([np.float32((float(v) - mean) / std) for v in values], dtype=np.float32)
    assert got.tobytes() == expected.tobytes()


def test_encode_numericFields_missingNullAndIntsFollowTheCard():
    card_features = {"fields": [{"name": "a", "kind": "numeric", "input": "dense", "column": 1, "default": 2.5,
                                 "standardise": {"mean": 0.3, "std": 0.7}},
                                {"name": "b", "kind": "numeric", "input": "dense", "column": 0}],
                     "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
                     "normalisation": features.card_normalisation()}
    inputs = [{"name": "dense", "dtype": "float32", "shape": [-1, 2]}]
    recs = [{"a": 0.1, "b": 7}, {"a": None, "b": None}, {}, {"a": 3, "b": -1.5}]
    dense = features.encode(card_features, inputs, {}, recs)["dense"]
    assert dense.dtype == np.float32
    expected_a = [np.float32((x - 0.3) / 0.7) for x in (0.1, 2.5, 2.5, 3.0)]
    assert dense[:, 1].tobytes() == np.array(expected_a, dtype=np.float32).tobytes()
    np.testing.assert_array_equal(dense[:, 0], np.array([7.0, 0.0, 0.0, -1.5], dtype=np.float32))


@pytest.mark.parametrize("value", [True, "3.5", [1.0]])
def test_encode_numericFieldNotANumber_refuses(value):
    card_features = {"fields": [{"name": "a", "kind": "numeric", "input": "dense", "column": 0}],
                     "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
                     "normalisation": features.card_normalisation()}
    with pytest.raises(ValueError, match="must be a number"):
        features.encode(card_features, [{"name": "dense", "dtype": "float32", "shape": [-1, 1]}], {}, [{"a": value}])


def test_encode_tokenAndBagFields_fillTheirColumnsOfOneInput():
    card_features = {"fields": [{"name": "c", "kind": "token", "input": "ids", "column": 0},
                                {"name": "b", "kind": "bag", "input": "ids", "column": 1, "length": 3}],
                     "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
                     "normalisation": features.card_normalisation()}
    vocab = {"c": ["x", "y"], "b": ["p", "q"]}
    recs = [{"c": " Y ", "b": ["q", " ", "P", "zz", "p"]}, {"c": None, "b": None}, {"c": "new"}]
    ids = features.encode(card_features, [{"name": "ids", "dtype": "int64", "shape": [-1, 4], "range": [0, 4]}],
                          vocab, recs)["ids"]
    assert ids.dtype == np.int64
    assert ids.tolist() == [[3, 3, 2, 1], [0, 0, 0, 0], [1, 0, 0, 0]]


def test_encode_columnLeftUnfilled_refuses():
    card_features = {"fields": [{"name": "c", "kind": "token", "input": "ids", "column": 0}],
                     "paddingIndex": 0, "oovIndex": 1, "firstTokenIndex": 2,
                     "normalisation": features.card_normalisation()}
    with pytest.raises(ValueError, match="column 1 is filled 0 times"):
        features.encode(card_features, [{"name": "ids", "dtype": "int64", "shape": [-1, 2]}], {"c": []}, [{}])


def test_numericStatistics_sixSignificantDigitsOfPresentValues():
    recs = [{"a": 1.0}, {"a": 2.0}, {"a": None}, {}, {"a": 4.0}]
    stats = segment.numeric_statistics(recs, "a")
    assert stats == {"mean": float("%.6g" % (7.0 / 3)), "std": float("%.6g" % np.std([1.0, 2.0, 4.0]))}


# ---------------------------------------------------------------- the committed model
needs_model = pytest.mark.skipif(not os.path.isfile(os.path.join(MODEL_DIR, "model-card.json")),
                                 reason="the segment model is not exported (scripts/parity model all --model segment)")


@needs_model
def test_committedCard_networkBeatsLogisticBaselineOnHoldout():
    holdout = files.read_json(os.path.join(MODEL_DIR, "model-card.json"))["metrics"]["holdout"]
    assert holdout["network"]["accuracy"] > holdout["logisticBaseline"]["accuracy"]
    assert holdout["network"]["logLoss"] < holdout["logisticBaseline"]["logLoss"]


@needs_model
def test_committedCard_idsRangeCoversEveryVocabularyAndFilesMatch():
    card = files.read_json(os.path.join(MODEL_DIR, "model-card.json"))
    vocab = files.read_json(os.path.join(MODEL_DIR, card["features"]["vocabulary"]))
    ids = next(s for s in card["signature"]["inputs"] if s["name"] == "ids")
    token_fields = [f for f in card["features"]["fields"] if f["kind"] != "numeric"]
    assert ids["range"] == [0, max(len(vocab[f["name"]]) for f in token_fields) + card["features"]["firstTokenIndex"]]
    # Python exports TorchScript and ONNX; `parity zoo convert` adds TensorFlow and MXNet from the ONNX file.
    assert list(card["files"]) == ["pytorch", "onnxruntime", "tensorflow", "mxnet"]
    assert card["files"]["mxnet"]["blockFactory"] == "dev.parity.graph.GraphBlockFactory"
    for entry in card["files"].values():
        path = os.path.join(MODEL_DIR, entry["path"])
        assert files.sha256(path) == entry["sha256"] and os.path.getsize(path) == entry["size"]


@needs_model
def test_stageReference_fewRecords_manifestV2FromTheCommittedCard(tmp_path):
    segment.stage_reference(os.path.join(ROOT, "zoo"), str(tmp_path), records=40)
    manifest = files.read_json(str(tmp_path / "manifest.json"))
    assert manifest["schema"] == "parity.reference-manifest/2"
    assert manifest["model"]["modelCardSha256"] == files.sha256(os.path.join(MODEL_DIR, "model-card.json"))
    assert [e["role"] for e in manifest["files"]] == (
        ["records", "input:dense", "input:ids", "labels", "output:logits", "output:probabilities", "output:embedding"]
        + ["tap:" + t["name"] for t in segment.tap_specs()])
    taps = {e["role"]: e for e in manifest["files"] if e["role"].startswith("tap:")}
    assert all(e["shape"][0] == 40 for e in taps.values())
    assert taps["tap:norm"]["shape"] == [40, 31]
    probabilities = np.load(str(tmp_path / "output-probabilities.npy"))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    labels = np.load(str(tmp_path / "labels.npy"))
    assert labels.dtype == np.int64 and labels.shape == (40,)
