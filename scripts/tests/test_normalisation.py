"""The shared normalisation vectors on the Python side (scripts/purchase/features.py).

The same file is checked by the toolkit's NormalisationVectorsTest on Java Strings and UTF-8
bytes, so the three paths agree token by token. Run:
PYTHONPATH=scripts /usr/bin/python3 -m pytest scripts/tests
"""

import json
import pathlib

import pytest

from purchase import features

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "toolkit/src/test/resources/dev/parity/features/normalisation-vectors.json"
CARD = ROOT / "zoo/model/tabular/dev/parity/purchase/1.0.0/model-card.json"


def _vectors():
    with open(VECTORS, encoding="utf-8") as f:
        return json.load(f)["vectors"]


def _params():
    return [pytest.param(v["raw"], v["normalised"], id=v["why"]) for v in _vectors()]


def test_trim_characters_same_as_the_committed_model_card():
    with open(CARD, encoding="utf-8") as f:
        normalisation = json.load(f)["features"]["normalisation"]

    assert normalisation["trimCharacters"] == features.TRIM
    assert normalisation["lowercase"] == "ascii"
    assert normalisation["dropEmptyTokens"] is True
    assert normalisation["rules"] == features.RULES


def test_vectors_cover_every_trim_character_and_non_ascii():
    raws = [v["raw"] for v in _vectors()]

    for c in features.TRIM:
        assert c + "x" in raws
    assert "\u00a0abc\u00a0" in raws and "\u3000abc\u3000" in raws and "\u00c9" in raws
    assert any(ord(c) > 0xFFFF for r in raws for c in r)
    assert "" in raws


@pytest.mark.parametrize("raw,expected", _params())
def test_normalise_shared_vector_gives_the_expected_token(raw, expected):
    assert features.normalise(raw) == expected
    assert features.normalise(expected) == expected


@pytest.mark.parametrize("raw,expected", _params())
def test_indices_shared_vector_maps_like_its_expected_token(raw, expected):
    # A vocabulary of every expected token: the raw one must get its expected token's id, or be
    # dropped (padding) when that is empty.
    vocab = sorted({v["normalised"] for v in _vectors() if v["normalised"]})
    spec = features.FeatureSpec([{"name": "token", "kind": "bag", "length": 1}], {"token": vocab})

    ids = spec.indices([{"token": [raw]}])["token"]

    want = features.PAD if expected == "" else features.FIRST_TOKEN + vocab.index(expected)
    assert ids.tolist() == [[want]]
    assert features.tokens_of(raw) == ([expected] if expected else [])
