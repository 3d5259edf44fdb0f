#!/usr/bin/env bash
# Issue 28's "done when", through the command line and the per-child microdata (--microdata):
# the worked example scenarios/targeted_2026.toml (from 2026, VE hours and a havokans-klas in
# Overvecht and Zuidwest) against the baseline with the same fourteen cohorts. Every child outside
# those districts, and every child inside them who passed both stages before 2026 (VE at 2, the
# transition at 12 after any repeats), has the same microdata bit for bit; children reached change.
# The couplings between children (peer effect, shortage gradient, position in class) are off, so
# the comparison sees the levers alone (docs/scenarios.md, "Who else feels it").
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
py=$(find_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
common=(--set primary.peer_effect=0 --set primary.shortage_gradient=0 --set secondary.retention_selectivity=0
        --set secondary.exam_selectivity=0 --set secondary.early_leaving_selectivity=0
        --set population.first_birth_year=2012 --set population.birth_cohorts=14 --set population.cohort_size=1200
        --replicates 1 --seed 5 --threads 2 --microdata --quiet)
"$bin" run "$root/scenarios/baseline.toml" "${common[@]}" --out "$tmp/base.h5" >/dev/null
"$bin" run "$root/scenarios/targeted_2026.toml" "${common[@]}" --out "$tmp/targeted.h5" >/dev/null
"$py" - "$tmp/base.h5" "$tmp/targeted.h5" <<'PY'
import sys
import h5py
import numpy as np

a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
ma, mb = a["microdata/replicate_000"], b["microdata/replicate_000"]
columns = sorted(ma.keys())
assert columns == sorted(mb.keys())
key = lambda m: m["birth_year"][()].astype(np.int64) * 10**7 + m["child"][()]
order_a, order_b = np.argsort(key(ma)), np.argsort(key(mb))
assert np.array_equal(key(ma)[order_a], key(mb)[order_b]), "not the same children"
same = np.ones(len(order_a), dtype=bool)
for c in columns:  # bit for bit: the values' bytes, NaN included
    x, y = ma[c][()][order_a], mb[c][()][order_b]
    same &= (x.view(np.uint8).reshape(len(x), -1) == y.view(np.uint8).reshape(len(y), -1)).all(axis=1)
names = [n.decode() for n in a["labels/district"][()]]
district = ma["district"][()][order_a]
inside = np.isin(district, [names.index("Overvecht"), names.index("Zuidwest")])
born = ma["birth_year"][()][order_a].astype(int)
kept = ma["retained_primary"][()][order_a].astype(int)
transition = born + 12 + (kept & 1) + (kept >> 1)   # the year the child starts secondary school
past = (transition < 2026) & (born + 2 < 2026)        # past the transition and past VE in 2026
outside_same, past_same = same[~inside].all(), same[inside & past].all()
changed = (~same[inside & ~past]).sum()
print(f"outside: {(~inside).sum()} children, all identical: {outside_same}; inside, past both stages: "
      f"{(inside & past).sum()}, all identical: {past_same}; inside, reached: {(inside & ~past).sum()}, changed: {changed}")
assert (~inside).sum() > 10000 and (inside & past).sum() > 300
assert outside_same and past_same
assert changed > 20
PY
echo "levers: ok"
