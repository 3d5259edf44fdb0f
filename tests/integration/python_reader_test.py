"""python/pathways_results against files the simulator writes (run, project, compare):

* interval() and t975() give the Student t interval of the mean (values from the definition and
  from published t tables);
* INTERVAL_STATEMENT is the sentence the C++ summary prints;
* headline(path, by) equals `pathways summary --by ... --csv` to 1e-12 (the C++ and Python
  interval functions agree), and without `by` it equals the stored /comparison/headline;
* tables() lists every table of each file kind; table() returns each as a DataFrame with codes
  decoded and a comparison file's per-scenario tables stacked with a `scenario` column.
"""
import atexit
import math
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import pandas as pd

bin_, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "python"))
import pathways_results as pr  # noqa: E402

tmp = tempfile.mkdtemp()
atexit.register(shutil.rmtree, tmp, True)
small = ["--set", "population.cohort_size=1500", "--set", "population.birth_cohorts=2"]


def sh(*args):
    return subprocess.run([bin_, *args], check=True, capture_output=True, text=True, cwd=root).stdout


double = os.path.join(tmp, "double.toml")
with open(double, "w") as f:
    f.write(f'extends = "{root}/scenarios/baseline.toml"\n[scenario]\nname = "double_advice"\n'
            "[selection]\ndouble_advice = true\n")
cmp_ = os.path.join(tmp, "c.h5")
run = os.path.join(tmp, "r.h5")
proj = os.path.join(tmp, "p.h5")
sh("compare", "scenarios/baseline.toml", double, "--replicates", "3", "--out", cmp_, "--quiet", *small)
sh("run", "scenarios/baseline.toml", "--replicates", "2", "--microdata", "--out", run, "--quiet", *small)
sh("project", "scenarios/baseline.toml", "--from", "2024", "--to", "2026", "--replicates", "2", "--out", proj, "--quiet")

# --- the interval, from its definition -----------------------------------------------------
T_TABLE = {1: 12.706204736174707, 3: 3.182446305284263, 9: 2.262157162798205, 30: 2.042272456301238,
           1000: 1.962339080826}  # Student t 0.975 quantiles (published tables)
for df, t in T_TABLE.items():
    assert abs(pr.t975(df) - t) < 1e-11, (df, pr.t975(df), t)
iv = pr.interval([1, 2, 3, 4])
sd = math.sqrt(((1 - 2.5) ** 2 + (2 - 2.5) ** 2 + (3 - 2.5) ** 2 + (4 - 2.5) ** 2) / 3)
half = T_TABLE[3] * sd / 2
assert iv["n"] == 4 and iv["mean"] == 2.5 and abs(iv["sd"] - sd) < 1e-15
assert abs(iv["ci_low"] - (2.5 - half)) < 1e-12 and abs(iv["ci_high"] - (2.5 + half)) < 1e-12
one = pr.interval([float("nan"), 7.0])
assert one["n"] == 1 and one["mean"] == 7.0 and math.isnan(one["ci_low"]) and math.isnan(one["sd"])
assert pr.interval([])["n"] == 0
print("interval: ok")

# --- one statement, printed by the C++ summary ------------------------------------------------
text = sh("summary", cmp_)
assert pr.INTERVAL_STATEMENT in text, text
print("interval statement: ok")

# --- C++ summary --by and Python headline agree ------------------------------------------------
def agree(path, by, outcomes=None):
    args = ["summary", path, "--csv"] + (["--by", ",".join(by)] if by else []) + \
           (["--outcomes", ",".join(outcomes)] if outcomes else [])
    out = os.path.join(tmp, "s.csv")
    with open(out, "w") as f:
        f.write(sh(*args))
    cpp = pd.read_csv(out, keep_default_na=False, na_values=[""], dtype={"birth_year": str})
    py = pr.headline(path, by=by, outcomes=outcomes)
    assert list(py.columns) == list(cpp.columns), (list(py.columns), list(cpp.columns))
    assert len(py) == len(cpp) > 0, (len(py), len(cpp))
    keys = ["scenario", *(["income_group" if b == "income" else b for b in by]), "outcome"]
    assert (py[keys].astype(str).to_numpy() == cpp[keys].astype(str).to_numpy()).all()
    for c in ["mean", "sd", "ci_low", "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high", "replicates"]:
        a, b = py[c].to_numpy(float), cpp[c].to_numpy(float)
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), (path, by, c)
    return py

for by in ([], ["parent_edu"], ["income", "birth_year"], ["parent_edu", "district"], ["home_language"]):
    agree(cmp_, by)
agree(run, ["parent_edu"], ["havo_vwo_diploma", "early_leaving"])
# without groups: the stored headline table of the comparison file
overall = pr.headline(cmp_)
with h5py.File(cmp_, "r") as f:
    h = f["comparison/headline"]
    kind = h["group_kind"].asstr()[()]
    for _, r in overall.iterrows():
        m = np.flatnonzero((kind == "overall") & (h["scenario"].asstr()[()] == r["scenario"])
                           & (h["outcome"].asstr()[()] == r["outcome"]))
        assert len(m) == 1
        assert abs(h["mean"][m[0]] - r["mean"]) <= 1e-12 * max(1, abs(r["mean"]))
        assert abs(h["ci_high"][m[0]] - r["ci_high"]) <= 1e-12 * max(1, abs(r["ci_high"]))
print("C++ summary and Python headline agree: ok")

# --- tables of every file kind ---------------------------------------------------------------
assert pr.file_kind(run) == "results" and pr.file_kind(proj) == "projection" and pr.file_kind(cmp_) == "comparison"
want = {run: ["outcomes/by_group", "outcomes/indicators", "calendar/enrolment", "calendar/school_years",
              "calendar/segregation", "provenance/parameters", "provenance/checksums", "microdata/replicate_000"],
        proj: ["projection/pupils", "projection/residents", "outcomes/by_group"],
        cmp_: ["comparison/headline", "comparison/switch", "comparison/replicate_values", "outcomes/by_group",
               "parameters", "checksums"]}
for path, names in want.items():
    got = pr.tables(path)
    for n in names:
        assert n in got, (path, n, got)
    for n in got:   # every table reads (some may be empty, e.g. provenance/uncertainty without ranges)
        df = pr.table(path, n)
        assert isinstance(df, pd.DataFrame) and len(df.columns) > 0, (path, n)
        assert n not in names or len(df) > 0, (path, n)

bg = pr.table(run, "outcomes/by_group")
assert list(bg["parent_edu"].cat.categories) == ["low", "middle", "high"]
assert list(bg["income_group"].cat.categories) == ["lowest", "middle", "highest"]
assert int(bg["children"].sum()) == 2 * 2 * 1500        # replicates x cohorts x cohort size
assert bg.groupby("parent_edu", observed=True)["children"].sum().sum() == 6000
md = pr.table(run, "microdata/replicate_000")
assert len(md) == 2 * 1500
raw = pr.table(run, "microdata/replicate_000", decode=False)
assert (md["final_advice"].isna().to_numpy() == (raw["final_advice"].to_numpy() < 0)).all()   # -1: none
cb = pr.table(cmp_, "outcomes/by_group")
assert list(cb["scenario"].cat.categories) == ["baseline", "double_advice"]
assert int(cb["children"].sum()) == 2 * 3 * 2 * 1500
pp = pr.table(proj, "projection/pupils")
assert "city" in set(pp["district"].astype(str)) and "Overvecht" in set(pp["district"].astype(str))
en = pr.table(run, "calendar/enrolment")
assert "primary" in set(en["kind"].astype(str))
try:
    pr.table(run, "no/such")
    raise AssertionError("no error for a missing table")
except KeyError as e:
    assert "outcomes/by_group" in str(e)
print("tables: ok")
print("python reader: ok")
