#!/usr/bin/env python3
"""Compare a pathways results file with the published figures in targets.csv.

    scripts/targets.py output/baseline_nl.h5 [--targets ../shared/data/targets.csv]

Prints, for every target the run can speak to, the simulated value (mean over replicates), the
published value, the tolerance and whether the run is inside it. Which targets apply depends on
the run: national advice tables need double advices, R01-R04 the old end test, R05-R06 the
doorstroomtoets. Reads the file with plain h5py, the same way a user would.
"""
import argparse
import csv
import os
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # pragma: no cover
    sys.exit(f"targets.py needs h5py and numpy ({e}); on Debian: apt-get install python3-h5py "
             "and run it with /usr/bin/python3")

ADVICE = ["pro_vmbo_b", "vmbo_b_k", "vmbo_k", "vmbo_k_gt", "vmbo_gt", "vmbo_gt_havo", "havo", "havo_vwo", "vwo"]
TRACKS = ["pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"]


def table(f, path):
    g = f[path]
    return {k: g[k][()] for k in g}


def params(f):
    g = f["provenance/parameters"]
    keys = [k.decode() if isinstance(k, bytes) else k for k in g["key"][()]]
    vals = [v.decode() if isinstance(v, bytes) else v for v in g["value"][()]]
    return dict(zip(keys, vals))


def per_replicate(t, num, den, mask=None):
    """Share (%) per replicate of sum(num)/sum(den) over rows (optionally masked)."""
    out = []
    for r in np.unique(t["replicate"]):
        m = t["replicate"] == r
        if mask is not None:
            m = m & mask
        n = sum(t[c][m].sum() for c in num)
        d = sum(t[c][m].sum() for c in den)
        out.append(100.0 * n / d if d else float("nan"))
    return float(np.mean(out))


def simulated(f):
    t = table(f, "outcomes/by_group")
    sy = table(f, "calendar/school_years")
    p = params(f)
    double = p["selection.double_advice"] == "true"
    regime = p["selection.test_regime"].strip('"')
    v = {}
    if double:
        for k, a in enumerate(ADVICE):
            v[f"A0{k + 1}"] = per_replicate(t, [f"teacher_advice_{a}"], ["advised"])
    low, high = t["income_group"] == 0, t["income_group"] == 2
    v["A10"] = per_replicate(t, ["final_advice_vwo"], ["advised"], low)
    v["A11"] = per_replicate(t, ["final_advice_vwo"], ["advised"], high)
    v["A12"] = per_replicate(t, ["final_advice_pro_vmbo_b"], ["advised"], low)
    v["A13"] = per_replicate(t, ["final_advice_pro_vmbo_b"], ["advised"], high)
    if regime == "end_test":
        v["R01"] = per_replicate(t, ["test_higher"], ["advised"])
        v["R02"] = per_replicate(t, ["advice_raised"], ["test_higher"])
        v["R04"] = per_replicate(t, ["advice_raised"], ["advised"])
    else:
        v["R05"] = per_replicate(t, ["advice_raised"], ["advised"])
        v["R06"] = per_replicate(t, ["advice_raised"], ["test_higher"])
    y3pos = ["year3_at_advice", "year3_upper_of_double", "year3_lower_of_double", "year3_above_advice",
             "year3_below_advice"]
    for tid, col in zip(["T01", "T02", "T03", "T04", "T05"], y3pos):
        v[tid] = per_replicate(t, [col], y3pos)
    y3 = [f"track_year3_{x}" for x in TRACKS]
    v["T06"] = per_replicate(t, ["track_year3_vmbo_b", "track_year3_vmbo_k", "track_year3_vmbo_gt"], y3)
    v["T07"] = per_replicate(t, ["track_year3_vmbo_b"], y3)
    v["T08"] = per_replicate(t, ["track_year3_vwo"], y3)
    d7 = [f"diploma7_{x}" for x in TRACKS] + ["diploma7_none"]
    for tid, x in zip(["D01", "D02", "D03", "D04", "D05"], TRACKS[1:]):
        v[tid] = per_replicate(t, [f"diploma7_{x}"], d7)
    v["D06"] = per_replicate(t, ["diploma7_none", "diploma7_pro"], d7)

    def rate(event_cols, levels, grades):
        m = np.isin(sy["level"], levels) & np.isin(sy["grade"], grades)
        n = sum(sy[c][m].sum() for c in event_cols)
        d = sy["pupils"][m].sum()
        return 100.0 * n / d if d else float("nan")

    for tid, level, grade in [("D07", 2, 4), ("D08", 3, 4), ("D09", 4, 4), ("D10", 5, 5), ("D11", 6, 6)]:
        m = (sy["level"] == level) & (sy["grade"] == grade)
        passed = sy["exam_passed"][m].sum()
        sat = passed + sy["exam_failed"][m].sum() + sy["repeated"][m].sum()
        v[tid] = 100.0 * passed / sat if sat else float("nan")
    v["D12"] = rate(["left_early"], [1, 2, 3, 4, 5, 6], range(1, 9))
    v["G01"] = rate(["repeated"], [1, 2, 3, 4, 5, 6], [1])
    v["G02"] = rate(["repeated"], [5], [4])
    v["G03"] = rate(["repeated"], [2, 3, 4], [3, 4])
    v["G04"] = rate(["repeated"], [6], [3, 4, 5, 6])
    v["G05"] = rate(["repeated"], [0], [2])
    v["G06"] = rate(["repeated"], [0], [3, 4, 5, 6, 7, 8])
    v["V01"] = per_replicate(t, ["ve_target"], ["children"])
    v["V02"] = v["V03"] = per_replicate(t, ["ve_participant"], ["ve_target"])
    seg = table(f, "calendar/segregation")
    mid = seg["primary_dissimilarity"][seg["primary_dissimilarity"] > 0]
    v["U09"] = float(np.median(mid)) if len(mid) else float("nan")
    return v, p


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--targets", default=os.path.join(here, "..", "..", "shared", "data", "targets.csv"))
    args = ap.parse_args()
    with h5py.File(args.results, "r") as f:
        sim, p = simulated(f)
    national = p["selection.double_advice"] == "true"
    rows = list(csv.DictReader(open(args.targets)))
    print(f"{'id':4} {'simulated':>9} {'target':>7} {'tol':>5}  ok  quantity")
    for row in rows:
        tid = row["id"]
        if tid not in sim:
            continue
        if tid in ("V01", "V02", "U09") and national or tid == "V03" and not national:
            continue
        try:
            target, tol = float(row["value"]), float(row["tolerance"] or "nan")
        except ValueError:
            continue
        s = sim[tid]
        ok = "yes" if abs(s - target) <= tol else ("-" if tol != tol else "NO")
        print(f"{tid:4} {s:9.2f} {target:7.2f} {tol:5.1f}  {ok:3} {row['quantity']}")


if __name__ == "__main__":
    main()
