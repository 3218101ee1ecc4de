"""Deterministic generator of TalkingData-like raw records with a planted label rule.

Each field draws tokens from a universe with Zipf-like popularity. Every token
has a hidden attribute (device price tier, app category, campaign category,
premium carrier) that the label rule reads; a model only sees token ids, so it
must learn the attributes from data. The rule has interactions across fields
(campaign category x device tier, app category x carrier) that a linear model
over the bags can only partly capture.

Raw values carry the mess real pipelines see: mixed case, stray whitespace,
blank tokens inside bags, null and missing fields, tokens never seen in
training.
"""

import json
import os

import numpy as np

CONSTANTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generator.json")
"""The generator's constants; the Spark module's SyntheticRecords reads the same file."""


def load_constants(path=CONSTANTS_FILE):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


CONSTANTS = load_constants()
UNIVERSES = CONSTANTS["universes"]
_NAMES = CONSTANTS["names"]
BRANDS = _NAMES["brands"]
CARRIERS = _NAMES["carriers"]
APP_SUFFIX = _NAMES["appSuffixes"]
APP_PREFIX = _NAMES["appPrefixes"]
_CONS = _NAMES["consonants"]
_VOW = _NAMES["vowels"]
_ATTRIBUTES = CONSTANTS["attributes"]
APP_CATEGORIES = _ATTRIBUTES["appCategories"]
CAMPAIGN_CATEGORIES = _ATTRIBUTES["campaignCategories"]
_BAGS = CONSTANTS["bags"]
_MESS = CONSTANTS["mess"]
_NOVEL = CONSTANTS["novelApps"]
_NULLS = CONSTANTS["nullProbabilities"]


def _word(n):
    syl = []
    while True:
        n, d = divmod(n, len(_CONS) * len(_VOW))
        syl.append(_CONS[d // len(_VOW)] + _VOW[d % len(_VOW)])
        if n == 0:
            return "".join(reversed(syl))


def _names(field, count):
    if field == "app_packages":
        return ["%s.%s.%s" % (APP_PREFIX[r % len(APP_PREFIX)], _word(r), APP_SUFFIX[(r * 7919) % len(APP_SUFFIX)])
                for r in range(count)]
    if field == "campaigns":
        return ["cmp-%07d" % r for r in range(count)]
    if field == "device_model":
        return ["%s %s%d" % (BRANDS[r % len(BRANDS)], _word(r // len(BRANDS)), r % 97) for r in range(count)]
    if field == "carrier":
        names = list(CARRIERS)
        names += ["carrier-%04d" % r for r in range(len(names), count)]
        return names[:count]
    raise ValueError(field)


def _zipf(count, s):
    w = 1.0 / np.power(np.arange(1, count + 1, dtype=np.float64), s)
    return w / w.sum()


class Universe:
    """Token names, popularity and hidden attributes per field; fixed by seed."""

    EXPONENTS = CONSTANTS["zipfExponents"]

    def __init__(self, sizes, seed):
        rng = np.random.default_rng(seed)
        self.sizes = sizes
        self.names = {f: _names(f, n) for f, n in sizes.items()}
        self.popularity = {f: _zipf(n, self.EXPONENTS[f]) for f, n in sizes.items()}
        self.cdf = {f: np.cumsum(p) for f, p in self.popularity.items()}
        # Hidden attributes, independent of popularity rank.
        tiers = _ATTRIBUTES["deviceTierProbabilities"]
        self.device_tier = rng.choice(len(tiers), size=sizes["device_model"], p=tiers)
        self.app_category = rng.choice(len(APP_CATEGORIES), size=sizes["app_packages"],
                                       p=_ATTRIBUTES["appCategoryProbabilities"])
        self.campaign_category = rng.choice(len(CAMPAIGN_CATEGORIES), size=sizes["campaigns"],
                                            p=_ATTRIBUTES["campaignCategoryProbabilities"])
        self.carrier_premium = rng.random(sizes["carrier"]) < _ATTRIBUTES["premiumCarrierProbability"]

    def draw(self, rng, field, n):
        u = rng.random(n)
        return np.minimum(np.searchsorted(self.cdf[field], u, side="right"), self.sizes[field] - 1)


def _logit(u, dev, apps, camps, car):
    tier = u.device_tier[dev]
    if len(apps):
        cats = u.app_category[apps]
        auto = float(np.mean(cats == 0))
        fin = float(np.mean(cats == 1))
        games = float(np.mean(cats == 2))
    else:
        auto = fin = games = 0.0
    auto_camp = 1.0 if len(camps) and np.any(u.campaign_category[camps] == 0) else 0.0
    prem = 1.0 if u.carrier_premium[car] else 0.0
    return (-3.3 + 4.5 * auto + 2.2 * fin - 1.5 * games + 1.3 * (tier == 2) + 0.6 * (tier == 1)
            + 3.2 * auto_camp * (tier >= 1) - 1.8 * auto_camp * (tier == 0)
            + 4.5 * auto * prem - 1.2 * (1.0 - prem) * (tier == 2)
            + 12.0 * auto * fin)


class _Mess:
    """Turns canonical tokens into the raw strings an upstream job would hand over."""

    PADS = _MESS["pads"]
    BLANKS = _MESS["blanks"]

    def __init__(self, rng):
        self.rng = rng

    def token(self, tok, r):
        # r: four uniforms decided by the caller, so the random stream stays fixed per token.
        if r[0] < _MESS["upperCaseBelow"]:
            tok = tok.upper()
        elif r[0] < _MESS["titleCaseBelow"]:
            tok = tok.title()
        if r[1] < _MESS["leadingPadBelow"]:
            tok = self.PADS[int(r[2] * len(self.PADS))] + tok
        elif r[1] < _MESS["trailingPadBelow"]:
            tok = tok + self.PADS[int(r[2] * len(self.PADS))]
        elif r[1] < _MESS["blankTokenBelow"]:
            tok = self.BLANKS[int(r[2] * len(self.BLANKS))]
        return tok


def generate(universe, n, seed, id_prefix, novel_rate=_NOVEL["probability"]):
    """Returns (records, labels): n raw records (dicts) and their 0/1 labels (uint8)."""
    rng = np.random.default_rng(seed)
    mess = _Mess(rng)
    names = universe.names
    devices = universe.draw(rng, "device_model", n)
    carriers = universe.draw(rng, "carrier", n)
    ab, cb = _BAGS["app_packages"], _BAGS["campaigns"]
    app_sizes = np.where(rng.random(n) < ab["emptyProbability"], 0,
                         np.clip(np.rint(rng.lognormal(np.log(ab["logNormalMedian"]), ab["logNormalSigma"], n)),
                                 ab["min"], ab["max"])).astype(int)
    camp_sizes = np.where(rng.random(n) < cb["emptyProbability"], 0,
                          np.clip(rng.geometric(cb["geometricP"], n), cb["min"], cb["max"])).astype(int)
    per_token, extra = _BAGS["drawsPerToken"], _BAGS["extraDraws"]
    nulls = rng.random((n, 5))
    noise = rng.random(n)
    records = []
    labels = np.zeros(n, dtype=np.uint8)
    for i in range(n):
        apps = _distinct(universe.draw(rng, "app_packages", int(app_sizes[i] * per_token) + extra), app_sizes[i])
        camps = _distinct(universe.draw(rng, "campaigns", int(camp_sizes[i] * per_token) + extra), camp_sizes[i])
        dev, car = int(devices[i]), int(carriers[i])
        p = 1.0 / (1.0 + np.exp(-_logit(universe, dev, apps, camps, car)))
        labels[i] = 1 if noise[i] < p else 0

        k = len(apps) + len(camps) + 2
        r = rng.random((k, 4))
        app_raw = []
        for j, a in enumerate(apps):
            if r[j, 3] < novel_rate:
                tok = "%s.%s.%s" % (APP_PREFIX[j % len(APP_PREFIX)],
                                    _word(universe.sizes["app_packages"] + int(r[j, 2] * _NOVEL["wordSpread"])),
                                    _NOVEL["suffix"])
            else:
                tok = names["app_packages"][a]
            app_raw.append(mess.token(tok, r[j]))
        o = len(apps)
        camp_raw = [mess.token(names["campaigns"][c], r[o + j]) for j, c in enumerate(camps)]
        o += len(camps)
        rec = {"id": "%s-%07d" % (id_prefix, i),
               "device_model": mess.token(names["device_model"][dev], r[o]),
               "app_packages": app_raw,
               "campaigns": camp_raw,
               "carrier": mess.token(names["carrier"][car], r[o + 1])}
        if nulls[i, 0] < _NULLS["device_model"]:
            rec["device_model"] = None
        if nulls[i, 1] < _NULLS["app_packages"]:
            rec["app_packages"] = None
        if nulls[i, 2] < _NULLS["campaigns"]:
            rec["campaigns"] = None
        if nulls[i, 3] < _NULLS["carrier"]:
            rec["carrier"] = None
        elif nulls[i, 4] < _NULLS["carrierMissing"]:
            del rec["carrier"]
        records.append(rec)
    return records, labels


def _distinct(draws, size):
    seen, out = set(), []
    for d in draws.tolist():
        if d not in seen:
            seen.add(d)
            out.append(d)
            if len(out) == size:
                break
    return np.asarray(out, dtype=np.int64)
