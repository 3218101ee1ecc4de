"""Records for the segment model: the purchase generator's records plus numeric fields and a segment label.

The categorical fields (carrier, device_model, campaigns, app_packages) come from
`purchase.generator.generate` with the purchase Universe and a record seed of their own, so they
carry the same mess (case, whitespace, blank tokens, nulls, unseen tokens). The numeric fields and
the label come from a separate seeded stream drawn here: nothing of the purchase data changes.

The label is one of five segments, planted by a rule over the tokens' hidden attributes (device
price tier, premium carrier, campaign categories) and the numeric values, with thresholds and
interactions (night use x large screen, low battery x daytime use, premium carrier x top tier,
...) plus Gumbel noise: a linear model over the same inputs can only partly follow it.

Numeric fields are missing (key absent) or null at small rates; the label reads the true value.
"""

import numpy as np

from purchase import generator

SEGMENTS = ["casual", "gamer", "shopper", "commuter", "professional"]

# name -> (kind of JSON number, null rate, absent rate), in the order of the model's `dense` columns.
NUMERIC_FIELDS = {
    "sessions_per_day": ("float", 0.02, 0.0),
    "spend_30d": ("float", 0.05, 0.02),
    "screen_inches": ("float", 0.03, 0.0),
    "battery_pct": ("int", 0.0, 0.01),
    "days_since_install": ("int", 0.02, 0.0),
    "age_band": ("int", 0.08, 0.0),
    "night_share": ("float", 0.01, 0.0),
}
AGE_BANDS = [1, 2, 3, 4, 5, 6]
AGE_BAND_P = [0.12, 0.25, 0.25, 0.18, 0.12, 0.08]
NOISE = 0.6  # Gumbel scale on the segment scores
SCREEN_SEED = 20210300  # each device model's screen size, fixed over all records
_WHITESPACE = " \t\n\r\x0b\x0c"


class Recovered:
    """The universe index behind each raw token of a record (-1 when blank or missing).

    Raw tokens carry the generator's mess; trimming and full Unicode lower-casing undoes it, since
    every canonical name is lower-case. A blank or null field has no index, and its hidden
    attributes count as absent.
    """

    def __init__(self, universe):
        self.index = {f: {name: i for i, name in reversed(list(enumerate(universe.names[f])))}
                      for f in ("carrier", "device_model", "campaigns")}

    def one(self, field, raw):
        if not isinstance(raw, str):
            return -1
        return self.index[field].get(raw.strip(_WHITESPACE).lower(), -1)

    def many(self, field, raw):
        if not isinstance(raw, list):
            return []
        return [i for i in (self.one(field, t) for t in raw) if i >= 0]


def device_screens(universe):
    """Screen size (inches, one decimal) per device model: larger for higher price tiers."""
    rng = np.random.default_rng(SCREEN_SEED)
    base = np.array([5.3, 6.0, 6.5])[universe.device_tier]
    return np.round(np.clip(base + rng.normal(0.0, 0.35, len(base)), 4.0, 7.6), 1)


def hidden_attributes(universe, records):
    """Per record: device tier (-1 unknown), premium carrier, campaign category shares."""
    rec = Recovered(universe)
    n = len(records)
    tier = np.full(n, -1, dtype=np.int64)
    device = np.full(n, -1, dtype=np.int64)
    premium = np.zeros(n, dtype=bool)
    shares = np.zeros((n, len(generator.CAMPAIGN_CATEGORIES)))
    for i, r in enumerate(records):
        d = rec.one("device_model", r.get("device_model"))
        if d >= 0:
            device[i], tier[i] = d, universe.device_tier[d]
        c = rec.one("carrier", r.get("carrier"))
        premium[i] = c >= 0 and bool(universe.carrier_premium[c])
        camps = rec.many("campaigns", r.get("campaigns"))
        if camps:
            cats = universe.campaign_category[np.asarray(camps)]
            shares[i] = np.bincount(cats, minlength=shares.shape[1]) / len(camps)
    return {"tier": tier, "device": device, "premium": premium, "campaigns": shares}


def draw_numerics(universe, hidden, rng):
    """The true numeric values per record (before any goes missing), from `rng` only."""
    n = len(hidden["tier"])
    tier = np.maximum(hidden["tier"], 0)
    screens = device_screens(universe)
    sessions = np.round(np.clip(rng.lognormal(np.log(3.0), 0.75, n), 0.1, 80.0), 2)
    spend_scale = 15.0 + 35.0 * tier + 25.0 * hidden["premium"]
    spend = np.where(rng.random(n) < 0.3, 0.0,
                     np.round(np.minimum(rng.lognormal(np.log(spend_scale), 0.9), 5000.0), 2))
    unknown_screen = np.round(np.clip(rng.normal(5.9, 0.6, n), 4.0, 7.6), 1)
    screen = np.where(hidden["device"] >= 0, screens[np.maximum(hidden["device"], 0)], unknown_screen)
    battery = rng.integers(1, 101, n)
    days = np.minimum(np.floor(rng.exponential(365.0, n)), 3650).astype(np.int64)
    age = rng.choice(AGE_BANDS, size=n, p=AGE_BAND_P)
    night = np.round(rng.beta(2.0, 5.0, n), 3)
    return {"sessions_per_day": sessions, "spend_30d": spend, "screen_inches": screen, "battery_pct": battery,
            "days_since_install": days, "age_band": age, "night_share": night}


def segment_scores(hidden, x):
    """Unnormalised log-odds per segment, [records, 5], in SEGMENTS order."""
    tier, prem, camp = hidden["tier"], hidden["premium"].astype(float), hidden["campaigns"]
    auto, finance, retail, gaming = camp[:, 0], camp[:, 1], camp[:, 2], camp[:, 3]
    s, spend, screen = x["sessions_per_day"], x["spend_30d"], x["screen_inches"]
    battery, days, age, night = x["battery_pct"], x["days_since_install"], x["age_band"], x["night_share"]
    top, upper = (tier == 2).astype(float), (tier >= 1).astype(float)
    casual = 0.8 * (s < 1.5) + 0.4 * (days < 30)
    gamer = (-0.6 + 2.2 * (night > 0.35) * (screen >= 6.3) + 1.6 * gaming + 0.9 * (s > 6)
             - 0.9 * (age >= 4) + 1.2 * (battery < 25) * (s > 5))
    shopper = -1.0 + 1.8 * retail * (spend > 40) + 0.35 * np.log1p(spend) + 0.9 * upper * (days < 120)
    commuter = -0.4 + 1.9 * (battery < 45) * (night < 0.2) + 0.8 * prem * (tier == 0) + 0.6 * ((s >= 2) & (s <= 6))
    professional = (-0.6 + 2.4 * prem * top + 1.5 * finance + 1.2 * ((age >= 3) & (age <= 5)) * (spend > 80)
                    + 0.8 * (days > 700) + 0.8 * auto * top)
    return np.stack([casual, gamer, shopper, commuter, professional], axis=1).astype(np.float64)


def generate(universe, n, record_seed, numeric_seed, id_prefix):
    """Returns (records, labels): n raw records (dicts) and their segment ids (int64, SEGMENTS order)."""
    records, _ = generator.generate(universe, n, record_seed, id_prefix)
    rng = np.random.default_rng(numeric_seed)
    hidden = hidden_attributes(universe, records)
    values = draw_numerics(universe, hidden, rng)
    noise = rng.gumbel(0.0, NOISE, (n, len(SEGMENTS)))
    labels = np.argmax(segment_scores(hidden, values) + noise, axis=1).astype(np.int64)
    gone = rng.random((n, len(NUMERIC_FIELDS)))
    for j, (name, (kind, null_rate, absent_rate)) in enumerate(NUMERIC_FIELDS.items()):
        column = values[name].tolist()  # Python floats and ints: JSON numbers as written
        for i, rec in enumerate(records):
            if gone[i, j] < absent_rate:
                continue
            if gone[i, j] < absent_rate + null_rate:
                rec[name] = None
            else:
                rec[name] = int(column[i]) if kind == "int" else float(column[i])
    return records, labels
