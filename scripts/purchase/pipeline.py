"""The Python stages: data, vocab, train, export, reference, and the large preset."""

import collections
import os
import platform
import shutil
import sys
import tempfile
import time

import numpy as np
import torch

import reference_set

from . import files, generator, network, quality
from .features import FIRST_TOKEN, OOV, PAD, FeatureSpec, card_normalisation, tokens_of
from .presets import ARTIFACT_ID, FIELDS, GROUP_ID, PRECISION_TARGET, PRESETS, SEEDS, VERSION

SPLITS = ["train", "valid", "holdout"]


def log(msg):
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


def environment():
    return {"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__}


def model_dir(zoo):
    return files.model_folder(zoo, GROUP_ID, ARTIFACT_ID, VERSION)


# ---------------------------------------------------------------- data
def stage_data(work, preset="small"):
    p = PRESETS[preset]
    universe = generator.Universe(p["universe"], SEEDS["universe"])
    n = {s: p[s + "_records"] for s in SPLITS}
    t = time.time()
    records, labels = generator.generate(universe, sum(n.values()), SEEDS["train"], "train")
    write_splits(work, records, labels, n)
    log("data: done in %.1fs" % (time.time() - t))


def write_splits(work, records, labels, sizes):
    """Writes consecutive slices of records and labels as <split>.jsonl.gz and <split>-labels.npy."""
    os.makedirs(work, exist_ok=True)
    start = 0
    for s in SPLITS:
        end = start + sizes[s]
        files.write_jsonl_gz(os.path.join(work, s + ".jsonl.gz"), records[start:end])
        files.write_npy(os.path.join(work, s + "-labels.npy"), labels[start:end])
        log("data: %s %d records, records per label %s" % (s, sizes[s], np.bincount(labels[start:end]).tolist()))
        start = end


def load_split(work, split):
    recs = list(files.read_jsonl(os.path.join(work, split + ".jsonl.gz")))
    labels = np.load(os.path.join(work, split + "-labels.npy"))
    return recs, labels


# ---------------------------------------------------------------- vocab
def stage_vocab(work, preset="small"):
    p = PRESETS[preset]
    recs, _ = load_split(work, "train")
    files.write_json(os.path.join(work, "vocab.json"), build_vocab(recs, [f["name"] for f in FIELDS], p["min_count"]))


def build_vocab(recs, names, min_count):
    """Per field the normalised tokens seen at least min_count times, most frequent first (ties by token)."""
    vocab = {}
    for name in names:
        counts = collections.Counter()
        for r in recs:
            counts.update(tokens_of(r.get(name)))
        kept = [t for t, c in counts.items() if c >= min_count]
        kept.sort(key=lambda t: (-counts[t], t))
        vocab[name] = kept
        log("vocab: %s %d distinct, %d kept (min count %d)" % (name, len(counts), len(kept), min_count))
    return vocab


# ---------------------------------------------------------------- train
def _tensors(spec, recs):
    idx = spec.indices(recs)
    return [torch.from_numpy(idx[f["name"]].astype(np.int64)) for f in FIELDS]


def _scores(net, xs, batch=8192):
    net.eval()
    out = []
    with torch.no_grad():
        for i in range(0, xs[0].shape[0], batch):
            out.append(net(*[x[i:i + batch] for x in xs])[0])
    return torch.cat(out).numpy()


def fit(name, net, n, batch_loss, validate, monitor, lr, seed, higher_is_better=True, max_epochs=40, patience=15,
        batch=1024, weight_decay=1e-5):
    """Adam over n training rows in seeded random batches, early stopping on one validation figure.

    batch_loss(rows) -> the loss of those rows (a LongTensor of indices); validate() -> {figure: value},
    monitor names the figure that decides. Restores the best epoch's weights; returns the training record.
    """
    torch.manual_seed(seed)
    # L2 on every weight: without it the per-token embeddings memorise rare tokens.
    opt = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=weight_decay)
    best, best_epoch, best_state, since = None, 0, None, 0
    history = []
    for epoch in range(1, max_epochs + 1):
        t = time.time()
        net.train()
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, batch):
            b = perm[i:i + batch]
            loss = batch_loss(b)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * b.shape[0]
        figures = validate()
        history.append(dict({"epoch": epoch, "trainLoss": round(total / n, 6)},
                            **{k: round(v, 6) for k, v in figures.items()}))
        log("train %s: epoch %2d loss %.4f %s (%.1fs)" % (
            name, epoch, total / n, " ".join("%s %.4f" % kv for kv in figures.items()), time.time() - t))
        v = figures[monitor]
        if best is None or (v > best if higher_is_better else v < best):
            best, best_epoch, since = v, epoch, 0
            best_state = {k: t.clone() for k, t in net.state_dict().items()}
        else:
            since += 1
            if since >= patience:
                log("train %s: early stop, no improvement for %d epochs" % (name, patience))
                break
    net.load_state_dict(best_state)
    return {"epochsRun": len(history), "bestEpoch": best_epoch, "best" + monitor[0].upper() + monitor[1:]: round(best, 6),
            "maxEpochs": max_epochs, "earlyStoppingPatience": patience, "optimizer": "Adam",
            "learningRate": lr, "weightDecay": weight_decay, "batchSize": batch, "history": history}


def _fit(name, net, train_x, train_y, valid_x, valid_y, lr=2e-3):
    loss_fn = torch.nn.BCEWithLogitsLoss()
    y = torch.from_numpy(train_y.astype(np.float32))

    def batch_loss(b):
        return loss_fn(net.output(net.hidden(*[x[b] for x in train_x])).squeeze(-1), y[b])

    return fit(name, net, y.shape[0], batch_loss, lambda: {"validAuc": quality.auc(valid_y, _scores(net, valid_x))},
               "validAuc", lr, SEEDS["torch"])


def stage_train(work, preset="small"):
    p = PRESETS[preset]
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    vocab = files.read_json(os.path.join(work, "vocab.json"))
    spec = FeatureSpec(FIELDS, vocab)
    data = {s: load_split(work, s) for s in SPLITS}
    xs = {s: _tensors(spec, data[s][0]) for s in SPLITS}
    ys = {s: data[s][1] for s in SPLITS}
    sizes = [spec.vocab_size(f["name"]) for f in FIELDS]

    torch.manual_seed(SEEDS["torch"])
    net = network.PurchaseNet(sizes, p["embedding_dim"], p["hidden"])
    net_training = _fit("network", net, xs["train"], ys["train"], xs["valid"], ys["valid"])
    torch.manual_seed(SEEDS["torch"])
    # Logistic regression over the same bags: a one-wide embedding per field is a
    # weight per token, its masked mean the bag's averaged one-hot features.
    baseline = network.PurchaseNet(sizes, 1, [])
    base_training = _fit("logistic", baseline, xs["train"], ys["train"], xs["valid"], ys["valid"], lr=1e-2)

    metrics = {"records": int(len(ys["holdout"])), "positiveRate": round(float(ys["holdout"].mean()), 6),
               "precisionTarget": PRECISION_TARGET}
    for key, model in (("network", net), ("logisticBaseline", baseline)):
        s = _scores(model, xs["holdout"])
        metrics[key] = {"auc": round(quality.auc(ys["holdout"], s), 6),
                        "recallAtPrecision": round(quality.recall_at_precision(ys["holdout"], s, PRECISION_TARGET), 6)}
    log("holdout: network AUC %.4f recall@P%.2f %.4f | logistic AUC %.4f recall %.4f" % (
        metrics["network"]["auc"], PRECISION_TARGET, metrics["network"]["recallAtPrecision"],
        metrics["logisticBaseline"]["auc"], metrics["logisticBaseline"]["recallAtPrecision"]))
    torch.save(net.state_dict(), os.path.join(work, "network.pt"))
    files.write_json(os.path.join(work, "training.json"), {
        "preset": preset, "metrics": {"holdout": metrics},
        "training": {"network": net_training, "logisticBaseline": base_training,
                     "records": {s: int(len(ys[s])) for s in SPLITS}, "seeds": SEEDS}})


# ---------------------------------------------------------------- export
def _example_inputs(batch=2):
    return tuple(torch.zeros((batch, f["length"]), dtype=torch.int64) for f in FIELDS)


CARD_SCHEMA = "parity.model-card/2"
CARD_V1 = "parity.model-card/1"
MANIFEST_SCHEMA = "parity.reference-manifest/2"
MODEL_NAME = "Purchase propensity"
MODEL_DESCRIPTION = ("Binary classification: will this user buy a car (purchase propensity). Per-field "
                     "embeddings, masked mean, feed-forward network, sigmoid.")
ONNX_OPSET = 13
# The engine files `parity zoo convert` writes from the ONNX file (docs/onnx-op-set.md): path in
# the version folder and, for MXNet, the DJL block factory that runs the converted graph.
CONVERTED = {"tensorflow": ("tensorflow/saved_model.pb", None),
             "mxnet": ("mxnet/graph.json", "dev.parity.graph.GraphBlockFactory")}


def _architecture(p):
    """The network's layout, for the benchmarks' roofline cost model (no engine reads it)."""
    return {
        "embeddingDim": p["embedding_dim"], "pooling": "masked-mean", "hidden": p["hidden"],
        "activation": "relu", "output": "sigmoid", "inputs": [f["name"] for f in FIELDS],
        "outputs": ["probability", "hidden"],
        "outputShapes": {"probability": "[batch]", "hidden": "[batch, %d]" % p["hidden"][-1]},
        "formula": "pooled_f = sum_j E_f[x_fj] * (x_fj > 0) / max(1, count(x_f > 0)); "
                   "h = relu(dense_i(...concat(pooled)...)); probability = sigmoid(output(h))",
    }


def purchase_card(vocab, out_dir, preset, architecture, environment, records, converted=None):
    """The purchase model's v2 card (docs/model-card.md) for the files already in out_dir.

    records: the free-form sections (`metrics`, `training`) kept as they are; converted: the
    card's `files` entries of the artifacts the Java side wrote (`parity zoo convert`), if any.
    """
    spec = FeatureSpec(FIELDS, vocab)
    hidden = architecture["hidden"][-1]
    card = {
        "schema": CARD_SCHEMA,
        "model": {"groupId": GROUP_ID, "artifactId": ARTIFACT_ID, "version": VERSION, "name": MODEL_NAME,
                  "description": MODEL_DESCRIPTION, "preset": preset},
        "task": {"kind": "binary", "output": "probability", "threshold": 0.5, "precisionTarget": PRECISION_TARGET},
        "signature": {
            "inputs": [{"name": f["name"], "dtype": "int64", "shape": [-1, f["length"]],
                        "range": [0, spec.vocab_size(f["name"])]} for f in FIELDS],
            "outputs": [{"name": "probability", "dtype": "float32", "shape": [-1]},
                        {"name": "hidden", "dtype": "float32", "shape": [-1, hidden]}],
            "taps": network.tap_specs([f["name"] for f in FIELDS], architecture["embeddingDim"],
                                      architecture["hidden"])},
        "features": {
            "fields": spec.card_fields(),
            "vocabulary": "vocab.json",
            "paddingIndex": PAD, "oovIndex": OOV, "firstTokenIndex": FIRST_TOKEN,
            "normalisation": card_normalisation(),
        },
        "architecture": architecture,
        "environment": environment,
    }
    card.update({k: v for k, v in records.items() if v is not None})
    entries = {"pytorch": card_file_entry(out_dir, "purchase.pt"), "onnxruntime": card_file_entry(out_dir, "purchase.onnx")}
    entries.update(converted or {})
    card["files"] = entries
    return card


def card_file_entry(directory, name):
    """A v2 card's `files` entry: path, sha256 and size of a file in directory."""
    path = os.path.join(directory, name)
    return {"path": name, "sha256": files.sha256(path), "size": os.path.getsize(path)}


def converted_entries(mdir, old_files):
    """The `files` entries of the artifacts `parity zoo convert` wrote: as the old card lists them,
    else found on disk (a version 1 card)."""
    out = {}
    for engine, (path, factory) in CONVERTED.items():
        entry = old_files.get(engine) if isinstance(old_files, dict) else None
        if entry is None and os.path.exists(os.path.join(mdir, path)):
            entry = card_file_entry(mdir, path)
            if factory is not None:
                entry["blockFactory"] = factory
        if entry is not None:
            out[engine] = entry
    return out


def export_model(net, vocab, out_dir, preset, extra_card):
    """Writes TorchScript, ONNX, vocabulary and the model card into out_dir; `parity zoo convert`
    adds the TensorFlow and MXNet artifacts from the ONNX file."""
    p = PRESETS[preset]
    os.makedirs(out_dir, exist_ok=True)
    net.eval()
    scripted = torch.jit.script(net)
    scripted.save(os.path.join(out_dir, "purchase.pt"))
    names = [f["name"] for f in FIELDS]
    # The taps come after the outputs, in the card's order (torch flattens the returned list).
    outputs = ["probability", "hidden"] + network.tap_names(names, p["hidden"])
    dyn = {n: {0: "batch"} for n in names + outputs}
    torch.onnx.export(net, _example_inputs(), os.path.join(out_dir, "purchase.onnx"), input_names=names,
                      output_names=outputs, dynamic_axes=dyn, opset_version=ONNX_OPSET)
    files.write_json(os.path.join(out_dir, "vocab.json"), vocab)
    card = purchase_card(vocab, out_dir, preset, _architecture(p), environment(), extra_card)
    files.write_json(os.path.join(out_dir, "model-card.json"), card)


def stage_card(zoo):
    """Rewrites the committed model's card as v2 from the files next to it; writes nothing else.

    Keeps the card's architecture, environment, metrics and training as they are (no retraining,
    no re-export): the model files' bytes, and so every engine's outputs, stay the same.
    """
    mdir = model_dir(zoo)
    path = os.path.join(mdir, "model-card.json")
    old = files.read_json(path)
    if old.get("schema") not in (CARD_V1, CARD_SCHEMA):
        raise SystemExit("error: %s has schema %r; expected %s or %s" % (path, old.get("schema"), CARD_V1, CARD_SCHEMA))
    for key in ("architecture", "environment"):
        if key not in old:
            raise SystemExit("error: %s has no %r section to keep; re-export with `scripts/parity model export`"
                             % (path, key))
    converted = converted_entries(mdir, old.get("files"))
    verify_card(mdir, old)
    vocab = files.read_json(os.path.join(mdir, "vocab.json"))
    # The architecture documents the network for the cost model; engines run the converted files.
    architecture = {k: v for k, v in old["architecture"].items() if k != "weights"}
    card = purchase_card(vocab, mdir, old["model"].get("preset", "small"), architecture, old["environment"],
                         {"metrics": old.get("metrics"), "training": old.get("training")}, converted=converted)
    files.write_json(path, card)
    log("card: wrote %s (%s, sha256 %s)" % (path, CARD_SCHEMA, files.sha256(path)))


def same_outputs(old, new, inputs, count, batch=4096):
    """Runs two TorchScript modules over the same inputs; the names of the first `count` outputs that
    differ in any bit (the new module may return more: its taps)."""
    differ = set()
    with torch.no_grad():
        for i in range(0, inputs[0].shape[0], batch):
            xs = [torch.from_numpy(np.ascontiguousarray(a[i:i + batch])) for a in inputs]
            a, b = reference_set._flatten(old(*xs)), reference_set._flatten(new(*xs))
            for k in range(count):
                if not np.array_equal(a[k].numpy(), b[k].numpy()):
                    differ.add(k)
    return sorted(differ)


def stage_reexport(zoo, reference):
    """Re-exports the committed model's TorchScript and ONNX files with its taps, from the committed
    TorchScript's weights (no retraining), checks that its outputs stay bit-identical on the reference
    set's inputs, rewrites the card (signature.taps) and runs `parity zoo convert` (TensorFlow and MXNet
    artifacts, metadata)."""
    torch.set_num_threads(1)
    mdir = model_dir(zoo)
    old_card = verify_card(mdir)
    architecture = {k: v for k, v in old_card["architecture"].items() if k != "weights"}
    old = torch.jit.load(os.path.join(mdir, "purchase.pt"))
    sizes = [s["range"][1] for s in old_card["signature"]["inputs"]]
    net = network.PurchaseNet(sizes, architecture["embeddingDim"], architecture["hidden"])
    net.load_state_dict(old.state_dict())
    net.eval()
    inputs = [files.read_npz(os.path.join(reference, "indices-%s.npz" % f["name"]))[f["name"]].astype(np.int64)
              for f in FIELDS]
    scripted = torch.jit.script(net)
    scripted.save(os.path.join(mdir, "purchase.pt"))
    differ = same_outputs(old, torch.jit.load(os.path.join(mdir, "purchase.pt")), inputs, 2)
    if differ:
        raise SystemExit("error: the re-exported purchase.pt changes outputs %s; restore zoo/ from git" % differ)
    log("reexport: purchase.pt outputs bit-identical on %d reference records" % inputs[0].shape[0])
    names = [f["name"] for f in FIELDS]
    outputs = ["probability", "hidden"] + network.tap_names(names, architecture["hidden"])
    torch.onnx.export(net, _example_inputs(), os.path.join(mdir, "purchase.onnx"), input_names=names,
                      output_names=outputs, dynamic_axes={n: {0: "batch"} for n in names + outputs},
                      opset_version=ONNX_OPSET)
    vocab = files.read_json(os.path.join(mdir, "vocab.json"))
    # The converted artifacts are written again from the new ONNX file by `parity zoo convert`.
    card = purchase_card(vocab, mdir, old_card["model"].get("preset", "small"), architecture,
                         old_card["environment"], {"metrics": old_card.get("metrics"),
                                                   "training": old_card.get("training")})
    files.write_json(os.path.join(mdir, "model-card.json"), card)
    log("reexport: wrote purchase.pt, purchase.onnx and the card with %d taps" % len(card["signature"]["taps"]))
    _convert(zoo, reference, old_card["model"].get("preset", "small"))


def convert_zoo(zoo, model, version, reference, make_reference):
    """Runs the Java side's `parity zoo convert`: TensorFlow and MXNet artifacts from the ONNX file,
    each checked against ONNX Runtime on the model's reference set before the card and metadata.json
    list them. reference: the model's committed set; when it does not exist yet, make_reference(dir)
    writes a temporary one from the exported model to check on."""
    import subprocess

    launcher = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parity")
    command = [launcher, "zoo", "convert", "--zoo", zoo, "--model", model, "--model-version", version]
    if os.path.isfile(os.path.join(reference, "manifest.json")):
        log("export: running %s" % " ".join(command + ["--reference", reference]))
        subprocess.run(command + ["--reference", reference], check=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        log("export: %s holds no reference set yet; checking on a temporary one" % reference)
        make_reference(tmp)
        subprocess.run(command + ["--reference", tmp], check=True)


def reference_folder(root):
    """The model's reference set under a reference-outputs folder: <root>/<groupId>/<artifactId>."""
    return os.path.join(root, GROUP_ID, ARTIFACT_ID)


# The checkout's committed reference sets, one folder per model.
REFERENCE_ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                              "reference-outputs")
# Records in a temporary reference set made only to check a conversion.
CHECK_RECORDS = 2000


def _convert(zoo, reference, preset):
    convert_zoo(zoo, "%s:%s" % (GROUP_ID, ARTIFACT_ID), VERSION, reference,
                lambda tmp: stage_reference(zoo, tmp, records=CHECK_RECORDS, preset=preset))


def stage_export(work, zoo, preset="small"):
    p = PRESETS[preset]
    vocab = files.read_json(os.path.join(work, "vocab.json"))
    spec = FeatureSpec(FIELDS, vocab)
    net = network.PurchaseNet([spec.vocab_size(f["name"]) for f in FIELDS], p["embedding_dim"], p["hidden"])
    net.load_state_dict(torch.load(os.path.join(work, "network.pt")))
    training = files.read_json(os.path.join(work, "training.json"))
    mdir = model_dir(zoo)
    export_model(net, vocab, mdir, preset, {"metrics": training["metrics"], "training": training["training"]})
    log("export: wrote %s" % mdir)
    _convert(zoo, reference_folder(REFERENCE_ROOT), preset)


# ---------------------------------------------------------------- reference
def _card_files(card):
    """(path, sha256 or None) of every file a v1 or v2 card lists."""
    listed = card["files"]
    if isinstance(listed, list):  # v1: [{"path", "sha256", ...}]
        return [(e["path"], e["sha256"]) for e in listed]
    out = []
    for entry in listed.values():
        if isinstance(entry, str):
            out.append((entry, None))
        else:
            out.append((entry["path"], entry.get("sha256")))
    return out


def verify_card(mdir, card=None):
    card = card or files.read_json(os.path.join(mdir, "model-card.json"))
    for name, expected in _card_files(card):
        path = os.path.join(mdir, name)
        if not os.path.exists(path):
            raise SystemExit("error: %s is listed in the model card but missing; run `scripts/parity model export`." % path)
        got = files.sha256(path)
        if expected is not None and got != expected:
            raise SystemExit("error: %s has sha256 %s, the model card says %s; restore it from git or re-export."
                             % (path, got, expected))
    return card


def stage_reference(zoo, out, records=None, preset="small", batch=4096):
    """Evaluation records, Python indices and outputs from the model in `zoo`, with a manifest."""
    p = PRESETS[preset]
    n = records or p["reference_records"]
    torch.set_num_threads(1)  # single-threaded: the committed bytes must reproduce exactly
    mdir = model_dir(zoo)
    card = verify_card(mdir)
    vocab = files.read_json(os.path.join(mdir, "vocab.json"))
    spec = FeatureSpec(FIELDS, vocab)
    model = torch.jit.load(os.path.join(mdir, "purchase.pt"))
    model.eval()
    universe = generator.Universe(p["universe"], SEEDS["universe"])
    t = time.time()
    recs, labels = generator.generate(universe, n, SEEDS["reference"], "eval")
    log("reference: generated %d records (%.1fs)" % (n, time.time() - t))
    idx = spec.indices(recs)
    tap_names = [t["name"] for t in card["signature"].get("taps", [])]
    probs, hidden = [], []
    taps = {name: [] for name in tap_names}
    with torch.no_grad():
        for i in range(0, n, batch):
            pr, h, tapped = model(*[torch.from_numpy(idx[f["name"]][i:i + batch].astype(np.int64)) for f in FIELDS])
            probs.append(pr.numpy())
            hidden.append(h.numpy())
            if i < reference_set.TAP_RECORDS:
                for name, value in zip(tap_names, tapped):
                    taps[name].append(value.numpy())
    probs = np.concatenate(probs).astype(np.float32)
    hidden = np.concatenate(hidden).astype(np.float32)
    taps = {name: np.ascontiguousarray(np.concatenate(parts)[:reference_set.TAP_RECORDS]).astype(np.float32)
            for name, parts in taps.items()}
    log("reference: ran the model (%.1fs)" % (time.time() - t))

    os.makedirs(out, exist_ok=True)
    entries = []
    files.write_jsonl_gz(os.path.join(out, "records.jsonl.gz"), recs)
    entries.append(files.file_entry(out, "records.jsonl.gz", role="records", shape=[n], dtype="jsonl",
                                    description="raw records, one JSON object per line, gzip"))
    files.write_npy(os.path.join(out, "labels.npy"), labels)
    entries.append(files.file_entry(out, "labels.npy", role="labels", shape=[n], dtype="uint8"))
    for f in FIELDS:
        name = "indices-%s.npz" % f["name"]
        files.write_npz(os.path.join(out, name), {f["name"]: idx[f["name"]]}, compress=True)
        entries.append(files.file_entry(out, name, role="indices:" + f["name"], shape=[n, f["length"]],
                                        dtype="int32", description="Python pre-processing ids; npz holding one array"))
    files.write_npy(os.path.join(out, "probability.npy"), probs)
    entries.append(files.file_entry(out, "probability.npy", role="output:probability", shape=[n], dtype="float32"))
    files.write_npy(os.path.join(out, "hidden.npy"), hidden)
    entries.append(files.file_entry(out, "hidden.npy", role="output:hidden", shape=list(hidden.shape),
                                    dtype="float32", description="last hidden layer (after ReLU)"))
    for name, value in taps.items():
        path = "tap-%s.npy" % name
        files.write_npy(os.path.join(out, path), value)
        entries.append(files.file_entry(out, path, role="tap:" + name, shape=list(value.shape), dtype="float32",
                                        description="the first %d records only" % value.shape[0]))
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "records": n,
        "model": {"groupId": card["model"]["groupId"], "artifactId": card["model"]["artifactId"],
                  "version": card["model"]["version"],
                  "modelCardSha256": files.sha256(os.path.join(mdir, "model-card.json"))},
        "producer": {"tool": "scripts/parity model reference", "runtime": "torch.jit (TorchScript)", "threads": 1,
                     "batch": batch, "torchscriptSha256": files.sha256(os.path.join(mdir, "purchase.pt"))},
        "seed": SEEDS["reference"],
        "preset": preset,
        "generator": {"universeSeed": SEEDS["universe"], "recordSeed": SEEDS["reference"], "idPrefix": "eval"},
        "environment": environment(),
        "files": entries,
    }
    files.write_json(os.path.join(out, "manifest.json"), manifest)
    log("reference: wrote %d files to %s" % (len(entries) + 1, out))


def check_reference(zoo, committed):
    """Regenerates the purchase reference set into a temporary folder and compares it byte for byte."""
    manifest = files.read_json(os.path.join(committed, "manifest.json"))
    return compare_regenerated(committed, lambda tmp: stage_reference(
        zoo, tmp, records=manifest["records"], preset=manifest.get("preset", "small")))


def compare_regenerated(committed, write):
    """Runs write(tmp) and compares every file in tmp with `committed` byte for byte; 0 when all match, else 1."""
    if not os.path.isfile(os.path.join(committed, "manifest.json")):
        print("reference check FAILED: %s holds no manifest.json" % committed)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp)
        names = sorted(set(os.listdir(tmp)) | set(os.listdir(committed)))
        bad = []
        for name in names:
            a, b = os.path.join(tmp, name), os.path.join(committed, name)
            if not (os.path.exists(a) and os.path.exists(b)):
                bad.append((name, "present on one side only"))
            elif files.sha256(a) != files.sha256(b):
                bad.append((name, "content differs"))
            else:
                print("  same  %s" % name)
        for name, why in bad:
            print("  DIFF  %s: %s" % (name, why))
        if bad:
            print("reference check FAILED: %d of %d files differ from %s" % (len(bad), len(names), committed))
            return 1
        print("reference check passed: %d files in %s reproduce byte for byte" % (len(names), committed))
        return 0


# ---------------------------------------------------------------- large preset
def stage_large(out, records=None):
    """Large preset: seeded weights (no training), same export path, its own small reference set."""
    p = PRESETS["large"]
    universe = generator.Universe(p["universe"], SEEDS["universe"])
    vocab = {f["name"]: universe.names[f["name"]][: p["vocab_cap"][f["name"]]] for f in FIELDS}
    spec = FeatureSpec(FIELDS, vocab)
    torch.manual_seed(SEEDS["large_weights"])
    net = network.PurchaseNet([spec.vocab_size(f["name"]) for f in FIELDS], p["embedding_dim"], p["hidden"])
    zoo = os.path.join(out, "zoo")
    if os.path.exists(zoo):
        shutil.rmtree(zoo)
    t = time.time()
    export_model(net, vocab, model_dir(zoo), "large", {"metrics": None, "training": {
        "note": "not trained: throughput does not depend on the weights", "seed": SEEDS["large_weights"]}})
    reference = reference_folder(os.path.join(out, "reference-outputs"))
    if os.path.exists(reference):
        shutil.rmtree(reference)  # made from an earlier large model
    _convert(zoo, reference, "large")
    log("large: exported in %.1fs to %s" % (time.time() - t, zoo))
    stage_reference(zoo, reference, records=records, preset="large")
