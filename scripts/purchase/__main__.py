"""`scripts/parity model <stage>`: the Python side of Parity, one command per stage."""

import argparse
import os
import sys

from . import deps

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ZOO = os.path.join(ROOT, "zoo")
REFERENCE_ROOT = os.path.join(ROOT, "reference-outputs")
# The models this package trains, exports and writes reference sets for: name -> (work folder,
# committed reference set under reference-outputs/<groupId>/<artifactId>/).
MODELS = {
    "purchase": (os.path.join(ROOT, "target", "python"), os.path.join(REFERENCE_ROOT, "dev.parity", "purchase")),
    "segment": (os.path.join(ROOT, "target", "python-segment"), os.path.join(REFERENCE_ROOT, "dev.parity", "segment")),
}
REFERENCE = MODELS["purchase"][1]


def _model_option(parser, default="purchase", default_text="purchase"):
    parser.add_argument("--model", choices=sorted(MODELS), default=default,
                        help="which model: purchase (binary, the seed story's model) or segment (five classes, "
                             "numeric and categorical fields) (default: %s)" % default_text)


def _pipeline(model):
    if model == "segment":
        from segment import pipeline
    else:
        from . import pipeline
    return pipeline


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="parity model",
        description="Python side of Parity: generate data, build mapping tables, train, export a model into "
                    "zoo/, and write the reference outputs the JVM is validated against, for the purchase model "
                    "(default) or the segment model (--model segment). Runs under Debian's /usr/bin/python3 "
                    "with python3-torch and python3-numpy.")
    sub = ap.add_subparsers(dest="stage", metavar="STAGE")
    sub.required = True
    h = "working folder for generated data and checkpoints (default: target/python, target/python-segment)"
    for name, text in [("data", "generate training, validation and holdout records (seeded)"),
                       ("vocab", "build the mapping tables (and the segment model's numeric statistics) from "
                                 "the training records"),
                       ("train", "train the network and the logistic baseline; report holdout quality "
                                 "(purchase: AUC and recall; segment: accuracy and log-loss)"),
                       ("export", "write TorchScript, ONNX, vocabulary and the v2 model card into zoo/, then run "
                                  "`parity zoo convert` (TensorFlow and MXNet from the ONNX file)")]:
        s = sub.add_parser(name, help=text, description=text)
        _model_option(s)
        s.add_argument("--work", default=None, help=h)
        if name == "export":
            s.add_argument("--zoo", default=ZOO, help="zoo folder (default: zoo/)")
            s.add_argument("--version", default=None,
                           help="segment only: the version to export as (default: the committed 1.0.0), e.g. a "
                                "release retrained with train --seed")
        if name == "train":
            s.add_argument("--seed", type=int, default=None,
                           help="segment only: the torch seed (weight init and batch order; default: the "
                                "committed model's), to retrain the same data into another release")
    r = sub.add_parser("reference", help="write a reference set (manifest v2) from the model in zoo/",
                       description="Generate the evaluation records (separate seed), the Python pre-processing "
                                   "and outputs of the committed model, and a manifest "
                                   "(parity.reference-manifest/2), into reference-outputs/<groupId>/<artifactId>/.")
    _model_option(r, default=None, default_text="purchase; with --check, every model")
    r.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    r.add_argument("--out", default=None,
                   help="output folder (default: reference-outputs/dev.parity/<model>/)")
    r.add_argument("--records", type=int, default=None,
                   help="number of records (default: purchase 100,000, segment 20,000); another size, e.g. the "
                        "seed's 440000, must go outside the repository with --out")
    r.add_argument("--check", action="store_true",
                   help="regenerate into a temporary folder and compare byte for byte with the committed set: "
                        "every model's set, or the one --model names; exit 1 when any file differs")
    c = sub.add_parser("card", help="rewrite the committed purchase model's card as v2 from the files next to it",
                       description="Rewrites zoo/.../purchase/1.0.0/model-card.json as parity.model-card/2 "
                                   "(docs/model-card.md) from the committed vocabulary and model files, keeping its "
                                   "architecture, metrics, training and environment sections. Writes nothing else: "
                                   "the model files and vocab.json keep their bytes.")
    c.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    x = sub.add_parser("reexport", help="re-export the committed model's TorchScript and ONNX with its taps, from "
                                        "its committed weights",
                       description="Rebuilds the committed model from its committed weights (no retraining), "
                                   "re-exports TorchScript and ONNX so that they also return the taps (embedding "
                                   "means, hidden layers, logits; docs/model-card.md), checks that the existing "
                                   "outputs stay bit-identical on the committed reference set's inputs, rewrites "
                                   "the card's signature and registers the files again (segment: zoo add --force), then "
                                   "converts the new ONNX file with zoo convert (TensorFlow and MXNet, taps "
                                   "included). Then regenerate the reference set with "
                                   "`scripts/parity model reference --model X`.")
    _model_option(x)
    x.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    a = sub.add_parser("all", help="data, vocab, train, export and reference in one go")
    _model_option(a)
    a.add_argument("--work", default=None, help=h)
    g = sub.add_parser("large", help="generate the purchase model's large preset (seeded weights, no training) "
                                     "outside the repo",
                       description="Large preset: vocabularies up to 10^6, embedding dim 64, hidden 512-256-128. "
                                   "Weights come from a seed; exported through the same path, with its own "
                                   "reference set. Never committed.")
    g.add_argument("--out", default=os.path.join(ROOT, "target", "presets", "large"),
                   help="output folder (default: target/presets/large)")
    g.add_argument("--records", type=int, default=None, help="reference records (default 2000)")
    b = sub.add_parser("baseline", help="time the Python pre-processing + purchase TorchScript model (the bench "
                                        "baseline)",
                       description="The Python baseline of `parity bench`: raw records -> FeatureSpec.indices -> "
                                   "TorchScript model, batched, per torch thread count; full path and model only. "
                                   "Prints JSON.")
    b.add_argument("--zoo", default=ZOO, help="zoo folder holding the model (default: zoo/)")
    b.add_argument("--records", default=os.path.join(REFERENCE, "records.jsonl.gz"),
                   help="raw records, JSONL(.gz) (default: reference-outputs/dev.parity/purchase/records.jsonl.gz)")
    b.add_argument("--threads", default="1,2", help="torch.set_num_threads values, comma-separated")
    b.add_argument("--batches", default="64,1024,4096", help="batch sizes, comma-separated")
    b.add_argument("--seconds", type=float, default=2.0, help="timed seconds per setting")
    b.add_argument("--max-records", type=int, default=100000, help="records read from the file at most")
    b.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="torch device")
    b.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args(argv)

    deps.require()

    if args.stage in ("data", "vocab", "train", "export", "all"):
        work = args.work or MODELS[args.model][0]
        pipeline = _pipeline(args.model)
        if args.stage in ("data", "all"):
            pipeline.stage_data(work)
        if args.stage in ("vocab", "all"):
            pipeline.stage_vocab(work)
        seed, version = getattr(args, "seed", None), getattr(args, "version", None)
        if (seed is not None or version is not None) and args.model != "segment":
            ap.error("--seed and --version apply to --model segment only")
        if args.stage in ("train", "all"):
            pipeline.stage_train(work, **({} if seed is None else {"seed": seed}))
        if args.stage in ("export", "all"):
            pipeline.stage_export(work, getattr(args, "zoo", ZOO), **({} if version is None else {"version": version}))
        if args.stage == "all":
            pipeline.stage_reference(ZOO, MODELS[args.model][1])
    elif args.stage == "reference":
        return _reference(ap, args)
    elif args.stage == "reexport":
        _pipeline(args.model).stage_reexport(args.zoo, MODELS[args.model][1])
    elif args.stage == "card":
        from . import pipeline
        pipeline.stage_card(args.zoo)
    elif args.stage == "baseline":
        from . import baseline
        return baseline.main(args)
    elif args.stage == "large":
        from . import pipeline
        pipeline.stage_large(args.out, records=args.records)
    return 0


def _reference(ap, args):
    if args.records is not None and args.records < 1:
        ap.error("--records must be at least 1")
    if args.check:
        if args.out or args.records:
            ap.error("--check compares with the committed sets; it takes no --out or --records")
        failed = 0
        for name in [args.model] if args.model else sorted(MODELS):
            print("%s: %s" % (name, os.path.relpath(MODELS[name][1], ROOT)))
            failed |= _pipeline(name).check_reference(args.zoo, MODELS[name][1])
        return failed
    model = args.model or "purchase"
    committed = MODELS[model][1]
    out = args.out or committed
    if os.path.abspath(out) == committed and args.records is not None:
        ap.error("%s holds the committed set; write other sizes with --out DIR" % os.path.relpath(committed, ROOT))
    _pipeline(model).stage_reference(args.zoo, out, records=args.records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
