"""Byte-reproducible writers for the formats Parity exchanges with the JVM.

Every writer here produces the same bytes for the same content: gzip without a
timestamp, zip entries with a fixed date, JSON with a fixed layout. The
reference outputs are checked byte for byte in CI, so nothing may depend on the
clock or the file system.
"""

import gzip
import json
import os
import zipfile

import numpy as np

# The standalone reference writer owns the .npy, JSON and checksum rules; this package uses them too.
import reference_set

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


sha256 = reference_set.sha256_of
write_json = reference_set.write_json


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


_npy_bytes = reference_set.npy_bytes


def write_npy(path, array):
    with open(path, "wb") as f:
        f.write(_npy_bytes(array))


def write_npz(path, arrays, compress):
    """Writes named arrays as an .npz (a zip of .npy files) with fixed entry dates."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w") as z:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(name + ".npy", date_time=FIXED_ZIP_DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            if compress:
                z.writestr(info, _npy_bytes(array), compresslevel=9)
            else:
                z.writestr(info, _npy_bytes(array))


def read_npz(path):
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def write_jsonl_gz(path, records):
    """One JSON object per line, UTF-8, gzip level 9, no name or time in the header."""
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            for rec in records:
                gz.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                gz.write(b"\n")


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def model_folder(zoo, group_id, artifact_id, version):
    """A model version's folder in DJL's repository layout: <zoo>/model/tabular/<groupId as path>/<artifactId>/<version>."""
    return os.path.join(zoo, "model", "tabular", *group_id.split("."), artifact_id, version)


def file_entry(directory, name, **extra):
    path = os.path.join(directory, name)
    entry = {"path": name}
    entry.update(extra)
    entry["sha256"] = sha256(path)
    entry["size"] = os.path.getsize(path)
    return entry
