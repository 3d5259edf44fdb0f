#!/usr/bin/env python3
"""Print docs/calibration.md's result table: the four configurations of "Which configuration
speaks to which figure", run with seed 20240101, against targets.csv.

    /usr/bin/python3 scripts/calibration_table.py [--pathways build/pathways] > table.md
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from targets import compared  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
CONFIGURATIONS = [
    ("scenarios/baseline_nl.toml", ["selection.test_regime=end_test"], 1, True),
    ("scenarios/baseline_nl.toml", [], 1, True),
    ("scenarios/nl_old_cohorts.toml", [], 1, True),
    ("scenarios/baseline.toml", [], 5, False),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pathways", default=os.path.join(ROOT, "build", "pathways"))
    args = ap.parse_args()
    rows = list(csv.DictReader(open(os.path.join(ROOT, "tests", "statistical", "targets.csv"), encoding="utf-8")))
    print("| id | simulated | published | tolerance | inside | figure |")
    print("|---|---:|---:|---:|:-:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (scenario, sets, replicates, national) in enumerate(CONFIGURATIONS):
            out = os.path.join(tmp, f"{k}.h5")
            cmd = [args.pathways, "run", os.path.join(ROOT, scenario), "--seed", "20240101", "--replicates",
                   str(replicates), "--quiet", "--out", out]
            for s in sets:
                cmd += ["--set", s]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            with h5py.File(out, "r") as f:
                g = f["outcomes/indicators"]
                sim = {}
                for i, v in zip(g["id"][()], g["value"][()]):
                    sim.setdefault(i.decode() if isinstance(i, bytes) else i, []).append(v)
                pg = f["provenance/parameters"]
                text = lambda x: x.decode() if isinstance(x, bytes) else str(x)  # noqa: E731
                params = dict(zip((text(x) for x in pg["key"][()]), (text(x) for x in pg["value"][()])))
            for tid, s, target, tol, quantity in compared(rows, sim, params, national):
                inside = "yes" if abs(s - target) <= tol else "**no**"
                print(f"| {tid} | {s:.2f} | {target:.2f} | {tol:.2f} | {inside} | {quantity} |")


if __name__ == "__main__":
    main()
