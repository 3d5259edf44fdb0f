#!/usr/bin/python3
"""Regenerate the table "Results at a glance" of docs/scenarios.md.

Runs, for every policy scenario of the table, a paired comparison against scenarios/baseline.toml (or, for
a policy that acts on a situation the baseline lacks, against that situation: REFERENCE)
twice (without and with --uncertainty, same seed and replicates) and prints the Markdown table:
the paired difference with its 95% Monte Carlo interval (parameters as given), the 95% uncertainty
interval of the paired difference over parameter draws, and the share of draws in which the policy
raises havo/vwo diplomas / narrows the social gap.

    /usr/bin/python3 scripts/scenarios_glance.py [--pathways build/pathways] [--replicates 20] [--only NAME ...]

Needs h5py and numpy (Debian: python3-h5py). Comparison files go to output/glance/ (--reuse reads them
again without rerunning).
"""
import argparse
import os
import subprocess
import sys
import time

import h5py
import numpy as np

POLICIES = ["ve_reach_up", "ve_national_reach", "ve_quality", "connection_groups", "library_at_school",
            "shortage_worse", "shortage_solidarity", "advice_without_bias", "havokans_klas",
            "broad_bridge_everywhere", "ten_fourteen_citywide", "zero_eighteen_communities", "covid_shock",
            "covid_recovery", "old_end_test", "group_prevention", "attendance", "warm_handover", "custom_diploma",
            "opportunity_workshops", "first_1000_days", "reading_for_pleasure", "fewer_repeats", "newcomers_nt2",
            "passend_onderwijs", "admission_agreements", "uoa_package"]

# A policy that acts on a situation the baseline does not hold is compared with that situation
# (same children, same draws): NT2 classes with newcomers who get none, passend onderwijs with
# referral to special primary education at the published share.
REFERENCE = {"newcomers_nt2": "newcomers", "passend_onderwijs": "special_education"}

# Children reached per cohort: (column of /outcomes/by_group, words), paired against the baseline where
# "extra"; None keeps the fixed text (no single column counts them).
REACH = {
    "ve_reach_up": ("ve_participant", "extra", "{n:,.0f} extra VE places"),
    "ve_national_reach": ("ve_participant", "extra", "{n:,.0f} extra VE places"),
    "ve_quality": ("ve_participant", "all", "{n:,.0f} VE places with the stronger boost, each at double cost"),
    "connection_groups": ("took_connection_group", "all", "{n:,.0f}"),
    "library_at_school": None,
    "havokans_klas": ("took_havokans", "all", "{n:,.0f}"),
    "covid_shock": None,
    "covid_recovery": ("took_recovery", "all", "{n:,.0f}"),
    "group_prevention": ("prevention_pupil_years", "all", "{n:,.0f} pupil-years (all pupils of four districts)"),
    "attendance": None,
    "warm_handover": ("took_handover", "all", "{n:,.0f}"),
    "custom_diploma": ("custom_diploma", "all", "{n:,.0f} candidates"),
    "opportunity_workshops": None,
    "uoa_package": None,
    "first_1000_days": ("took_first1000", "all", "{n:,.0f}"),
    "reading_for_pleasure": ("reading_pupil_years", "all", "{n:,.0f} pupil-years (a quarter of the schools)"),
    "fewer_repeats": ("promoted_instead", "all", "{n:,.0f} moved on instead of repeating"),
    "newcomers_nt2": ("took_nt2_class", "all", "{n:,.0f} newcomers in an NT2 class"),
    "passend_onderwijs": ("special_supported", "all", "{n:,.0f} supported in the regular school instead of sbo"),
    "admission_agreements": None,
}
FIXED_REACH = {"library_at_school": ("the schools with the weakest language (see its section)", None),
               "covid_shock": ("all children hit", "—"),
               "attendance": ("every pupil, every school year", "EUR 20 a pupil-year"),
               "opportunity_workshops": ("every primary pupil of three districts", None),
               "uoa_package": ("see its section", "—"),
               "admission_agreements": ("every primary school's intake", "—")}


def run(pathways, policy, out, replicates, seed, threads, uncertainty, reuse):
    reference = REFERENCE.get(policy, "baseline")
    cmd = ["nice", "-n", "10", pathways, "compare", f"scenarios/{reference}.toml", f"scenarios/{policy}.toml",
           "--replicates", str(replicates), "--seed", str(seed), "--threads", str(threads), "--out", out]
    if uncertainty:
        cmd.append("--uncertainty")
    if not (reuse and os.path.exists(out)):
        if os.path.exists(out):
            os.remove(out)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out


def table(g):
    return {k: (v.asstr()[:] if h5py.check_string_dtype(v.dtype) else v[:]) for k, v in g.items()
            if isinstance(v, h5py.Dataset)}


def read(path):
    with h5py.File(path, "r") as f:
        h = table(f["comparison/headline"])
        rv = table(f["comparison/replicate_values"])
        names = list(f["provenance/scenario"].asstr()[:])
        code = f["provenance"].attrs.get("code_version", b"")
        code = code.decode() if isinstance(code, bytes) else str(code)
        sums = {}
        for n in names:
            bg = f["scenarios"][n]["outcomes/by_group"]
            rep = bg["replicate"][:]
            cohorts = len(np.unique(bg["birth_year"][:]))
            reps = np.unique(rep)
            cols = {}
            for c in {"cost_total"} | {spec[0] for spec in REACH.values() if spec}:
                if c in bg:
                    v = bg[c][:].astype(float)
                    cols[c] = np.array([v[rep == r].sum() for r in reps]) / cohorts
            sums[n] = cols
    return h, rv, names, code, sums


def row(h, scenario, outcome):
    i = np.flatnonzero((h["scenario"] == scenario) & (h["outcome"] == outcome) & (h["group_kind"] == "overall"))
    return int(i[0])


def paired(h, rv, names, outcome):
    """Per-replicate paired differences scenario - baseline for the overall group."""
    i, j = row(h, names[1], outcome), row(h, names[0], outcome)
    a = dict(zip(rv["replicate"][rv["headline_row"] == i], rv["value"][rv["headline_row"] == i]))
    b = dict(zip(rv["replicate"][rv["headline_row"] == j], rv["value"][rv["headline_row"] == j]))
    return np.array([a[r] - b[r] for r in sorted(a) if r in b and np.isfinite(a[r]) and np.isfinite(b[r])])


def f2(x):
    return ("+" if x >= 0.005 else ("−" if x <= -0.005 else ("−" if x < 0 else "+"))) + f"{abs(x):.2f}"


def iv(m, lo, hi):
    return f"{f2(m)} [{f2(lo)}, {f2(hi)}]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--pathways", default="build/pathways")
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="output/glance", help="folder for the comparison files")
    ap.add_argument("--reuse", action="store_true", help="read comparison files already in --out instead of rerunning")
    ap.add_argument("--only", nargs="+", metavar="SCENARIO", help="these policies only (rows to add to the table)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    lines = ["| scenario | havo/vwo year 3, pp | social gap, pp | havo/vwo year 3, pp, uncertainty | "
             "social gap, pp, uncertainty | P(more havo/vwo diplomas) | P(smaller gap) | extra cost per cohort | "
             "children reached per cohort | per child reached |",
             "|---|---|---|---|---|---:|---:|---:|---:|---:|"]
    code = ""
    for p in a.only or POLICIES:
        fixed = run(a.pathways, p, f"{a.out}/{p}.h5", a.replicates, a.seed, a.threads, False, a.reuse)
        unc = run(a.pathways, p, f"{a.out}/{p}_u.h5", a.replicates, a.seed, a.threads, True, a.reuse)
        h, rv, names, code, sums = read(fixed)
        hu, rvu, namesu, _, _ = read(unc)
        cells = [p if p not in REFERENCE else f"{p} (against {REFERENCE[p]})"]
        for o in ("havo_vwo_year3", "social_gap_pp"):
            r = row(h, names[1], o)
            cells.append(iv(h["diff_mean"][r], h["diff_ci_low"][r], h["diff_ci_high"][r]))
        for o in ("havo_vwo_year3", "social_gap_pp"):
            r = row(hu, namesu[1], o)
            cells.append(f"{f2(hu['diff_mean'][r])} [{f2(hu['diff_ui_low'][r])}, {f2(hu['diff_ui_high'][r])}]")
        d_dip = paired(hu, rvu, namesu, "havo_vwo_diploma")
        d_gap = paired(hu, rvu, namesu, "social_gap_pp")
        cells.append(f"{np.mean(d_dip > 0):.2f}")
        cells.append(f"{np.mean(d_gap < 0):.2f}")
        b, s = sums[names[0]], sums[names[1]]
        cost = float(np.mean(s["cost_total"] - b["cost_total"]))
        # below EUR 5,000 a cohort (0.00 m) a cost is a side effect (a few more or fewer pupils in
        # a broad class or a 10-14 school), not a policy's spending; a negative cost is a saving
        cells.append("—" if abs(cost) < 1 else ("about 0" if abs(cost) < 5000 else
                     (f"EUR {cost / 1e6:.2f} m" if cost > 0 else f"saves EUR {-cost / 1e6:.2f} m")))
        if p in REACH and REACH[p] is not None:
            col, kind, words = REACH[p]
            n = float(np.mean(s[col] - b[col])) if kind == "extra" else float(np.mean(s[col]))
            cells.append(words.format(n=n))
            unit = "a pupil-year" if col in ("prevention_pupil_years", "reading_pupil_years") else ""
            per = cost / n if n > 0 else 0.0
            amount = f"EUR {round(abs(per), -2 if abs(per) >= 1000 else 0):,.0f}" + (" " + unit if unit else "")
            cells.append("—" if n <= 0 else amount if per >= 0 else "saves " + amount)
        elif p in FIXED_REACH:
            reach, per = FIXED_REACH[p]
            cells.append(reach)
            cells.append(per if per is not None else "—")
        else:
            cells += ["—", "—"]
        lines.append("| " + " | ".join(cells) + " |")
        print(f"{p}: done after {time.time() - t0:.0f} s", file=sys.stderr)
    print(f"code {code}, {a.replicates} replicates, seed {a.seed}, {time.time() - t0:.0f} s", file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
