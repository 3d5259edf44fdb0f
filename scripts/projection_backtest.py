#!/usr/bin/env python3
"""Out-of-sample back-test of the projection's net migration rates (docs/projection.md).

    PATHWAYS_BUILD=build/release /usr/bin/python3 scripts/projection_backtest.py [--replicates 3]

The shipped rates (projection.net_migration) were chosen so that projections from 2016 and from
2020 both reproduce 2024: the 2016 -> 2024 check is in-sample. This script fits the three yearly
rates (ages 0-3, 4-11, 12-17) on 2016 -> 2020 only: a projection started from the published
population of 1 January 2016 (P01-P03), with the births of U01 (4,700 a year) for 2016-2018 and
P10 for 2019, must reproduce 1 January 2020 (P04-P06). It then projects from 2016 to 2024 with
those rates (births P10 for 2019-2022, 2023 equal to 2022, as the shipped fit assumed) and prints
the errors against 1 January 2024 (P07-P09), which the fit never saw. For comparison it prints the
same 2016 -> 2024 projection with the shipped rates (in-sample), and the naive forecast that
carries 2016's counts to 2024 unchanged.

The fit solves the three equations by a secant step per age group (each group's rate mainly moves
its own count), repeated until every 2020 group is within 0.1%; every evaluation is a projection
with the same seed (common random numbers). Rates are outflow only (<= 0): a group whose count
would need in-migration stops at 0 and the script says so.
"""
import argparse
import os
import subprocess
import sys
import tempfile

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    sys.exit(f"projection_backtest.py needs h5py and numpy ({e}); run it with /usr/bin/python3")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
GROUPS = ("0-3", "4-11", "12-17")
P2016 = [18374, 30745, 18575]  # P01-P03
P2020 = [17766, 31807, 21033]  # P04-P06
P2024 = [16495, 31068, 22739]  # P07-P09
BIRTHS_2016 = [4700, 4700, 4700, 4715, 4781, 4948, 4330, 4330]  # U01 for 2016-2018, P10 for 2019-2022, 2023 = 2022


def listing(xs):
    return "[" + ", ".join(f"{x:g}" for x in xs) + "]"


def residents(rates, to, args, workdir):
    """Mean residents per age group on 1 January of `to`, projected from 2016 with `rates`."""
    out = os.path.join(workdir, "p.h5")
    cmd = [args.pathways, "project", os.path.join(ROOT, "scenarios", "baseline.toml"), "--from", "2016", "--to", str(to),
           "--replicates", str(args.replicates), "--seed", str(args.seed), "--quiet", "--out", out,
           "--set", "projection.start_population=" + listing(P2016),
           "--set", "projection.births_known=" + listing(BIRTHS_2016[:to - 2016 + 1]),
           "--set", "projection.births_growth=0",
           "--set", "projection.net_migration=" + listing(rates)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out, "r") as f:
        r = f["projection/residents"]
        at = r["january_1_of"][:] == to
        return [float(np.mean(r[f"ages_{g.replace('-', '_')}"][:][at])) for g in GROUPS]


def fit(args, workdir):
    """Rates for which 2016 -> 2020 reproduces P04-P06 (secant per group, at most 8 rounds)."""
    rates, step = [-0.05, -0.01, 0.0], 0.01
    got = residents(rates, 2020, args, workdir)
    evaluations = 1
    for _ in range(8):
        if all(abs(g / p - 1) < 0.001 for g, p in zip(got, P2020)):
            break
        for k in range(3):
            if abs(got[k] / P2020[k] - 1) < 0.001:
                continue
            trial = list(rates)
            trial[k] = min(0.0, rates[k] - step if rates[k] >= 0 else rates[k] + step)
            if trial[k] == rates[k]:
                trial[k] = rates[k] - step
            other = residents(trial, 2020, args, workdir)
            evaluations += 1
            slope = (other[k] - got[k]) / (trial[k] - rates[k])
            rates[k] = min(0.0, rates[k] + (P2020[k] - got[k]) / slope) if slope != 0 else rates[k]
            got = residents(rates, 2020, args, workdir)
            evaluations += 1
    return rates, got, evaluations


def table(label, got, published):
    errors = [100 * (g / p - 1) for g, p in zip(got, published)]
    print(f"{label}")
    for g, x, p, e in zip(GROUPS, got, published, errors):
        print(f"  ages {g:>5}: {x:9.0f} against {p:6d}  error {e:+5.1f}%")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pathways", default=os.path.join(os.environ.get("PATHWAYS_BUILD", os.path.join(ROOT, "build", "release")), "pathways"))
    ap.add_argument("--replicates", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20240101)
    args = ap.parse_args()
    if not os.path.isfile(args.pathways):
        sys.exit(f"projection_backtest.py: {args.pathways}: no such file (build it, or set PATHWAYS_BUILD)")
    with tempfile.TemporaryDirectory() as workdir:
        rates, got2020, evaluations = fit(args, workdir)
        print(f"fitted on 2016 -> 2020 only ({evaluations} projections, {args.replicates} replicates, seed {args.seed}):"
              f" net_migration = {listing(round(r, 4) for r in rates)}")
        if any(r == 0 for r in rates):
            print("  (a rate at 0: that group would need in-migration, which the model does not create)")
        table("in sample, 1 January 2020 (P04-P06):", got2020, P2020)
        out = table("out of sample, 1 January 2024 (P07-P09), projected from 2016:", residents(rates, 2024, args, workdir), P2024)
        shipped = [-0.07, -0.005, 0.0]
        ref = table(f"for comparison, the shipped rates {listing(shipped)} (fitted with 2024 itself), 2016 -> 2024:",
                    residents(shipped, 2024, args, workdir), P2024)
        naive = table("a naive benchmark, 2016's counts carried to 2024 unchanged:", P2016, P2024)
        print(f"largest error: out of sample {max(map(abs, out)):.1f}%, shipped rates (in sample)"
              f" {max(map(abs, ref)):.1f}%, unchanged 2016 counts {max(map(abs, naive)):.1f}%")


if __name__ == "__main__":
    main()
