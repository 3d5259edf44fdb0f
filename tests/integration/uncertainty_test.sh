#!/usr/bin/env bash
# --uncertainty end to end (docs/uncertainty.md): run, project, compare and batch draw the priors per
# replicate; the same seed gives identical files on 1 and 2 threads; every file stores each
# replicate's draws; a comparison's scenarios share them; summary shows the uncertainty interval
# beside the Monte Carlo interval and names both; default runs draw nothing.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
small=(--set population.cohort_size=400 --set population.birth_cohorts=1)
attr() { h5dump -a "$1" "$2" | sed -n 's/.*(0): "\(.*\)".*/\1/p'; }

for cmd in run project compare batch; do
    help=$("$bin" "$cmd" --help)
    grep -q -- "--uncertainty" <<<"$help" || { echo "$cmd --help lacks --uncertainty"; exit 1; }
done

# run: identical on 1 and 2 threads, draws stored, the switch named in provenance
for t in 1 2; do
    "$bin" run scenarios/baseline.toml --uncertainty --replicates 3 --seed 4 --threads "$t" --out "$tmp/r$t.h5" "${small[@]}" --quiet >/dev/null
done
h5diff -q --exclude-path /provenance/run "$tmp/r1.h5" "$tmp/r2.h5" || { echo "--uncertainty: 1 and 2 threads differ"; exit 1; }
[ "$(attr /provenance/parameter_uncertainty "$tmp/r1.h5")" = priors ] || { echo "parameter_uncertainty not 'priors'"; exit 1; }
"$bin" run scenarios/baseline.toml --replicates 2 --seed 4 --out "$tmp/off.h5" "${small[@]}" --quiet >/dev/null
[ "$(attr /provenance/parameter_uncertainty "$tmp/off.h5")" = off ] || { echo "parameter_uncertainty not 'off'"; exit 1; }
/usr/bin/python3 - "$tmp/r1.h5" "$tmp/off.h5" <<'PY'
import sys, h5py
s = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a]
with h5py.File(sys.argv[1]) as f:
    d = f["provenance/uncertainty/draws"]
    names, reps = s(d["name"][:]), list(d["replicate"][:])
    dims = s(f["provenance/priors/name"][:])
    drawn = list(f["provenance/priors/drawn"][:])
    assert len(dims) > 100 and sum(drawn) == len(dims) - 0, (len(dims), sum(drawn))
    assert sorted(set(reps)) == [0, 1, 2], reps
    assert len(names) == 3 * len(dims), (len(names), len(dims))
    # population.cohort_size and birth_cohorts were --set: not priors anyway; every draw inside its prior
    lo, hi = dict(zip(dims, f["provenance/priors/lower"][:])), dict(zip(dims, f["provenance/priors/upper"][:]))
    for n, v in zip(names, d["value"][:]):
        assert lo[n] <= v <= hi[n], (n, v)
    reach = [v for n, v in zip(names, d["value"][:]) if n == "preschool.reach"]
    assert len(set(reach)) == 3, reach
with h5py.File(sys.argv[2]) as f:
    assert len(f["provenance/uncertainty/draws/value"]) == 0
PY

# a scenario that sets a parameter keeps it; compare shares the switch and the draws
cat > "$tmp/reach.toml" <<T
extends = "$root/scenarios/baseline.toml"
[scenario]
name = "reach_up"
[preschool]
reach = 0.95
T
for t in 1 2; do
    "$bin" compare "$root/scenarios/baseline.toml" "$tmp/reach.toml" --uncertainty --replicates 3 --seed 4 --threads "$t" \
        --out "$tmp/c$t.h5" "${small[@]}" --quiet >/dev/null
done
h5diff -q --exclude-path /provenance/run "$tmp/c1.h5" "$tmp/c2.h5" || { echo "compare --uncertainty: 1 and 2 threads differ"; exit 1; }
cp "$tmp/c1.h5" "$tmp/c.h5"
[ "$(attr /provenance/parameter_uncertainty "$tmp/c.h5")" = priors ] || { echo "comparison: parameter_uncertainty not 'priors'"; exit 1; }
/usr/bin/python3 - "$tmp/c.h5" <<'PY'
import sys, h5py
s = lambda a: [x.decode() if isinstance(x, bytes) else x for x in a]
with h5py.File(sys.argv[1]) as f:
    def draws(name):
        d = f["scenarios/%s/uncertainty/draws" % name]
        return {(int(r), n): v for r, n, v in zip(d["replicate"][:], s(d["name"][:]), d["value"][:])}
    b, p = draws("baseline"), draws("reach_up")
    assert ("preschool.reach" in {n for _, n in b}) and ("preschool.reach" not in {n for _, n in p})
    shared = set(b) & set(p)
    assert len(shared) == len(p) > 300, (len(shared), len(p))
    assert all(b[k] == p[k] for k in shared), "the scenarios of a comparison must share their draws"
    h = f["comparison/headline"]
    for c in ("ui_low", "ui_high", "diff_ui_low", "diff_ui_high"):
        assert c in h, c
PY
out=$("$bin" summary "$tmp/c.h5")
grep -q "95% uncertainty" <<<"$out" || { echo "summary lacks the uncertainty interval"; echo "$out"; exit 1; }
grep -q "95% Monte Carlo interval of the mean" <<<"$out" || { echo "summary does not name the Monte Carlo interval"; exit 1; }
grep -q "uncertainty interval over parameter draws" <<<"$out" || { echo "summary does not name the uncertainty interval"; exit 1; }
grep -q "too few for the 2.5 and 97.5 percentiles" <<<"$out" || { echo "summary does not warn about 3 replicates"; exit 1; }
# (outputs captured first: grep -q ending a pipe early would fail it under pipefail)
csv=$("$bin" summary "$tmp/c.h5" --csv)
grep -q "^scenario,.*,ui_low,ui_high,diff_ui_low,diff_ui_high$" <<<"$csv" || { echo "summary --csv lacks ui columns"; exit 1; }
by=$("$bin" summary "$tmp/c.h5" --by parent_edu)
grep -q "95% uncertainty" <<<"$by" || { echo "summary --by lacks the uncertainty interval"; exit 1; }
# Python's headline() has the same uncertainty columns with the same numbers as summary --csv
for by in "" parent_edu income; do
    "$bin" summary "$tmp/c.h5" --csv ${by:+--by $by} > "$tmp/s.csv"
    /usr/bin/python3 - "$tmp/c.h5" "$tmp/s.csv" "$by" <<'PY'
import sys
import numpy as np, pandas as pd
sys.path.insert(0, "python")
import pathways_results as pr
path, csv, by = sys.argv[1], sys.argv[2], [b for b in sys.argv[3:] if b]
cpp = pd.read_csv(csv, keep_default_na=False, na_values=[""])
py = pr.headline(path, by=by)
assert list(py.columns) == list(cpp.columns), (list(py.columns), list(cpp.columns))
assert len(py) == len(cpp) > 0
for c in ("ui_low", "ui_high", "diff_ui_low", "diff_ui_high"):
    a, b = py[c].to_numpy(float), cpp[c].to_numpy(float)
    assert np.isfinite(a).any(), c
    assert np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True), (by, c)
PY
done
# without uncertainty the tables are as before
"$bin" compare scenarios/baseline.toml "$tmp/reach.toml" --replicates 2 --seed 4 --out "$tmp/c0.h5" "${small[@]}" --quiet >/dev/null
plain=$("$bin" summary "$tmp/c0.h5")
! grep -q "uncertainty" <<<"$plain" || { echo "summary shows uncertainty without --uncertainty"; exit 1; }
csv=$("$bin" summary "$tmp/c0.h5" --csv)
[ "$(head -1 <<<"$csv")" = "scenario,outcome,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,replicates" ] \
    || { echo "summary --csv changed without --uncertainty"; exit 1; }
/usr/bin/python3 -c "import sys; sys.path.insert(0, 'python'); import pathways_results as pr
assert 'ui_low' not in pr.headline(sys.argv[1]).columns" "$tmp/c0.h5" || { echo "headline() has ui columns without --uncertainty"; exit 1; }

# batch: the key `uncertainty = true`; the same file as compare --uncertainty
cat > "$tmp/b.toml" <<T
scenarios = ["$root/scenarios/baseline.toml", "$tmp/reach.toml"]
replicates = 3
seed = 4
uncertainty = true
T
"$bin" batch "$tmp/b.toml" --out "$tmp/b.h5" "${small[@]}" --quiet >/dev/null
h5diff -q --exclude-path /provenance/run "$tmp/b.h5" "$tmp/c.h5" || { echo "batch with uncertainty = true differs from compare --uncertainty"; exit 1; }
printf 'scenarios = ["a.toml"]\nuncertainty = "yes"\n' > "$tmp/bad.toml"
set +e; err=$("$bin" batch "$tmp/bad.toml" 2>&1); rc=$?; set -e
[ "$rc" = 2 ] && grep -q "bad.toml:2: key 'uncertainty': expected true or false" <<<"$err" || { echo "bad batch key: rc $rc, '$err'"; exit 1; }

# project
"$bin" project scenarios/baseline.toml --from 2024 --to 2026 --uncertainty --replicates 2 --out "$tmp/p.h5" --quiet >/dev/null
[ "$(attr /provenance/parameter_uncertainty "$tmp/p.h5")" = priors ] || { echo "project: parameter_uncertainty not 'priors'"; exit 1; }
echo "uncertainty: ok"
