"""The record generator: seeded, within the ranges and rates of scripts/purchase/generator.json."""

import json

import numpy as np
import pytest

from purchase import generator
from purchase.presets import PRESETS, SEEDS

N = 8000  # enough records for every rare case to occur; the seed keeps every count fixed


@pytest.fixture(scope="module")
def constants():
    with open(generator.CONSTANTS_FILE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def universe():
    return generator.Universe(PRESETS["small"]["universe"], SEEDS["universe"])


@pytest.fixture(scope="module")
def generated(universe):
    return generator.generate(universe, N, seed=7, id_prefix="t")


def test_generate_sameSeed_sameRecordsAndLabels(universe, generated):
    records, labels = generator.generate(universe, N, seed=7, id_prefix="t")

    assert records == generated[0]
    assert np.array_equal(labels, generated[1])


def test_generate_otherSeed_otherRecords(universe, generated):
    records, _ = generator.generate(universe, 50, seed=8, id_prefix="t")

    assert records != generated[0][:50]


def test_universe_sameSeed_sameHiddenAttributes(universe):
    again = generator.Universe(PRESETS["small"]["universe"], SEEDS["universe"])

    assert np.array_equal(again.device_tier, universe.device_tier)
    assert np.array_equal(again.app_category, universe.app_category)
    assert np.array_equal(again.carrier_premium, universe.carrier_premium)


def test_constants_sizesAndExponents_comeFromTheFile(constants, universe):
    assert generator.UNIVERSES == constants["universes"]
    assert PRESETS["small"]["universe"] == constants["universes"]["small"]
    assert PRESETS["large"]["universe"] == constants["universes"]["large"]
    for field, size in constants["universes"]["small"].items():
        assert len(universe.names[field]) == size
        p = universe.popularity[field]
        assert p.sum() == pytest.approx(1.0)
        # Zipf: the most popular token is 2^s times as likely as the second.
        assert p[0] / p[1] == pytest.approx(2 ** constants["zipfExponents"][field])


def test_constants_probabilitiesAndCutPoints_areValid(constants):
    a = constants["attributes"]
    for key in ("deviceTierProbabilities", "appCategoryProbabilities", "campaignCategoryProbabilities"):
        assert sum(a[key]) == pytest.approx(1.0)
    assert len(a["appCategoryProbabilities"]) == len(a["appCategories"])
    assert len(a["campaignCategoryProbabilities"]) == len(a["campaignCategories"])
    m = constants["mess"]
    assert 0 < m["upperCaseBelow"] < m["titleCaseBelow"] < 1
    assert 0 < m["leadingPadBelow"] < m["trailingPadBelow"] < m["blankTokenBelow"] < 1
    for p in constants["nullProbabilities"].values():
        assert 0 <= p < 1


def test_generate_records_haveEveryFieldOrLeaveOutOnlyTheCarrier(generated):
    records, labels = generated
    fields = {"id", "device_model", "app_packages", "campaigns", "carrier"}

    assert len(records) == len(labels) == N
    assert labels.dtype == np.uint8 and set(np.unique(labels)) <= {0, 1}
    assert records[0]["id"] == "t-0000000"
    for r in records:
        assert set(r) == fields or set(r) == fields - {"carrier"}
    assert any("carrier" not in r for r in records)


def test_generate_bags_withinTheConfiguredLengths(constants, generated):
    records, _ = generated
    bags = constants["bags"]
    apps = [len(r["app_packages"]) for r in records if r["app_packages"] is not None]
    camps = [len(r["campaigns"]) for r in records if r["campaigns"] is not None]

    assert 1 <= min(apps) and max(apps) <= bags["app_packages"]["max"]
    assert 1 <= min(camps) and max(camps) <= bags["campaigns"]["max"]
    median = bags["app_packages"]["logNormalMedian"]
    assert median / 2 <= np.median(apps) <= 2 * median


def test_distinct_sizeZero_keepsEveryDistinctDraw(constants):
    # A bag drawn with size 0 (emptyProbability) is not empty here: _distinct stops only when it
    # reaches the size, so it keeps all of its extraDraws draws that differ. The committed reference
    # outputs were made so, which is why the generated bags above are never empty; the Spark port
    # (SyntheticRecords) makes such bags empty.
    assert constants["bags"]["extraDraws"] == 2
    assert generator._distinct(np.array([5, 5]), 0).tolist() == [5]
    assert generator._distinct(np.array([5, 7]), 0).tolist() == [5, 7]
    assert generator._distinct(np.array([5, 5, 7, 9]), 2).tolist() == [5, 7]


def test_generate_nullsAtTheConfiguredRates(constants, generated):
    records, _ = generated
    nulls = constants["nullProbabilities"]

    for field in ("device_model", "app_packages", "campaigns"):
        p = nulls[field]
        share = sum(r[field] is None for r in records) / N
        assert share > 0, field
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / N) + 1.0 / N, field
    carrier_null = sum("carrier" in r and r["carrier"] is None for r in records) / N
    p = nulls["carrier"]
    assert abs(carrier_null - p) < 4 * np.sqrt(p * (1 - p) / N)


def test_generate_tokens_carryTheMessRealPipelinesSee(constants, generated):
    records, _ = generated
    tokens = [t for r in records for t in (r["app_packages"] or [])]

    assert any(t.isupper() for t in tokens)
    assert any(t != t.strip() and t.strip() for t in tokens)
    assert any(t in constants["mess"]["blanks"] for t in tokens)
    novel = [t for t in tokens if t.strip().lower().endswith("." + constants["novelApps"]["suffix"])]
    share = len(novel) / len(tokens)
    assert 0 < share < 3 * constants["novelApps"]["probability"]


def test_names_canonicalTokens_asTheJavaPortExpects():
    # spark/src/test/java/dev/parity/spark/SyntheticRecordsTest.java checks the same ranks.
    assert generator._names("app_packages", 45)[::11] == [
        "com.ba.app", "com.de.app", "cn.gi.app", "com.jo.app", "net.lu.app"]
    assert generator._names("campaigns", 23)[22] == "cmp-0000022"
    assert generator._names("device_model", 34)[33] == "zte bi33"
    assert generator._names("carrier", 45)[11] == "tim"
    assert generator._names("carrier", 45)[44] == "carrier-0044"
    assert generator._word(25000 + 1234567) == "bibuhoki"
