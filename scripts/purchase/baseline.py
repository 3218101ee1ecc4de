"""The Python baseline of `parity bench`: the same work the JVM does, written the plain Python way.

Full path: raw records (dicts from the reference JSONL.gz) -> `FeatureSpec.indices` (the
pre-processing of `features.py`, which the JVM reproduces exactly) -> int64 tensors -> the
TorchScript model in the zoo -> probabilities as numpy. Model only: the same, with every batch
encoded once before timing. One result per (path, threads, batch); threads go to
`torch.set_num_threads(n)` (pre-processing is single-threaded Python either way).

The result also says what the numbers depend on: the BLAS library torch actually loaded (read
from /proc/self/maps: Debian's torch links libblas.so.3, which the alternatives system points at
the reference BLAS or OpenBLAS), torch's thread defaults and the thread environment variables,
and the full `torch.__config__.show()` and `parallel_info()` text.

Prints one JSON object on stdout (schema `parity.python-baseline/1`); progress goes to stderr.
"""

import json
import os
import platform
import sys
import time

import numpy as np
import torch

from . import files
from .features import FeatureSpec

SCHEMA = "parity.python-baseline/1"


def _model_dir(zoo):
    base = os.path.join(zoo, "model", "tabular", "dev", "parity", "purchase")
    versions = sorted(d for d in os.listdir(base) if os.path.isfile(os.path.join(base, d, "model-card.json")))
    if not versions:
        raise SystemExit("error: no model-card.json under %s" % base)
    return os.path.join(base, versions[-1])


def _tiled(records, n):
    """At least n records, repeating the file's records in order when it holds fewer."""
    if len(records) >= n:
        return records
    return [records[i % len(records)] for i in range(n)]


def _batches(records, batch):
    return [records[i:i + batch] for i in range(0, len(records) - batch + 1, batch)]


def _timed(step, items, seconds):
    """Runs step over items round-robin (one warm-up call first) for about `seconds`; records/s."""
    step(items[0])
    done, calls, start = 0, 0, time.perf_counter()
    while True:
        done += step(items[calls % len(items)])
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, calls, elapsed


THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _loaded_blas():
    """The BLAS and LAPACK libraries mapped into this process, resolved, after one matrix product."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    found = set()
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if path.startswith("/") and ("blas" in name or "lapack" in name or "mkl" in name):
                    found.add(os.path.realpath(path))
    except OSError:
        return []
    return sorted(found)


def _blas_name(libraries):
    text = " ".join(libraries).lower()
    if "openblas" in text:
        return "OpenBLAS"
    if "mkl" in text:
        return "MKL"
    if "/blas/libblas" in text:
        return "reference BLAS (netlib)"
    return "unknown" if libraries else "none loaded"


def torch_settings():
    """What the baseline's speed depends on besides the code: BLAS, threads, torch's build."""
    libraries = _loaded_blas()
    return {
        "blas": {"name": _blas_name(libraries), "libraries": libraries},
        "threading": {
            "torchNumThreadsDefault": torch.get_num_threads(),
            "torchNumInteropThreads": torch.get_num_interop_threads(),
            "cpuCount": os.cpu_count(),
            "environment": {v: os.environ.get(v) for v in THREAD_VARIABLES},
            "threadsPerResult": "torch.set_num_threads(threads) before each row",
        },
        "torchConfig": torch.__config__.show(),
        "parallelInfo": torch.__config__.parallel_info(),
    }


def run(zoo, records_file, threads, batches, seconds, device, max_records):
    mdir = _model_dir(zoo)
    card = files.read_json(os.path.join(mdir, "model-card.json"))
    fields = card["features"]["fields"]
    spec = FeatureSpec(fields, files.read_json(os.path.join(mdir, "vocab.json")))
    names = [f["name"] for f in fields]
    out = {
        "schema": SCHEMA,
        "device": device,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "model": os.path.join(mdir, "purchase.pt"),
        "records": records_file,
        "seconds": seconds,
        "results": [],
    }
    out.update(torch_settings())
    if device == "cuda" and not torch.cuda.is_available():
        out["skipped"] = "torch.cuda.is_available() is false: no CUDA device or no CUDA build of torch"
        return out
    dev = torch.device(device)
    model = torch.jit.load(os.path.join(mdir, "purchase.pt"), map_location=dev)
    model.eval()
    records = []
    for rec in files.read_jsonl(records_file):
        records.append(rec)
        if len(records) >= max_records:
            break
    sys.stderr.write("baseline: %d records from %s\n" % (len(records), records_file))

    def tensors(recs):
        idx = spec.indices(recs)
        return [torch.from_numpy(idx[n].astype(np.int64)).to(dev) for n in names]

    def predict(xs):
        probability = model(*xs)[0]
        return probability.cpu().numpy()

    with torch.no_grad():
        for batch in batches:
            recs = _batches(_tiled(records, batch), batch)
            # Model only: a few batches encoded up front, enough to rotate through.
            encoded = [tensors(b) for b in recs[: max(1, min(len(recs), 16384 // batch))]]
            for n in threads:
                torch.set_num_threads(n)
                for path, step, items in [
                    ("full", lambda b: len(predict(tensors(b))), recs),
                    ("model", lambda xs: len(predict(xs)), encoded),
                ]:
                    rate, calls, elapsed = _timed(step, items, seconds)
                    out["results"].append({
                        "path": path, "threads": n, "batch": batch, "recordsPerSecond": rate,
                        "calls": calls, "seconds": elapsed,
                    })
                    sys.stderr.write("baseline: %-5s threads %d batch %5d: %.0f records/s\n"
                                     % (path, n, batch, rate))
    return out


def main(args):
    out = run(args.zoo, args.records, _ints(args.threads), _ints(args.batches), args.seconds,
              args.device, args.max_records)
    text = json.dumps(out, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(text)
    return 0


def _ints(text):
    return [int(t) for t in str(text).split(",") if t.strip()]
