#!/usr/bin/env python3
"""Compare a pathways results file with the published figures in targets.csv.

    scripts/targets.py output/baseline_nl.h5 [--targets tests/statistical/targets.csv]

The simulator stores, per replicate, every targets.csv figure its configuration can speak to in
/outcomes/indicators (id, value, denominator). This prints each one's mean over replicates next
to the published value and tolerance. Which figures apply depends on the run: the national
advice tables need double advices, R01-R04 the old end test, R05-R06 the doorstroomtoets, and
T, D and G describe older cohorts (scenarios/nl_old_cohorts.toml). Reads the file with plain
h5py, the way a user would.
"""
import argparse
import csv
import os
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    sys.exit(f"targets.py needs h5py and numpy ({e}); on Debian: apt-get install python3-h5py python3-numpy "
             "and run it with /usr/bin/python3")

def applicable(tid, params, national):
    """Whether a figure describes a run of this configuration (data/README.md, docs/calibration.md)."""
    regime = params.get("selection.test_regime", "").strip('"')
    shift = float(params.get("selection.advice_level_shift", "0"))
    double = params.get("selection.double_advice") == "true"
    if tid in UTRECHT_ONLY:
        return not national
    if not national:
        return False
    if tid[0] in "TGM" or tid.startswith("D"):
        return regime == "end_test" and shift < 0  # the older cohorts (scenarios/nl_old_cohorts.toml)
    if tid in ("R05", "R06"):
        return regime == "doorstroomtoets"
    if tid in ("R07", "R08", "R09", "R10"):  # the groep-8 cohort of 2015/16
        return regime == "end_test" and shift < 0
    if tid.startswith("R"):
        return regime == "end_test" and shift == 0
    if tid.startswith("A"):  # A01-A09 2018/19 first advices; A10-A13 2020/21 definitive, old end test
        return shift == 0 and (double if tid < "A10" else regime == "end_test")
    return True


UTRECHT_ONLY = {"V01", "V02", "U09", "D13"}


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--targets", default=os.path.join(here, "..", "tests", "statistical", "targets.csv"))
    args = ap.parse_args()
    if not os.path.isfile(args.results):
        sys.exit(f"targets.py: {args.results}: {'is a folder' if os.path.isdir(args.results) else 'no such file'}")
    with open(args.results, "rb") as fh:
        if fh.read(8) != b"\x89HDF\r\n\x1a\n":
            sys.exit(f"targets.py: {args.results}: not an HDF5 file, so not a pathways results file")
    try:
        with h5py.File(args.results, "r") as f:
            g = f["outcomes/indicators"]
            ids = [text(x) for x in g["id"][()]]
            values = g["value"][()]
            districts = len(f["labels/district"])
            pg = f["provenance/parameters"]
            params = dict(zip((text(k) for k in pg["key"][()]), (text(v) for v in pg["value"][()])))
    except (OSError, KeyError, ValueError, TypeError, IndexError) as e:
        sys.exit(f"targets.py: {args.results}: cannot read it as a pathways results file: the file is truncated, "
                 f"damaged or of another kind ({str(e).splitlines()[0] if str(e) else type(e).__name__})")
    try:
        rows = list(csv.DictReader(open(args.targets, encoding="utf-8")))
        for row in rows:
            row["id"], row["value"], row["tolerance"], row["quantity"]  # noqa: B018  (the columns used below)
    except (OSError, UnicodeDecodeError, csv.Error, KeyError, TypeError) as e:
        sys.exit(f"targets.py: {args.targets}: not a targets table with columns id, value, tolerance, quantity ({e})")
    national = districts < 10
    sim = {}
    for i, v in zip(ids, values):
        sim.setdefault(i, []).append(v)
    print(f"{args.results}: figures of targets.csv this configuration speaks to")
    print(f"{'id':10} {'simulated':>9} {'target':>7} {'tol':>5}  ok   quantity")
    for tid, s, target, tol, quantity in compared(rows, sim, params, national):
        ok = "yes" if abs(s - target) <= tol else "NO"
        print(f"{tid:10} {s:9.2f} {target:7.2f} {tol:5.2f}  {ok:4} {quantity}")


def compared(rows, sim, params, national):
    """(id, simulated mean over replicates, published, tolerance, quantity) for every figure of
    the targets rows that this run's configuration speaks to."""
    for row in rows:
        for tid, target, tol, quantity in parts(row):
            if tid in sim and applicable(row["id"], params, national):
                yield tid, float(np.nanmean(sim[tid])), target, tol, quantity


def parts(row):
    """A row's figures: one, or for a value of several parts ("3.7 / 3.1") one per part, named as
    the quantity names them after its colon ("...: lower / higher (...)"): M01.lower, M01.higher."""
    try:
        tol = float(row["tolerance"])
        values = [float(v) for v in row["value"].split("/")]
    except ValueError:
        return []
    if len(values) == 1:
        return [(row["id"], values[0], tol, row["quantity"])]
    # the parts follow the last colon before any remark in brackets; a part is named by its first
    # word ("none yet" is the indicator's "none")
    names = row["quantity"].split(" (")[0].rsplit(": ", 1)[-1]
    names = [n.strip().split()[0] for n in names.split("/")]
    if len(names) != len(values):
        return []
    return [(f"{row['id']}.{n}", v, tol, f"{row['quantity'].split(':')[0]}: {n}") for n, v in zip(names, values)]

if __name__ == "__main__":
    main()
