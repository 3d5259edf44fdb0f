#!/usr/bin/env python3
"""Print docs/calibration.md's result table: the five configurations of "Which configuration
speaks to which figure", run with seed 20240101, each against the figures it speaks to.

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
# (configuration as docs/calibration.md names it, scenario, --set overrides, replicates, national
# run, the figures it speaks to: id prefixes)
CONFIGURATIONS = [
    ("NL 2018/19, old end test", "scenarios/baseline_nl.toml", ["selection.test_regime=end_test"], 1, True,
     ("A", "R01", "R02", "R04")),
    ("NL 2023/24, doorstroomtoets", "scenarios/baseline_nl.toml", [], 1, True, ("R05", "R06", "V03", "Y01")),
    ("NL cohorts advised 2011-2016", "scenarios/nl_old_cohorts.toml", [], 1, True, ("T", "D", "G", "M")),
    ("NL groep 8 of 2015/16", "scenarios/nl_old_cohorts.toml", ["selection.test_shift_end_test=-0.25"], 1, True,
     ("R07", "R08", "R09", "R10")),
    ("Utrecht today", "scenarios/baseline.toml", [], 5, False, ("V01", "V02", "U09")),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pathways", default=os.path.join(ROOT, "build", "pathways"))
    args = ap.parse_args()
    rows = list(csv.DictReader(open(os.path.join(ROOT, "tests", "statistical", "targets.csv"), encoding="utf-8")))
    print("| id | simulated | published | tolerance | inside | figure | configuration |")
    print("|---|---:|---:|---:|:-:|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (label, scenario, sets, replicates, national, figures) in enumerate(CONFIGURATIONS):
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
                if not tid.startswith(figures):
                    continue
                inside = "yes" if abs(s - target) <= tol else "**no**"
                print(f"| {tid} | {s:.2f} | {target:.2f} | {tol:.2f} | {inside} | {quantity} | {label} |")


if __name__ == "__main__":
    main()
