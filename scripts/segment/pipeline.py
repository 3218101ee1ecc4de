"""The segment model's stages: data, vocab, train, export, reference (and its byte-for-byte check).

Pre-processing runs from the model card's `features` (purchase.features.encode) in training and in
the reference set alike, so the card Java reads is the one Python used.
"""

import os
import time

import numpy as np
import torch

import reference_set
from purchase import files, generator
from purchase import pipeline as common
from purchase.features import FIRST_TOKEN, OOV, PAD, card_normalisation, encode, field_length, numeric_values
from purchase.presets import PRESETS
from purchase.presets import SEEDS as PURCHASE_SEEDS

from . import data, network

GROUP_ID = "dev.parity"
ARTIFACT_ID = "segment"
VERSION = "1.0.0"
NAME = "User segment"
DESCRIPTION = ("Five user segments (%s) from numeric usage figures and categorical fields: per-field "
               "embeddings with a masked mean, layer normalisation, a GELU MLP, softmax." % ", ".join(data.SEGMENTS))
SEEDS = {
    "records": 20210301,  # training, validation and holdout records (categorical fields)
    "numerics": 20210302,  # their numeric fields and labels
    "torch": 4242,  # weight init and batch order
    "reference": 20210303,  # evaluation records (separate from training)
    "referenceNumerics": 20210304,
}
SIZES = {"train": 120000, "valid": 30000, "holdout": 30000}
REFERENCE_RECORDS = 20000
MIN_COUNT = 10
# Categorical fields in `ids` column order; numeric fields fill `dense` in data.NUMERIC_FIELDS order.
TOKEN_FIELDS = [{"name": "carrier", "kind": "token"}, {"name": "device_model", "kind": "token"},
                {"name": "campaigns", "kind": "bag", "length": 8}]
EMBEDDING_DIM = 8
HIDDEN = [64, 32]
EMBEDDING_WIDTH = 8
OUTPUTS = ["logits", "probabilities", "embedding"]
ONNX_OPSET = 17
# What the ONNX -> TensorFlow / MXNet converter translates (docs/onnx-op-set.md), checked at export
# before `parity zoo convert` runs. Identity: a tap that is also an output (mlp.2 is `embedding`) is
# exported as a copy of it.
ONNX_OPS = {"Identity", "Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Erf", "Gather", "Greater",
            "Cast", "Mul", "ReduceSum", "ReduceMean", "Div", "Clip", "Max", "LayerNormalization", "Concat", "Reshape",
            "Flatten", "Unsqueeze", "Squeeze", "Transpose", "Slice", "Where", "Shape", "Constant", "ConstantOfShape"}
log = common.log


def model_dir(zoo, version=VERSION):
    return files.model_folder(zoo, GROUP_ID, ARTIFACT_ID, version)


def reference_dir(root):
    return os.path.join(root, GROUP_ID, ARTIFACT_ID)


def _universe():
    return generator.Universe(PRESETS["small"]["universe"], PURCHASE_SEEDS["universe"])


# ---------------------------------------------------------------- data
def stage_data(work):
    t = time.time()
    records, labels = data.generate(_universe(), sum(SIZES.values()), SEEDS["records"], SEEDS["numerics"], "seg")
    common.write_splits(work, records, labels, SIZES)
    log("data: done in %.1fs" % (time.time() - t))


# ---------------------------------------------------------------- vocab and statistics
def _significant(x):
    # Six significant digits: the card's numbers read the same in Python and Java (shortest repr).
    return float("%.6g" % x)


def numeric_statistics(records, name):
    """Mean and population standard deviation of a numeric field's present values, six significant digits."""
    present = [r for r in records if r.get(name) is not None]
    values = numeric_values(present, name, 0.0)
    return {"mean": _significant(values.mean()), "std": _significant(values.std())}


def card_inputs_and_features(vocab, train_records):
    """The card's `signature.inputs` and `features` for this vocabulary and training data."""
    fields = []
    for column, name in enumerate(data.NUMERIC_FIELDS):
        stats = numeric_statistics(train_records, name)
        fields.append({"name": name, "kind": "numeric", "input": "dense", "column": column, "default": stats["mean"],
                       "standardise": stats})
    column = 0
    for f in TOKEN_FIELDS:
        entry = {"name": f["name"], "kind": f["kind"], "input": "ids", "column": column}
        if f["kind"] == "bag":
            entry["length"] = f["length"]
        fields.append(entry)
        column += field_length(f)
    id_rows = max(len(vocab[f["name"]]) for f in TOKEN_FIELDS) + FIRST_TOKEN
    inputs = [{"name": "dense", "dtype": "float32", "shape": [-1, len(data.NUMERIC_FIELDS)]},
              {"name": "ids", "dtype": "int64", "shape": [-1, column], "range": [0, id_rows]}]
    features = {"fields": fields, "vocabulary": "vocab.json", "paddingIndex": PAD, "oovIndex": OOV,
                "firstTokenIndex": FIRST_TOKEN, "normalisation": card_normalisation()}
    return inputs, features


def stage_vocab(work):
    recs, _ = common.load_split(work, "train")
    vocab = common.build_vocab(recs, [f["name"] for f in TOKEN_FIELDS], MIN_COUNT)
    files.write_json(os.path.join(work, "vocab.json"), vocab)
    inputs, features = card_inputs_and_features(vocab, recs)
    files.write_json(os.path.join(work, "features.json"), {"inputs": inputs, "features": features})
    for f in features["fields"]:
        if f["kind"] == "numeric":
            log("vocab: %s mean %g std %g" % (f["name"], f["standardise"]["mean"], f["standardise"]["std"]))


# ---------------------------------------------------------------- train
def _columns(features):
    return [(f["column"], field_length(f)) for f in features["fields"] if f["input"] == "ids"]


def new_network(inputs, features, vocab):
    ids = next(s for s in inputs if s["name"] == "ids")
    rows = [len(vocab[f["name"]]) + FIRST_TOKEN for f in features["fields"] if f["input"] == "ids"]
    return network.SegmentNet(len(data.NUMERIC_FIELDS), _columns(features), ids["range"][1], rows, EMBEDDING_DIM,
                              HIDDEN, EMBEDDING_WIDTH, len(data.SEGMENTS))


def _tensors(inputs, features, vocab, records):
    arrays = encode(features, inputs, vocab, records)
    return torch.from_numpy(arrays["dense"]), torch.from_numpy(arrays["ids"])


def _logits(net, xs, batch=8192):
    net.eval()
    with torch.no_grad():
        return torch.cat([net.logits(xs[0][i:i + batch], xs[1][i:i + batch]) for i in range(0, len(xs[0]), batch)])


def quality(logits, labels):
    """Accuracy and mean log-loss (natural log) of logits against class ids."""
    y = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    loss = torch.nn.functional.cross_entropy(logits.to(torch.float64), y).item()
    accuracy = (logits.argmax(dim=1) == y).to(torch.float64).mean().item()
    return {"accuracy": round(accuracy, 6), "logLoss": round(loss, 6)}


def _fit(name, net, train, valid, lr, seed):
    (dense, ids), y = train
    y = torch.from_numpy(y)

    def validate():
        q = quality(_logits(net, valid[0]), valid[1])
        return {"validLogLoss": q["logLoss"], "validAccuracy": q["accuracy"]}

    return common.fit(name, net, len(y), lambda b: torch.nn.functional.cross_entropy(net.logits(dense[b], ids[b]), y[b]),
                      validate, "validLogLoss", lr, seed, higher_is_better=False, max_epochs=30, patience=4)


def stage_train(work, seed=None):
    """Trains the network and the baseline; `seed` (default SEEDS["torch"]) seeds weight init and batch
    order, so another seed retrains the same data into another release of the model."""
    seed = SEEDS["torch"] if seed is None else seed
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    vocab = files.read_json(os.path.join(work, "vocab.json"))
    spec = files.read_json(os.path.join(work, "features.json"))
    inputs, features = spec["inputs"], spec["features"]
    splits = {}
    for s in common.SPLITS:
        recs, labels = common.load_split(work, s)
        splits[s] = (_tensors(inputs, features, vocab, recs), labels)

    torch.manual_seed(seed)
    net = new_network(inputs, features, vocab)
    net_training = _fit("network", net, splits["train"], splits["valid"], lr=2e-3, seed=seed)
    torch.manual_seed(seed)
    ids = next(s for s in inputs if s["name"] == "ids")
    baseline = network.LogisticBaseline(len(data.NUMERIC_FIELDS), _columns(features), ids["range"][1],
                                        len(data.SEGMENTS))
    base_training = _fit("logistic", baseline, splits["train"], splits["valid"], lr=1e-2, seed=seed)

    y = splits["holdout"][1]
    metrics = {"records": int(len(y)),
               "classRates": {c: round(float(np.mean(y == i)), 6) for i, c in enumerate(data.SEGMENTS)},
               "majorityClassAccuracy": round(float(np.bincount(y).max() / len(y)), 6)}
    for key, model in (("network", net), ("logisticBaseline", baseline)):
        metrics[key] = quality(_logits(model, splits["holdout"][0]), y)
    log("holdout: network accuracy %.4f log-loss %.4f | logistic accuracy %.4f log-loss %.4f" % (
        metrics["network"]["accuracy"], metrics["network"]["logLoss"],
        metrics["logisticBaseline"]["accuracy"], metrics["logisticBaseline"]["logLoss"]))
    torch.save(net.state_dict(), os.path.join(work, "network.pt"))
    files.write_json(os.path.join(work, "training.json"), {
        "metrics": {"holdout": metrics},
        "training": {"network": net_training, "logisticBaseline": base_training,
                     "records": dict(SIZES), "seeds": dict(SEEDS, torch=seed), "universeSeed": PURCHASE_SEEDS["universe"],
                     "architecture": {"embeddingDim": EMBEDDING_DIM, "hidden": HIDDEN,
                                      "embeddingWidth": EMBEDDING_WIDTH, "activation": "gelu (erf)",
                                      "normalisation": "LayerNorm over [dense, pooled embeddings]"}}})


# ---------------------------------------------------------------- export
def tap_specs():
    """The card's signature.taps, in the order forward returns them."""
    fields = [f["name"] for f in TOKEN_FIELDS]
    widths = ([EMBEDDING_DIM] * len(fields) + [len(data.NUMERIC_FIELDS) + EMBEDDING_DIM * len(fields)]
              + HIDDEN + [EMBEDDING_WIDTH])
    names = network.tap_names(fields, len(HIDDEN) + 1)
    return [{"name": n, "label": n, "dtype": "float32", "shape": [-1, w]} for n, w in zip(names, widths)]


def _export_files(net, inputs, out):
    """TorchScript and ONNX (outputs, then taps) of a network into out."""
    torch.jit.script(net).save(os.path.join(out, "segment.pt"))
    example = (torch.zeros((2, inputs[0]["shape"][1]), dtype=torch.float32),
               torch.zeros((2, inputs[1]["shape"][1]), dtype=torch.int64))
    names = [s["name"] for s in inputs]
    outputs = OUTPUTS + [t["name"] for t in tap_specs()]
    torch.onnx.export(net, example, os.path.join(out, "segment.onnx"), input_names=names, output_names=outputs,
                      dynamic_axes={n: {0: "batch"} for n in names + outputs}, opset_version=ONNX_OPSET)
    _check_onnx_ops(os.path.join(out, "segment.onnx"))


def _check_onnx_ops(path):
    try:
        import onnx
    except ImportError:
        log("export: python3-onnx is not installed; ONNX op set not checked")
        return
    ops = sorted({n.op_type for n in onnx.load(path).graph.node})
    outside = [op for op in ops if op not in ONNX_OPS]
    if outside:
        raise SystemExit("error: %s uses ONNX ops outside the converter's set: %s" % (path, ", ".join(outside)))
    log("export: ONNX ops %s" % ", ".join(ops))


def stage_export(work, zoo, version=VERSION):
    torch.set_num_threads(1)
    vocab = files.read_json(os.path.join(work, "vocab.json"))
    spec = files.read_json(os.path.join(work, "features.json"))
    training = files.read_json(os.path.join(work, "training.json"))
    inputs, features = spec["inputs"], spec["features"]
    net = new_network(inputs, features, vocab)
    net.load_state_dict(torch.load(os.path.join(work, "network.pt")))
    net.eval()
    out = model_dir(zoo, version)
    os.makedirs(out, exist_ok=True)
    _export_files(net, inputs, out)
    files.write_json(os.path.join(out, "vocab.json"), vocab)
    card = {
        "schema": common.CARD_SCHEMA,
        "model": {"groupId": GROUP_ID, "artifactId": ARTIFACT_ID, "version": version, "name": NAME,
                  "description": DESCRIPTION},
        "task": {"kind": "multiclass", "output": "logits", "scores": "logits", "classes": len(data.SEGMENTS),
                 "labels": data.SEGMENTS},
        "signature": {
            "inputs": inputs,
            "outputs": [{"name": "logits", "dtype": "float32", "shape": [-1, len(data.SEGMENTS)]},
                        {"name": "probabilities", "dtype": "float32", "shape": [-1, len(data.SEGMENTS)]},
                        {"name": "embedding", "dtype": "float32", "shape": [-1, EMBEDDING_WIDTH]}],
            "taps": tap_specs()},
        "features": features,
        "environment": common.environment(),
        "metrics": training["metrics"],
        "training": training["training"],
        "files": {"pytorch": common.card_file_entry(out, "segment.pt"),
                  "onnxruntime": common.card_file_entry(out, "segment.onnx")},
    }
    files.write_json(os.path.join(out, "model-card.json"), card)
    log("export: wrote %s" % out)
    common.convert_zoo(zoo, "%s:%s" % (GROUP_ID, ARTIFACT_ID), version, reference_dir(common.REFERENCE_ROOT),
                       lambda tmp: stage_reference(zoo, tmp, records=common.CHECK_RECORDS))


# ---------------------------------------------------------------- reference
def stage_reference(zoo, out, records=None, batch=4096):
    """Evaluation records, their encoded inputs, labels and the committed model's outputs, written by
    scripts/reference_set.py's functions, with the generator's seeds as provenance."""
    n = records or REFERENCE_RECORDS
    torch.set_num_threads(1)  # single-threaded: the committed bytes must reproduce exactly
    mdir = model_dir(zoo)
    card_path = os.path.join(mdir, "model-card.json")
    card = common.verify_card(mdir)
    vocab = files.read_json(os.path.join(mdir, card["features"]["vocabulary"]))
    t = time.time()
    recs, labels = data.generate(_universe(), n, SEEDS["reference"], SEEDS["referenceNumerics"], "eval")
    arrays = encode(card["features"], card["signature"]["inputs"], vocab, recs)
    log("reference: generated and encoded %d records (%.1fs)" % (n, time.time() - t))
    os.makedirs(out, exist_ok=True)
    records_path = os.path.join(out, "records.jsonl.gz")
    files.write_jsonl_gz(records_path, recs)
    signature = reference_set.read_card(card_path)
    inputs = reference_set.check_inputs(arrays, signature["inputs"])
    module = torch.jit.load(os.path.join(mdir, card["files"]["pytorch"]["path"]))
    specs = signature["outputs"] + signature["taps"]
    outputs = reference_set.run_model(module, inputs, [s.name for s in specs], batch=batch, output_specs=specs)
    outputs, taps = reference_set.split_taps(outputs, [s.name for s in signature["taps"]])
    log("reference: ran the model (%.1fs)" % (time.time() - t))
    producer = reference_set.producer_info(batch, 1)
    producer["torchscriptSha256"] = files.sha256(os.path.join(mdir, card["files"]["pytorch"]["path"]))
    reference_set.write_set(
        out, inputs, outputs, dict(signature["model"], modelCardSha256=signature["sha256"]), labels=labels,
        records=records_path, producer=producer, taps=taps,
        extra={"seed": SEEDS["reference"],
               "generator": {"universeSeed": PURCHASE_SEEDS["universe"], "recordSeed": SEEDS["reference"],
                             "numericSeed": SEEDS["referenceNumerics"], "idPrefix": "eval"},
               "labelNames": data.SEGMENTS, "environment": common.environment()})
    log("reference: wrote %s" % out)


def check_reference(zoo, committed):
    """Regenerates the segment reference set into a temporary folder and compares it byte for byte."""
    manifest_path = os.path.join(committed, "manifest.json")
    n = files.read_json(manifest_path)["records"] if os.path.isfile(manifest_path) else None
    return common.compare_regenerated(committed, lambda tmp: stage_reference(zoo, tmp, records=n))


# ---------------------------------------------------------------- re-export with taps
def stage_reexport(zoo, reference):
    """Re-exports the committed model's TorchScript and ONNX with its taps from its committed weights (the
    state of the committed segment.pt; no retraining), checks that its outputs stay bit-identical on the
    committed reference set's inputs, rewrites the card's signature, registers it again in place
    (`parity zoo add --force`: sha256, sizes, metadata.json, a probe under every engine) and converts the
    new ONNX file to TensorFlow and MXNet (`parity zoo convert`)."""
    torch.set_num_threads(1)
    mdir = model_dir(zoo)
    card = common.verify_card(mdir)
    vocab = files.read_json(os.path.join(mdir, card["features"]["vocabulary"]))
    old = torch.jit.load(os.path.join(mdir, card["files"]["pytorch"]["path"]))
    net = new_network(card["signature"]["inputs"], card["features"], vocab)
    net.load_state_dict(old.state_dict())
    net.eval()
    manifest = files.read_json(os.path.join(reference, "manifest.json"))
    arrays = {e["role"]: np.load(os.path.join(reference, e["path"])) for e in manifest["files"]
              if e["role"] in ("input:dense", "input:ids")}
    inputs = [arrays["input:dense"], arrays["input:ids"]]
    _export_files(net, card["signature"]["inputs"], mdir)
    differ = common.same_outputs(old, torch.jit.load(os.path.join(mdir, "segment.pt")), inputs, len(OUTPUTS))
    if differ:
        raise SystemExit("error: the re-exported segment.pt changes outputs %s; restore zoo/ from git" % differ)
    log("reexport: segment.pt outputs bit-identical on %d reference records" % len(inputs[0]))
    card["signature"]["taps"] = tap_specs()
    # The converted artifacts came from the old ONNX file: `zoo convert` writes them again.
    card["files"] = {engine: common.card_file_entry(mdir, name)
                     for engine, name in (("pytorch", "segment.pt"), ("onnxruntime", "segment.onnx"))}
    files.write_json(os.path.join(mdir, "model-card.json"), card)
    log("reexport: wrote segment.pt, segment.onnx and the card with %d taps" % len(card["signature"]["taps"]))
    register(os.path.join(mdir, "model-card.json"), zoo)
    common.convert_zoo(zoo, "%s:%s" % (GROUP_ID, ARTIFACT_ID), card["model"]["version"], reference,
                       lambda tmp: stage_reference(zoo, tmp, records=common.CHECK_RECORDS))


def register(card_path, zoo):
    """Runs the Java side's `parity zoo add --force` on a card: files, checksums, metadata.json, probes."""
    import subprocess

    launcher = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parity")
    log("running %s zoo add --force --card %s" % (launcher, card_path))
    subprocess.run([launcher, "zoo", "add", "--force", "--card", card_path, "--zoo", zoo], check=True)
