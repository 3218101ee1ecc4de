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

import numpy as np

BRANDS = ["samsung", "huawei", "xiaomi", "oppo", "vivo", "apple", "oneplus", "meizu",
          "lenovo", "zte", "honor", "realme"]
CARRIERS = ["china mobile", "china unicom", "china telecom", "vodafone", "orange", "t-mobile",
            "at&t", "verizon", "telefónica", "movistar", "claro", "tim", "airtel", "jio", "мтс",
            "beeline", "megafon", "türk telekom", "turkcell", "ooredoo", "etisalat", "stc", "du",
            "globe", "smart", "telkomsel", "indosat", "ais", "dtac", "viettel", "kt", "sk telecom",
            "lg u+", "docomo", "softbank", "au", "optus", "telstra", "bell", "rogers"]
APP_SUFFIX = ["app", "mobile", "lite", "pro", "free", "hd", "game", "pay", "go", "plus", "android"]
APP_PREFIX = ["com", "com", "com", "com", "net", "org", "cn", "io"]
APP_CATEGORIES = ["auto", "finance", "games", "social", "tools", "shopping", "travel", "news"]
CAMPAIGN_CATEGORIES = ["auto", "finance", "retail", "gaming", "other"]
_CONS = "bcdfghjklmnprstvz"
_VOW = "aeiou"


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

    EXPONENTS = {"app_packages": 1.05, "campaigns": 1.0, "carrier": 1.1, "device_model": 1.0}

    def __init__(self, sizes, seed):
        rng = np.random.default_rng(seed)
        self.sizes = sizes
        self.names = {f: _names(f, n) for f, n in sizes.items()}
        self.popularity = {f: _zipf(n, self.EXPONENTS[f]) for f, n in sizes.items()}
        self.cdf = {f: np.cumsum(p) for f, p in self.popularity.items()}
        # Hidden attributes, independent of popularity rank.
        self.device_tier = rng.choice(3, size=sizes["device_model"], p=[0.5, 0.35, 0.15])
        self.app_category = rng.choice(len(APP_CATEGORIES), size=sizes["app_packages"],
                                       p=[0.06, 0.08, 0.30, 0.20, 0.14, 0.10, 0.06, 0.06])
        self.campaign_category = rng.choice(len(CAMPAIGN_CATEGORIES), size=sizes["campaigns"],
                                            p=[0.10, 0.10, 0.30, 0.30, 0.20])
        self.carrier_premium = rng.random(sizes["carrier"]) < 0.4

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

    PADS = [" ", "  ", "\t", " \n", "\r\n", "\x0b"]
    BLANKS = ["", " ", "\t", "  "]

    def __init__(self, rng):
        self.rng = rng

    def token(self, tok, r):
        # r: four uniforms decided by the caller, so the random stream stays fixed per token.
        if r[0] < 0.05:
            tok = tok.upper()
        elif r[0] < 0.08:
            tok = tok.title()
        if r[1] < 0.03:
            tok = self.PADS[int(r[2] * len(self.PADS))] + tok
        elif r[1] < 0.06:
            tok = tok + self.PADS[int(r[2] * len(self.PADS))]
        elif r[1] < 0.065:
            tok = self.BLANKS[int(r[2] * len(self.BLANKS))]
        return tok


def generate(universe, n, seed, id_prefix, novel_rate=0.005):
    """Returns (records, labels): n raw records (dicts) and their 0/1 labels (uint8)."""
    rng = np.random.default_rng(seed)
    mess = _Mess(rng)
    names = universe.names
    devices = universe.draw(rng, "device_model", n)
    carriers = universe.draw(rng, "carrier", n)
    app_sizes = np.where(rng.random(n) < 0.04, 0,
                         np.clip(np.rint(rng.lognormal(np.log(12.0), 0.8, n)), 1, 60)).astype(int)
    camp_sizes = np.where(rng.random(n) < 0.15, 0, np.clip(rng.geometric(0.35, n), 1, 20)).astype(int)
    nulls = rng.random((n, 5))
    noise = rng.random(n)
    records = []
    labels = np.zeros(n, dtype=np.uint8)
    for i in range(n):
        apps = _distinct(universe.draw(rng, "app_packages", int(app_sizes[i] * 1.5) + 2), app_sizes[i])
        camps = _distinct(universe.draw(rng, "campaigns", int(camp_sizes[i] * 1.5) + 2), camp_sizes[i])
        dev, car = int(devices[i]), int(carriers[i])
        p = 1.0 / (1.0 + np.exp(-_logit(universe, dev, apps, camps, car)))
        labels[i] = 1 if noise[i] < p else 0

        k = len(apps) + len(camps) + 2
        r = rng.random((k, 4))
        app_raw = []
        for j, a in enumerate(apps):
            if r[j, 3] < novel_rate:
                tok = "%s.%s.new" % (APP_PREFIX[j % len(APP_PREFIX)], _word(universe.sizes["app_packages"] + int(r[j, 2] * 1e7)))
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
        if nulls[i, 0] < 0.005:
            rec["device_model"] = None
        if nulls[i, 1] < 0.01:
            rec["app_packages"] = None
        if nulls[i, 2] < 0.03:
            rec["campaigns"] = None
        if nulls[i, 3] < 0.02:
            rec["carrier"] = None
        elif nulls[i, 4] < 0.002:
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
