"""`scripts/parity model <stage>`: the Python side of Parity, one command per stage."""

import argparse
import os
import sys

from . import deps

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.path.join(ROOT, "target", "python")
ZOO = os.path.join(ROOT, "zoo")
REFERENCE = os.path.join(ROOT, "reference-outputs")


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="parity model",
        description="Python side of Parity: generate data, build mapping tables, train, export the "
                    "model into zoo/, and write the reference outputs the JVM is validated against. "
                    "Runs under Debian's /usr/bin/python3 with python3-torch and python3-numpy.")
    sub = ap.add_subparsers(dest="stage", metavar="STAGE")
    sub.required = True
    h = "working folder for generated data and checkpoints (default: target/python)"
    for name, text in [("data", "generate training, validation and holdout records (seeded)"),
                       ("vocab", "build the mapping tables from the training records"),
                       ("train", "train the network and the logistic baseline; report holdout AUC and recall"),
                       ("export", "write TorchScript, ONNX, weights, vocabulary, model card and metadata into zoo/")]:
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("--work", default=WORK, help=h)
        if name == "export":
            s.add_argument("--zoo", default=ZOO, help="zoo folder (default: zoo/)")
    r = sub.add_parser("reference", help="write reference outputs from the model in zoo/",
                       description="Generate the evaluation records (separate seed), the Python indices and "
                                   "outputs of the committed model, and a manifest.")
    r.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    r.add_argument("--out", default=None, help="output folder (default: reference-outputs/)")
    r.add_argument("--records", type=int, default=None,
                   help="number of records (default: the preset's 100,000); a larger set, e.g. the "
                        "seed's 440000, must go outside the repository with --out")
    r.add_argument("--check", action="store_true",
                   help="regenerate into a temporary folder and compare byte for byte with reference-outputs/; "
                        "exit 1 when any file differs")
    a = sub.add_parser("all", help="data, vocab, train, export and reference in one go")
    a.add_argument("--work", default=WORK, help=h)
    g = sub.add_parser("large", help="generate the large preset (seeded weights, no training) outside the repo",
                       description="Large preset: vocabularies up to 10^6, embedding dim 64, hidden 512-256-128. "
                                   "Weights come from a seed; exported through the same path, with its own "
                                   "reference set. Never committed.")
    g.add_argument("--out", default=os.path.join(ROOT, "target", "presets", "large"),
                   help="output folder (default: target/presets/large)")
    g.add_argument("--records", type=int, default=None, help="reference records (default 2000)")
    b = sub.add_parser("baseline", help="time the Python pre-processing + TorchScript model (the bench baseline)",
                       description="The Python baseline of `parity bench`: raw records -> FeatureSpec.indices -> "
                                   "TorchScript model, batched, per torch thread count; full path and model only. "
                                   "Prints JSON.")
    b.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    b.add_argument("--records", default=os.path.join(REFERENCE, "records.jsonl.gz"),
                   help="raw records, JSONL(.gz) (default: reference-outputs/records.jsonl.gz)")
    b.add_argument("--threads", default="1,2", help="torch.set_num_threads values, comma-separated")
    b.add_argument("--batches", default="64,1024,4096", help="batch sizes, comma-separated")
    b.add_argument("--seconds", type=float, default=2.0, help="timed seconds per setting")
    b.add_argument("--max-records", type=int, default=100000, help="records read from the file at most")
    b.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="torch device")
    b.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args(argv)

    deps.require()
    from . import pipeline

    if args.stage == "data":
        pipeline.stage_data(args.work)
    elif args.stage == "vocab":
        pipeline.stage_vocab(args.work)
    elif args.stage == "train":
        pipeline.stage_train(args.work)
    elif args.stage == "export":
        pipeline.stage_export(args.work, args.zoo)
    elif args.stage == "reference":
        if args.records is not None and args.records < 1:
            ap.error("--records must be at least 1")
        if args.check:
            return pipeline.check_reference(args.zoo, REFERENCE)
        out = args.out or REFERENCE
        if os.path.abspath(out) == REFERENCE and args.records not in (None, 100000):
            ap.error("reference-outputs/ holds the committed 100,000-record set; write other sizes with --out DIR")
        pipeline.stage_reference(args.zoo, out, records=args.records)
    elif args.stage == "all":
        pipeline.stage_data(args.work)
        pipeline.stage_vocab(args.work)
        pipeline.stage_train(args.work)
        pipeline.stage_export(args.work, ZOO)
        pipeline.stage_reference(ZOO, REFERENCE)
    elif args.stage == "baseline":
        from . import baseline
        return baseline.main(args)
    elif args.stage == "large":
        pipeline.stage_large(args.out, records=args.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
