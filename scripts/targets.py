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

NATIONAL_ONLY = {"A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11", "A12", "A13", "V03",
                 "R01", "R02", "R03", "R04", "R05", "R06", "T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08",
                 "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10", "D11", "D12",
                 "G01", "G02", "G03", "G04", "G05", "G06"}
UTRECHT_ONLY = {"V01", "V02", "U09", "D13"}


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--targets", default=os.path.join(here, "..", "tests", "statistical", "targets.csv"))
    args = ap.parse_args()
    with h5py.File(args.results, "r") as f:
        g = f["outcomes/indicators"]
        ids = [text(x) for x in g["id"][()]]
        values = g["value"][()]
        districts = len(f["labels/district"])
    national = districts < 10
    sim = {}
    for i, v in zip(ids, values):
        sim.setdefault(i, []).append(v)
    print(f"{'id':4} {'simulated':>9} {'target':>7} {'tol':>5}  ok   quantity")
    for row in csv.DictReader(open(args.targets)):
        tid = row["id"]
        if tid not in sim or (national and tid in UTRECHT_ONLY) or (not national and tid in NATIONAL_ONLY):
            continue
        try:
            target, tol = float(row["value"]), float(row["tolerance"])
        except ValueError:
            continue
        s = float(np.nanmean(sim[tid]))
        ok = "yes" if abs(s - target) <= tol else "NO"
        print(f"{tid:4} {s:9.2f} {target:7.2f} {tol:5.2f}  {ok:4} {row['quantity']}")


if __name__ == "__main__":
    main()
