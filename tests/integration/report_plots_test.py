#!/usr/bin/env python3
"""Unit test of the plot functions of scripts/report.py on a small comparison file that the
simulator makes in the test.

    report_plots_test.py PATHWAYS_BINARY SOURCE_ROOT

Checks: each figure function writes a PNG of a sensible size; Comparison.row returns the values
of /comparison/headline; the interval helper reproduces the stored 95% intervals (Student t over
replicates) from /comparison/replicate_values; cost_effect equals a direct computation from the
per-scenario by_group tables (cost_total, diploma_havo + diploma_vwo, early_leaver); the headline
HTML table carries every headline number; and plot.py's command line still works on a run file.
"""
import os
import shutil
import subprocess
import sys
import tempfile

binary, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "scripts"))
import report as R  # noqa: E402

np, h5py = R.np, R.h5py
tmp = tempfile.mkdtemp()
small = ["--set", "population.cohort_size=1000", "--set", "population.birth_cohorts=1"]
h5 = os.path.join(tmp, "cmp.h5")
subprocess.run([binary, "compare", "scenarios/baseline.toml", "scenarios/havokans_klas.toml",
                "scenarios/library_at_school.toml", "--replicates", "3", "--seed", "5", "--out", h5, "--quiet"] + small,
               cwd=root, check=True, stdout=subprocess.DEVNULL)
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


cmp = R.Comparison(h5)
check(cmp.names == ["baseline", "havokans_klas", "library_at_school"], f"scenarios {cmp.names}")
check(cmp.n_rep == 3, f"replicates {cmp.n_rep}")

# figures
R.P.setup_style()
for key, fn in R.FIGURES:
    path = os.path.join(tmp, f"t_{key}.png")
    out = fn(cmp, path)
    check(out == path and os.path.isfile(path), f"{key}: no file")
    with open(path, "rb") as fh:
        data = fh.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20000, f"{key}: not a plausible PNG ({len(data)} bytes)")
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    check(w >= 900 and h >= 500, f"{key}: {w}x{h} pixels")

# rows and intervals against the file
with h5py.File(h5, "r") as f:
    hd = R.read_table(f["comparison/headline"])
    rv = R.read_table(f["comparison/replicate_values"])
    by = {s: R.read_table(f[f"scenarios/{s}/outcomes/by_group"]) for s in cmp.names}
for i in np.flatnonzero(hd["group_kind"] == "overall"):
    r = cmp.row(hd["scenario"][i], hd["outcome"][i])
    check(r is not None and r["mean"] == hd["mean"][i]
          and (r["diff_ci_high"] == hd["diff_ci_high"][i] or np.isnan(hd["diff_ci_high"][i])), f"row {i}")
    vals = rv["value"][rv["headline_row"] == i]
    m, lo, hi = R.interval(vals)
    if not np.isnan(hd["ci_low"][i]):
        check(abs(m - hd["mean"][i]) < 1e-9 and abs(lo - hd["ci_low"][i]) < 1e-6 and abs(hi - hd["ci_high"][i]) < 1e-6,
              f"interval of row {i}: {(m, lo, hi)} vs {(hd['mean'][i], hd['ci_low'][i], hd['ci_high'][i])}")
r = cmp.row("baseline", "havo_vwo_year3", "district", cmp.districts[0])
check(r is not None and r["group"] == cmp.districts[0], "district row")


# cost against effect, computed directly
def per_rep(t, cols):
    return np.array([sum(t[c][t["replicate"] == k].sum() for c in cols) for k in np.unique(t["replicate"])], float)


for s in cmp.others:
    ce = cmp.cost_effect(s)
    d_cost = per_rep(by[s], ["cost_total"]) - per_rep(by["baseline"], ["cost_total"])
    d_dip = per_rep(by[s], ["diploma_havo", "diploma_vwo"]) - per_rep(by["baseline"], ["diploma_havo", "diploma_vwo"])
    d_el = per_rep(by["baseline"], ["early_leaver"]) - per_rep(by[s], ["early_leaver"])
    check(abs(ce["cost"][0] - d_cost.mean()) < 1e-6 and abs(ce["diplomas"][0] - d_dip.mean()) < 1e-9
          and abs(ce["avoided"][0] - d_el.mean()) < 1e-9, f"cost_effect {s}")
    check(ce["cost"][0] > 0, f"{s}: a policy with a unit cost should cost more than the baseline")
    if d_dip.mean() > 0:
        check(abs(ce["per_diploma"] - d_cost.mean() / d_dip.mean()) < 1e-6, f"per_diploma {s}")
    else:
        check(np.isnan(ce["per_diploma"]), f"per_diploma {s} should be undefined")

# the headline table carries every number
table = R.headline_table(cmp)
n_spans = table.count('data-value="')
n_out = 7  # headline outcomes
check(n_spans == n_out * 3 + 2 * n_out * 6, f"{n_spans} numbers in the headline table")


# the panels in pp share one scale: the largest |difference or interval end| of any pp outcome
pp = [o for o in R.OUTCOMES if R.OUTCOME_INFO[o][2] in ("%", "pp")]
want = max(abs(v) for i in np.flatnonzero((hd["group_kind"] == "overall") & (hd["scenario"] != "baseline")
                                          & np.isin(hd["outcome"], pp))
           for v in (hd["diff_mean"][i], hd["diff_ci_low"][i], hd["diff_ci_high"][i]) if not np.isnan(v))
check(abs(R.difference_spans(cmp, cmp.others)["pp"] - want) < 1e-12, "common pp scale")

# clean labels: sweep variants with their values, no 'baseline (baseline)', no '(points) (pp)'
check(R.sweep_label("ve_reach_up_sweep02", "More VE [preschool.quality=2,preschool.reach=0.8]")
      == "ve reach up: quality 2, reach 0.8", R.sweep_label("ve_reach_up_sweep02", "x [preschool.quality=2,preschool.reach=0.8]"))
check(R.sweep_label("havokans_klas", "a [b]") == "havokans klas", "plain names unchanged")
check(R._label(cmp, "baseline") == "baseline" and R._label(cmp, "havokans_klas") == "havokans klas", "labels")
check("baseline (baseline)" not in table and ") (pp)" not in table, "doubled labels in the headline table")

# cost per birth cohort and the ratio words: a figure only for a clear, not absurd effect
for s in cmp.others:
    ce = cmp.cost_effect(s)
    cohorts = len(np.unique(by["baseline"]["birth_year"]))
    check(abs(ce["cost_cohort"][0] - ce["cost"][0] / cohorts) < 1e-6, f"cost per cohort {s}")
base = {"cost": (1000.0, 900.0, 1100.0)}
check(R.ratio_words(dict(base, per_diploma=5000.0, per_diploma_sure=True), "per_diploma") == "\u20ac5,000", "ratio shown")
check(R.ratio_words(dict(base, per_diploma=5000.0, per_diploma_sure=False), "per_diploma").startswith("no figure"),
      "uncertain effect: no figure")
check(R.ratio_words(dict(base, per_diploma=1.2e8, per_diploma_sure=True), "per_diploma").startswith("warning"),
      "absurd ratio: a warning")
check("120,000,000" not in R.cost_table(cmp), "no absurd figure in the cost table")

# plot.py's figures use the same interval (Student t, not 1.96) and name it in their footers
m, half = R.P.summary([1.0, 2.0, 3.0, 4.0])
check(m == 2.5 and abs(half - 3.182446305284263 * np.sqrt(5 / 3) / 2) < 1e-12, f"plot.py interval half-width {half}")
run_res = type("Res", (), {"n_rep": 5})()
note = R.P.Results.interval_note(run_res)
check(R.P.INTERVAL_STATEMENT in note and "1.96" not in note, f"plot.py footer: {note}")

# plot.py's command line is unchanged
run_h5 = os.path.join(tmp, "run.h5")
subprocess.run([binary, "run", "scenarios/baseline.toml", "--replicates", "2", "--out", run_h5, "--quiet"] + small,
               cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
out = subprocess.run([sys.executable, os.path.join(root, "scripts/plot.py"), run_h5, "--out", tmp], check=True,
                     capture_output=True, text=True).stdout.split()
check(len(out) >= 4 and all(os.path.isfile(p) for p in out), f"plot.py wrote {out}")

shutil.rmtree(tmp, ignore_errors=True)
if failures:
    print("report_plots_test FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print(f"report_plots_test: passed ({len(R.FIGURES)} figures, {n_spans} table numbers)")
