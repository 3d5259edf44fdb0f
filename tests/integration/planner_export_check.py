"""Checks of planner_export_test.sh on the files it made in TMP."""
import csv
import math
import os
import sys

import h5py
import numpy as np

tmp = sys.argv[1]
T975_2 = 4.302652729911275          # Student t 0.975 quantile, 2 degrees of freedom (3 replicates)

rows = list(csv.DictReader(open(os.path.join(tmp, "planner.csv"))))
with h5py.File(os.path.join(tmp, "p.h5"), "r") as f:
    districts = list(f["labels/district"].asstr()[()])
    kinds = list(f["labels/enrolment"].asstr()[()])
    e = f["calendar/enrolment"]
    year, kind, district, pupils, rep = (e[c][()] for c in ["year", "kind", "district", "pupils", "replicate"])
types = ["preschool", "primary", "ten_fourteen", "zero_eighteen", "pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo",
         "secondary"]
# every school year x (city + districts) x school type, and the city-only secondary_at_city_schools
assert len(rows) == 3 * ((1 + len(districts)) * len(types) + 1), len(rows)
assert {r["school_year"] for r in rows} == {"2024/25", "2025/26", "2026/27"}
assert {r["district"] for r in rows} == {"city", *districts}

def row(y, d, t):
    m = [r for r in rows if r["school_year"] == y and r["district"] == d and r["school_type"] == t]
    assert len(m) == 1, (y, d, t)
    return m[0]

# pupils = residents counted in /calendar/enrolment; interval = mean +/- t * SD * sqrt(1 + 1/n)
for y, d, t in [(2025, "city", "primary"), (2024, "Overvecht", "primary"), (2026, "city", "havo"), (2025, "Zuid", "vwo")]:
    sel = (year == y) & (kind == kinds.index(t))
    if d != "city":
        sel &= district == districts.index(d)
    v = np.array([pupils[sel & (rep == r)].sum() for r in range(3)], dtype=float)
    r = row(f"{y}/{(y + 1) % 100:02d}", d, t)
    half = T975_2 * v.std(ddof=1) * math.sqrt(1 + 1 / 3)
    assert abs(float(r["pupils"]) - v.mean()) < 1e-9, (r, v)
    assert abs(float(r["pupils_high"]) - (v.mean() + half)) < 1e-6 and abs(float(r["pupils_low"]) - (v.mean() - half)) < 1e-6, r
assert row("2024/25", "city", "havo")["sector"] == "secondary" and row("2024/25", "city", "havo")["track"] == "havo"
assert row("2024/25", "city", "secondary")["track"] == "all"
# places and shortfall: only where the scenario gives places (secondary at the city's schools: 15000)
for r in rows:
    if r["school_type"] == "secondary_at_city_schools":
        assert float(r["places"]) == 15000
        assert abs(float(r["shortfall"]) - max(0.0, float(r["pupils_high"]) - 15000)) < 1e-9
    elif r["school_type"] != "primary":
        assert r["places"] == "" and r["shortfall"] == ""
print("planner table: ok")

# export: every CSV has a dictionary entry for each of its columns, and the tables hold the file's numbers
for k, want in [("r", ["outcomes_by_group.csv", "calendar_enrolment.csv", "provenance_parameters.csv", "summary.csv"]),
                ("c", ["comparison_headline.csv", "comparison_switch.csv", "outcomes_by_group.csv", "summary.csv"]),
                ("p", ["projection_pupils.csv", "planner.csv", "summary.csv"])]:
    d = os.path.join(tmp, f"export_{k}")
    files = set(os.listdir(d))
    for w in want + ["dictionary.csv"]:
        assert w in files, (k, w, files)
    dictionary = list(csv.DictReader(open(os.path.join(d, "dictionary.csv"))))
    described = {(x["file"], x["column"]) for x in dictionary}
    for name in files - {"dictionary.csv", "summary.csv", "planner.csv"}:
        header = next(csv.reader(open(os.path.join(d, name))))
        for c in header:
            assert (name, c) in described, (k, name, c)
        assert (name, "(table)") in described
    assert {x["file"] for x in dictionary} >= files - {"dictionary.csv"}
bg = list(csv.DictReader(open(os.path.join(tmp, "export_c", "outcomes_by_group.csv"))))
assert {r["scenario"] for r in bg} == {"baseline", "havokans_klas"}
assert sum(int(r["children"]) for r in bg) == 2 * 2 * 2 * 1500      # scenarios x replicates x cohorts x cohort size
assert {r["parent_edu"] for r in bg} == {"low", "middle", "high"}
assert {r["income_group"] for r in bg} == {"lowest", "middle", "highest"}
assert "Overvecht" in {r["district"] for r in bg}
head = list(csv.DictReader(open(os.path.join(tmp, "export_c", "comparison_headline.csv"))))
assert {r["parent_edu"] for r in head} == {"all", "low", "middle", "high"}
with h5py.File(os.path.join(tmp, "c.h5"), "r") as f:
    assert len(head) == len(f["comparison/headline/mean"])
    assert all(float(a["mean"]) == b or (a["mean"] == "" and math.isnan(b)) for a, b in zip(head, f["comparison/headline/mean"][()]))
print("export: ok")

# the summary's cost per unit: a figure only where the effect's interval lies above zero
summ = {(r["scenario"], r["outcome"]): r for r in csv.DictReader(open(os.path.join(tmp, "export_c", "summary.csv")))}
text = open(os.path.join(tmp, "c.txt"), encoding="utf-8").read()
cost = float(summ[("havokans_klas", "cost_per_child")]["diff_mean"])
assert cost > 0
for outcome, what, sign in [("havo_vwo_diploma", "per extra havo/vwo diploma", 1), ("early_leaving", "per avoided early leaver", -1)]:
    r = summ[("havokans_klas", outcome)]
    gain = sign * float(r["diff_mean"]) / 100
    sure = float(r["diff_ci_low"]) > 0 if sign > 0 else float(r["diff_ci_high"]) < 0
    line = [l for l in text.splitlines() if l.strip().startswith("havokans_klas") and what in l]
    assert len(line) == 1, text
    if gain <= 0:
        assert line[0].rstrip().endswith("no gain"), line
    elif not sure:
        assert "no figure: the effect is not clearly above zero" in line[0], line
    elif cost / gain > 1e6:
        assert "warning: over EUR 1 million each" in line[0], line
    else:
        assert line[0].split()[-1] == f"{cost / gain:.0f}", (line, cost / gain)
print("summary cost words: ok")
