#!/usr/bin/env python3
"""Writes a reference set (schema `parity.reference-manifest/2`) from a TorchScript model.

Runs the model over input `.npy` files and writes, into one folder, `input-<name>.npy`,
`output-<name>.npy`, `tap-<name>.npy` for the taps a model card lists (intermediate tensors the
model returns after its outputs; the first `--tap-records` records only), optionally `labels.npy`
and the raw records, and a `manifest.json` listing
every file with its role, dtype, shape, sha256 and size (docs/reference-set.md in Parity).
`parity validate --reference DIR` compares a JVM run against such a folder.

Standalone on purpose: argparse, torch and numpy only, nothing of Parity imported, so a team can
copy this file into its own pipeline.

    python3 reference_set.py --model model.pt --card model-card.json \\
        --input dense=dense.npy --input ids=ids.npy --labels labels.npy --out my-reference

Without a model card (`parity.model-card/2`), name the outputs in the order the model returns
them and the model's coordinates:

    python3 reference_set.py --model model.pt --input x=x.npy \\
        --outputs logits,embedding --model-id acme:churn:1.0.0 --out my-reference

The same bytes come out for the same inputs: single-threaded torch by default (`--threads 1`),
`.npy` written with a fixed header, JSON with a fixed layout, records copied as they are.
From Python: `read_card`, `model_coordinates`, `run_model` and `write_set`.
"""

import argparse
import collections
import gzip
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sys

import numpy as np
import torch

SCHEMA = "parity.reference-manifest/2"
CARD_SCHEMA = "parity.model-card/2"
TOOL = "reference_set.py"
# Taps are kept for the first records only: they are wide, and one changed layer shows in every record.
TAP_RECORDS = 2048
DTYPES = ("float32", "float64", "int32", "int64", "uint8", "int8", "bool")
# Names become file names (input-<name>.npy): keep them to characters every file system takes.
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_COORDINATE = re.compile(r"^[A-Za-z0-9_.-]+$")

Tensor = collections.namedtuple("Tensor", "name dtype shape range", defaults=(None,))


class ReferenceSetError(Exception):
    """Bad input: the message says what was expected, what was found and what to do."""


# ---------------------------------------------------------------- model card
def read_card(path):
    """The parts of a v2 model card a reference set needs.

    Returns a dict: `model` (groupId, artifactId, version), `inputs`, `outputs` and `taps` (lists of
    Tensor in signature order; taps empty when the card lists none) and `sha256` (of the card
    file's bytes).
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
        card = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as e:
        raise ReferenceSetError("cannot read the model card %s: %s" % (path, e)) from None
    if not isinstance(card, dict) or card.get("schema") != CARD_SCHEMA:
        found = card.get("schema") if isinstance(card, dict) else type(card).__name__
        raise ReferenceSetError("%s: expected a model card with schema %s, found %r; write a v2 card "
                                "(docs/model-card.md) or use --outputs and --model-id instead of --card"
                                % (path, CARD_SCHEMA, found))
    model = card.get("model") or {}
    coords = {}
    for key in ("groupId", "artifactId", "version"):
        if not isinstance(model.get(key), str) or not model[key]:
            raise ReferenceSetError("%s: model.%s is missing; a v2 card names groupId, artifactId and version"
                                    % (path, key))
        coords[key] = model[key]
    signature = card.get("signature") or {}
    lists = {}
    for side in ("inputs", "outputs"):
        items = signature.get(side)
        if not isinstance(items, list) or not items:
            raise ReferenceSetError("%s: signature.%s must be a non-empty list" % (path, side))
        lists[side] = [_tensor_spec(path, side, item) for item in items]
    taps = signature.get("taps", [])
    if not isinstance(taps, list):
        raise ReferenceSetError("%s: signature.taps must be a list" % path)
    lists["taps"] = [_tensor_spec(path, "taps", item) for item in taps]
    return {"model": coords, "inputs": lists["inputs"], "outputs": lists["outputs"], "taps": lists["taps"],
            "sha256": hashlib.sha256(raw).hexdigest()}


def _tensor_spec(path, side, item):
    where = "%s: signature.%s" % (path, side)
    if not isinstance(item, dict):
        raise ReferenceSetError("%s: expected objects {name, dtype, shape}, found %r" % (where, item))
    name, dtype, shape = item.get("name"), item.get("dtype"), item.get("shape")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ReferenceSetError("%s: name %r must be letters, digits, '_', '.' or '-'" % (where, name))
    if dtype not in DTYPES:
        raise ReferenceSetError("%s: %s has dtype %r; expected one of %s" % (where, name, dtype, ", ".join(DTYPES)))
    if (not isinstance(shape, list) or not shape or shape[0] != -1
            or any(not isinstance(d, int) or d < 1 for d in shape[1:])):
        raise ReferenceSetError("%s: %s has shape %r; expected [-1, fixed sizes >= 1...]" % (where, name, shape))
    rng = item.get("range")
    if rng is not None and (not isinstance(rng, list) or len(rng) != 2):
        raise ReferenceSetError("%s: %s has range %r; expected [low, high]" % (where, name, rng))
    return Tensor(name, dtype, list(shape), rng)


def model_coordinates(text):
    """`groupId:artifactId:version` -> {"groupId", "artifactId", "version"}."""
    parts = text.split(":")
    if len(parts) != 3 or not all(_COORDINATE.match(p) for p in parts):
        raise ReferenceSetError("--model-id %r: expected groupId:artifactId:version, e.g. acme:churn:1.0.0" % text)
    return {"groupId": parts[0], "artifactId": parts[1], "version": parts[2]}


# ---------------------------------------------------------------- running the model
def check_inputs(arrays, specs):
    """Checks named input arrays against the card's signature inputs; returns them in signature order."""
    names = [s.name for s in specs]
    if sorted(arrays) != sorted(names):
        raise ReferenceSetError("the card's signature inputs are %s; given %s; pass one --input NAME=FILE.npy "
                                "per signature input" % (", ".join(names), ", ".join(sorted(arrays)) or "none"))
    ordered = []
    for s in specs:
        a = arrays[s.name]
        if a.dtype.name != s.dtype:
            raise ReferenceSetError("input %r: the file holds %s, the card says %s; convert it (numpy: "
                                    "a.astype(np.%s))" % (s.name, a.dtype.name, s.dtype, s.dtype))
        if a.ndim != len(s.shape) or list(a.shape[1:]) != s.shape[1:]:
            raise ReferenceSetError("input %r: the file has shape %s, the card says %s"
                                    % (s.name, list(a.shape), s.shape))
        if s.range is not None and a.size:
            low, high = s.range
            lo, hi = int(a.min()), int(a.max())
            if lo < low or hi >= high:
                raise ReferenceSetError("input %r: ids run from %d to %d, the card's range is [%d, %d) "
                                        "(low <= id < high)" % (s.name, lo, hi, low, high))
        ordered.append((s.name, a))
    return ordered


def run_model(module, inputs, output_names, batch=4096, output_specs=None):
    """Runs a TorchScript module over inputs, batch by batch, and returns its outputs as numpy arrays.

    inputs: (name, array) pairs in the order the module takes them (positionally).
    output_names: the outputs' names, in the order of a returned tuple.
    output_specs: optional Tensor list (the card's signature outputs): every returned tensor is
    checked against its dtype and shape.
    Returns an ordered dict name -> array, in output_names order.
    """
    if batch < 1:
        raise ReferenceSetError("--batch must be at least 1, got %d" % batch)
    n = _records(inputs)
    specs = {s.name: s for s in (output_specs or [])}
    parts = collections.OrderedDict((name, []) for name in output_names)
    module.eval()
    with torch.no_grad():
        for start in range(0, n, batch):
            args = [torch.from_numpy(np.ascontiguousarray(a[start:start + batch])) for _, a in inputs]
            named = _named_outputs(module(*args), output_names)
            rows = args[0].shape[0]
            for name in output_names:
                value = named[name].detach().cpu().numpy()
                if name in specs:
                    _check_output(specs[name], value, rows)
                elif value.ndim == 0 or value.shape[0] != rows:
                    raise ReferenceSetError("output %r: the model returned shape %s for a batch of %d records; "
                                            "expected one row per record" % (name, list(value.shape), rows))
                parts[name].append(value)
    return collections.OrderedDict((name, np.concatenate(p) if p else np.zeros((0,))) for name, p in parts.items())


def _records(inputs):
    if not inputs:
        raise ReferenceSetError("no inputs: pass at least one --input NAME=FILE.npy")
    counts = {name: a.shape[0] if a.ndim else None for name, a in inputs}
    if len(set(counts.values())) != 1 or None in counts.values():
        raise ReferenceSetError("inputs must all hold the same number of records (first dimension); found %s"
                                % ", ".join("%s %s" % kv for kv in counts.items()))
    return next(iter(counts.values()))


def _flatten(result):
    # Nested tuples and lists in order, as DJL flattens a TorchScript result (outputs, then taps).
    out = []
    for item in result:
        if isinstance(item, (tuple, list)):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


def _named_outputs(result, names):
    if isinstance(result, torch.Tensor):
        result = (result,)
    if isinstance(result, (tuple, list)):
        result = _flatten(result)
    if isinstance(result, dict):
        if sorted(result) != sorted(names):
            raise ReferenceSetError("the model returned a dict with keys %s; expected the outputs %s"
                                    % (", ".join(sorted(result)), ", ".join(names)))
        values = result
    elif isinstance(result, (tuple, list)):
        if len(result) != len(names):
            raise ReferenceSetError("the model returned %d tensors; expected %d outputs (%s)"
                                    % (len(result), len(names), ", ".join(names)))
        values = dict(zip(names, result))
    else:
        raise ReferenceSetError("the model returned %s; expected a tensor, a tuple of tensors or a dict of "
                                "tensors keyed by output name" % type(result).__name__)
    for name, value in values.items():
        if not isinstance(value, torch.Tensor):
            raise ReferenceSetError("output %r is a %s, not a tensor" % (name, type(value).__name__))
    return values


def _check_output(spec, value, rows):
    if value.dtype.name != spec.dtype:
        raise ReferenceSetError("output %r: the model returned dtype %s, the card says %s"
                                % (spec.name, value.dtype.name, spec.dtype))
    expected = [rows] + spec.shape[1:]
    if list(value.shape) != expected:
        raise ReferenceSetError("output %r: the model returned shape %s for a batch of %d records, the card "
                                "says %s (that is %s)" % (spec.name, list(value.shape), rows, spec.shape, expected))


# ---------------------------------------------------------------- writing the set
def write_set(out, inputs, outputs, model, labels=None, records=None, producer=None, extra=None, taps=None):
    """Writes the arrays, the records and manifest.json into `out`; returns the manifest.

    inputs, outputs: (name, array) pairs or ordered dicts, in signature order. taps: optional
    (name, array) pairs in the card's tap order, each holding the first k <= records records.
    model: {"groupId", "artifactId", "version"} and optionally "modelCardSha256".
    labels: optional array, one label per record. records: optional path of a .jsonl or
    .jsonl.gz file, copied as it is. producer: free-form (what wrote the set). extra: further
    free-form top-level keys (seed, generator, environment, ...).
    """
    inputs = list(inputs.items()) if isinstance(inputs, dict) else list(inputs)
    outputs = list(outputs.items()) if isinstance(outputs, dict) else list(outputs)
    n = _records(inputs)
    for name, a in outputs:
        if a.ndim == 0 or a.shape[0] != n:
            raise ReferenceSetError("output %r has shape %s; expected %d records first" % (name, list(a.shape), n))
    taps = list(taps.items()) if isinstance(taps, dict) else list(taps or [])
    for name, a in taps:
        if a.ndim == 0 or not 1 <= a.shape[0] <= n:
            raise ReferenceSetError("tap %r has shape %s; expected 1 to %d records first" % (name, list(a.shape), n))
    for name, _ in inputs + outputs + taps:
        if not _NAME.match(name):
            raise ReferenceSetError("name %r must be letters, digits, '_', '.' or '-' (it becomes a file name)" % name)
    if labels is not None and (labels.ndim != 1 or labels.shape[0] != n):
        raise ReferenceSetError("labels have shape %s; expected [%d], one label per record" % (list(labels.shape), n))
    for key in ("groupId", "artifactId", "version"):
        if not model.get(key):
            raise ReferenceSetError("the manifest's model needs %s" % key)
    os.makedirs(out, exist_ok=True)
    entries = []
    if records is not None:
        entries.append(_copy_records(records, out, n))
    for name, a in inputs:
        entries.append(_write_array(out, "input-%s.npy" % name, "input:" + name, a))
    if labels is not None:
        entries.append(_write_array(out, "labels.npy", "labels", labels))
    for name, a in outputs:
        entries.append(_write_array(out, "output-%s.npy" % name, "output:" + name, a))
    for name, a in taps:
        entries.append(_write_array(out, "tap-%s.npy" % name, "tap:" + name, a))
    manifest = collections.OrderedDict([("schema", SCHEMA), ("records", int(n)), ("model", dict(model))])
    if producer is not None:
        manifest["producer"] = producer
    for key, value in (extra or {}).items():
        if key in ("schema", "records", "model", "producer", "files"):
            raise ReferenceSetError("extra manifest key %r would replace a defined key" % key)
        manifest[key] = value
    manifest["files"] = entries
    write_json(os.path.join(out, "manifest.json"), manifest)
    return manifest


def split_taps(results, tap_names, tap_records=None):
    """Splits run_model's results into outputs and taps, the taps cut to the first tap_records records.

    Returns (outputs, taps), each an ordered dict name -> array.
    """
    tap_records = TAP_RECORDS if tap_records is None else tap_records
    outputs = collections.OrderedDict((k, v) for k, v in results.items() if k not in tap_names)
    taps = collections.OrderedDict((k, np.ascontiguousarray(results[k][:tap_records])) for k in tap_names)
    return outputs, taps


def producer_info(batch, threads):
    """What wrote the set: this tool, the runtime and its settings."""
    return collections.OrderedDict([
        ("tool", TOOL), ("runtime", "torch %s (TorchScript)" % torch.__version__), ("threads", threads),
        ("batch", batch), ("python", platform.python_version()), ("numpy", np.__version__)])


def npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_array(out, name, role, array):
    data = npy_bytes(array)
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    return collections.OrderedDict([
        ("path", name), ("role", role), ("dtype", array.dtype.name), ("shape", [int(d) for d in array.shape]),
        ("sha256", hashlib.sha256(data).hexdigest()), ("size", len(data))])


def _copy_records(src, out, n):
    gz = src.endswith(".gz")
    if not (src.endswith(".jsonl") or src.endswith(".jsonl.gz")):
        raise ReferenceSetError("--records %s: expected a .jsonl or .jsonl.gz file" % src)
    opener = gzip.open if gz else open
    try:
        with opener(src, "rb") as f:
            count = sum(1 for line in f if line.strip())
    except OSError as e:
        raise ReferenceSetError("cannot read the records %s: %s" % (src, e)) from None
    if count != n:
        raise ReferenceSetError("--records %s holds %d records (non-blank lines); the inputs hold %d"
                                % (src, count, n))
    name = "records.jsonl.gz" if gz else "records.jsonl"
    dest = os.path.join(out, name)
    if not (os.path.exists(dest) and os.path.samefile(src, dest)):
        shutil.copyfile(src, dest)
    return collections.OrderedDict([
        ("path", name), ("role", "records"), ("dtype", "jsonl"), ("shape", [n]),
        ("sha256", sha256_of(dest)), ("size", os.path.getsize(dest))])


# ---------------------------------------------------------------- command line
def _load_npy(flag, text):
    try:
        return np.load(text, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise ReferenceSetError("%s %s: cannot read it as .npy: %s" % (flag, text, e)) from None


def _parse_inputs(items):
    arrays = collections.OrderedDict()
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise ReferenceSetError("--input %r: expected NAME=FILE.npy" % item)
        if name in arrays:
            raise ReferenceSetError("--input %s is given twice" % name)
        arrays[name] = _load_npy("--input", path)
    return arrays


def build_parser():
    ap = argparse.ArgumentParser(
        prog="reference_set.py",
        description="Run a TorchScript model over input .npy files and write a reference set "
                    "(manifest schema %s) that `parity validate --reference DIR` compares a JVM run with. "
                    "Needs torch and numpy only." % SCHEMA)
    ap.add_argument("--model", required=True, help="TorchScript file (torch.jit.save)")
    ap.add_argument("--input", action="append", default=[], metavar="NAME=FILE.npy",
                    help="one per model input; with --card, every signature input by name (fed in signature "
                         "order); without, in the order the model takes them")
    ap.add_argument("--card", help="model card (parity.model-card/2): input order, output names, dtypes and "
                                   "shapes (checked), the model's coordinates; its sha256 goes into the manifest")
    ap.add_argument("--outputs", help="without --card: the output names, comma-separated, in the order the "
                                      "model returns them")
    ap.add_argument("--model-id", help="without --card: groupId:artifactId:version of the model")
    ap.add_argument("--labels", help="labels .npy, one per record (0/1, class ids or targets)")
    ap.add_argument("--records", help="the raw records the inputs were made from (.jsonl or .jsonl.gz); "
                                      "copied into the set")
    ap.add_argument("--out", required=True, help="folder to write the set into (created when missing)")
    ap.add_argument("--batch", type=int, default=4096, help="records per model call (default 4096)")
    ap.add_argument("--tap-records", type=int, default=TAP_RECORDS,
                    help="with a card that lists taps: keep them for the first N records (default %d; taps are "
                         "wide, and localising a difference needs few records)" % TAP_RECORDS)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (default 1: the same bytes on every run and machine)")
    return ap


def main(argv=None):
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        return _run(ap, args)
    except ReferenceSetError as e:
        sys.stderr.write("error: %s\n" % e)
        return 2


def _run(ap, args):
    if args.card and (args.outputs or args.model_id):
        ap.error("give either --card or --outputs with --model-id, not both")
    if not args.card and not (args.outputs and args.model_id):
        ap.error("without --card, give --outputs NAME,... and --model-id GROUP:ARTIFACT:VERSION")
    if args.threads < 1:
        ap.error("--threads must be at least 1")
    if args.tap_records < 1:
        ap.error("--tap-records must be at least 1")
    arrays = _parse_inputs(args.input)
    if args.card:
        card = read_card(args.card)
        inputs = check_inputs(arrays, card["inputs"])
        output_specs = card["outputs"] + card["taps"]
        names = [s.name for s in output_specs]
        tap_names = [s.name for s in card["taps"]]
        model = dict(card["model"], modelCardSha256=card["sha256"])
    else:
        inputs = list(arrays.items())
        names = [t.strip() for t in args.outputs.split(",") if t.strip()]
        if len(set(names)) != len(names):
            raise ReferenceSetError("--outputs %s names an output twice" % args.outputs)
        output_specs = None
        tap_names = []
        model = model_coordinates(args.model_id)
    labels = _load_npy("--labels", args.labels) if args.labels else None
    torch.set_num_threads(args.threads)
    try:
        module = torch.jit.load(args.model, map_location="cpu")
    except (RuntimeError, ValueError, OSError) as e:
        raise ReferenceSetError("cannot load %s as TorchScript: %s" % (args.model, str(e).splitlines()[0])) from None
    outputs = run_model(module, inputs, names, batch=args.batch, output_specs=output_specs)
    outputs, taps = split_taps(outputs, tap_names, args.tap_records)
    manifest = write_set(args.out, inputs, outputs, model, labels=labels, records=args.records,
                         producer=producer_info(args.batch, args.threads), taps=taps)
    print("wrote %d files and manifest.json (%d records) to %s" % (len(manifest["files"]), manifest["records"],
                                                                  args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
