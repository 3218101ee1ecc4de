"""Pre-processing: the rules the JVM must reproduce exactly (written into the model card).

A raw record holds, per field, either a string (a `token` field) or a list of
strings (a `bag` field). The rules, in order:

1. A field that is missing or null is an empty bag.
2. A `token` field's string is a bag of that one string.
3. Each token is trimmed of the ASCII whitespace characters listed in TRIM at
   both ends (nothing else: no Unicode spaces), then A-Z are lower-cased to a-z
   (ASCII only; every other character is kept as it is).
4. Tokens that are empty after step 3 are dropped.
5. Each token maps through the field's table: index = FIRST_TOKEN + position in
   the table, or OOV when it is not there.
6. The first `length` ids are kept, the rest cut off; the row is padded with
   PAD to `length`.
"""

import numpy as np

PAD = 0
OOV = 1
FIRST_TOKEN = 2
TRIM = " \t\n\r\x0b\x0c"
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}

RULES = [
    "A missing or null field is an empty bag.",
    "A token field's string is a bag of that one string.",
    "Each token is trimmed at both ends of the characters in trimCharacters "
    "(ASCII space, tab, LF, CR, VT, FF; no other whitespace).",
    "A-Z are lower-cased to a-z; every other character is kept unchanged (ASCII-only lower-casing).",
    "Tokens empty after trimming are dropped before lookup and truncation.",
    "Each token maps to firstTokenIndex + its position in the field's vocabulary list, "
    "or to oovIndex when absent.",
    "The first `length` ids are kept (truncation after dropping empties), "
    "then the row is padded with paddingIndex to `length`.",
]


def normalise(token):
    return token.strip(TRIM).translate(_ASCII_LOWER)


def tokens_of(value):
    """The normalised, non-empty tokens of one raw field value."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    out = []
    for t in value:
        n = normalise(t)
        if n:
            out.append(n)
    return out


class FeatureSpec:
    """Fields in model-input order, with their fixed lengths and mapping tables."""

    def __init__(self, fields, vocab):
        # fields: list of dicts {name, kind, length}; vocab: {name: [token, ...]}
        self.fields = fields
        self.vocab = vocab
        self.lookup = {
            f["name"]: {tok: i + FIRST_TOKEN for i, tok in enumerate(vocab[f["name"]])}
            for f in fields
        }

    def vocab_size(self, name):
        return len(self.vocab[name]) + FIRST_TOKEN

    def indices(self, records):
        """Per field an int32 array [len(records), length] of ids."""
        out = {}
        for f in self.fields:
            name, length = f["name"], field_length(f)
            table = self.lookup[name]
            arr = np.zeros((len(records), length), dtype=np.int32)
            for r, rec in enumerate(records):
                ids = [table.get(t, OOV) for t in tokens_of(rec.get(name))][:length]
                if ids:
                    arr[r, : len(ids)] = ids
            out[name] = arr
        return out

    def card_fields(self):
        """The fields as a v2 model card lists them: each writes its own input, from column 0."""
        out = []
        for f in self.fields:
            entry = {"name": f["name"], "kind": f["kind"], "input": f["name"], "column": 0}
            if f["kind"] == "bag":
                entry["length"] = f["length"]
            out.append(entry)
        return out


def field_length(field):
    """Columns a field fills: a bag its `length`, a token or numeric field one."""
    return field["length"] if field["kind"] == "bag" else 1


# ---------------------------------------------------------------- numeric fields
def numeric_values(records, name, default):
    """One numeric field as float64: a missing or null value is `default`; anything but a number is an error."""
    out = np.empty(len(records), dtype=np.float64)
    for i, rec in enumerate(records):
        value = rec.get(name)
        if value is None:
            value = default
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("record %d: field %r must be a number, found %r" % (i, name, value))
        out[i] = value
    return out


def standardise(values, mean, std):
    """(x - mean) / std computed in float64 (IEEE, as Java's double arithmetic); the caller casts."""
    return (np.asarray(values, dtype=np.float64) - np.float64(mean)) / np.float64(std)


# ---------------------------------------------------------------- a v2 card's features
NORMALISATION = {"trimCharacters": TRIM, "lowercase": "ascii", "dropEmptyTokens": True, "missingField": "empty"}


def card_normalisation():
    """The `normalisation` section of a v2 model card for the rules above."""
    return dict(NORMALISATION, rules=RULES)


def encode(features, inputs, vocab, records):
    """Raw records -> {input name: array} as a v2 model card's `features` say (docs/model-card.md).

    features: the card's `features`; inputs: its `signature.inputs`; vocab: field -> tokens.
    Only the rules this module implements are accepted; a card asking for others is refused.
    """
    for key, value in NORMALISATION.items():
        if features["normalisation"][key] != value:
            raise ValueError("normalisation.%s is %r; this encoder implements %r" % (key, features["normalisation"][key], value))
    if (features.get("paddingIndex"), features.get("oovIndex"), features.get("firstTokenIndex")) != (PAD, OOV, FIRST_TOKEN):
        raise ValueError("paddingIndex/oovIndex/firstTokenIndex must be %d/%d/%d" % (PAD, OOV, FIRST_TOKEN))
    specs = {s["name"]: s for s in inputs}
    arrays, filled = {}, {}
    for f in features["fields"]:
        spec = specs[f["input"]]
        arr = arrays.setdefault(f["input"], np.zeros([len(records)] + spec["shape"][1:], dtype=spec["dtype"]))
        start = f.get("column", 0)
        width = field_length(f)
        if f["kind"] == "numeric":
            x = numeric_values(records, f["name"], f.get("default", 0.0))
            if "standardise" in f:
                x = standardise(x, f["standardise"]["mean"], f["standardise"]["std"])
            arr[:, start] = x.astype(arr.dtype)
        else:
            if f["kind"] == "token":
                for i, rec in enumerate(records):
                    if isinstance(rec.get(f["name"]), list):
                        raise ValueError("record %d: token field %r holds a list" % (i, f["name"]))
            ids = FeatureSpec([{"name": f["name"], "kind": f["kind"], "length": width}], vocab).indices(records)
            arr[:, start:start + width] = ids[f["name"]]
        for c in range(start, start + width):
            filled[(f["input"], c)] = filled.get((f["input"], c), 0) + 1
    for name, arr in arrays.items():
        for c in range(arr.shape[1]):
            if filled.get((name, c)) != 1:
                raise ValueError("input %r column %d is filled %d times; every column exactly once"
                                 % (name, c, filled.get((name, c), 0)))
    return arrays
