"""Model and data presets. `small` is trained and committed; `large` is generated on demand."""

from .generator import UNIVERSES

# Fields in model-input order. Alphabetical on purpose: DJL's TensorFlow engine orders a
# SavedModel's signature inputs by sorted key, so one order serves every engine.
FIELDS = [
    {"name": "app_packages", "kind": "bag", "length": 60},
    {"name": "campaigns", "kind": "bag", "length": 20},
    {"name": "carrier", "kind": "token", "length": 1},
    {"name": "device_model", "kind": "token", "length": 1},
]

PRESETS = {
    "small": {
        # Token universes the generator draws from (more than the vocabulary keeps).
        "universe": UNIVERSES["small"],
        "embedding_dim": 16,
        "hidden": [64, 16],
        "min_count": 10,
        "vocab_cap": None,
        "train_records": 200000,
        "valid_records": 50000,
        "holdout_records": 50000,
        "reference_records": 100000,
        "trained": True,
    },
    "large": {
        # TalkingData-like widths; vocabularies taken straight from the universe ranks.
        "universe": UNIVERSES["large"],
        "embedding_dim": 64,
        "hidden": [512, 256, 128],
        "min_count": None,
        "vocab_cap": {"app_packages": 999998, "campaigns": 99998, "carrier": 998, "device_model": 19998},
        "reference_records": 2000,
        "trained": False,
    },
}

GROUP_ID = "dev.parity"
ARTIFACT_ID = "purchase"
VERSION = "1.0.0"

SEEDS = {
    "universe": 20200930,  # token names and latent attributes
    "train": 20201001,  # training/validation/holdout records
    "torch": 1234,  # weight init and batch order
    "reference": 20201002,  # evaluation records (separate from training)
    "large_weights": 4321,
}

PRECISION_TARGET = 0.5
