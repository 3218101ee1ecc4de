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
            name, length = f["name"], f["length"]
            table = self.lookup[name]
            arr = np.zeros((len(records), length), dtype=np.int32)
            for r, rec in enumerate(records):
                ids = [table.get(t, OOV) for t in tokens_of(rec.get(name))][:length]
                if ids:
                    arr[r, : len(ids)] = ids
            out[name] = arr
        return out

    def card_fields(self):
        return [
            {
                "name": f["name"],
                "kind": f["kind"],
                "length": f["length"],
                "vocabSize": self.vocab_size(f["name"]),
            }
            for f in self.fields
        ]
