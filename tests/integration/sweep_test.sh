#!/usr/bin/env bash
# A batch with a [sweep] runs every scenario after the baseline once per combination of values;
# a swept value equal to the baseline's gives exactly zero difference.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/batch.toml" <<T
scenarios = ["$root/scenarios/baseline.toml", "$root/scenarios/ve_reach_up.toml"]
replicates = 2
seed = 3
out = "$tmp/out.h5"
[sweep.preschool]
reach = [0.73, 0.95]
quality = [1.0, 2.0]
T
"$bin" batch "$tmp/batch.toml" --set population.cohort_size=800 --quiet >/dev/null
listing=$(h5ls "$tmp/out.h5/scenarios")
[ "$(grep -c '^ve_reach_up_sweep0[1-4] ' <<<"$listing")" -eq 4 ] || { echo "expected 4 swept scenarios:"; echo "$listing"; exit 1; }
h5dump -a /scenarios/ve_reach_up_sweep01/description "$tmp/out.h5" | grep -q "preschool.quality=1,preschool.reach=0.73" \
    || { echo "the first combination should be quality=1, reach=0.73"; exit 1; }
# reach 0.73 and quality 1 are the baseline's values: the paired difference is exactly zero
/usr/bin/python3 - "$tmp/out.h5" <<'P'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    h = f["comparison/headline"]
    scen = h["scenario"].asstr()[()]
    m = scen == "ve_reach_up_sweep01"
    assert m.any(), "no headline rows for the first sweep"
    d = h["diff_mean"][()][m]
    assert np.all(d == 0), d
P
# the summary says each variant's values
"$bin" summary "$tmp/out.h5" > "$tmp/summary.txt"
grep -q "^sweep variants and their values:" "$tmp/summary.txt" \
    && grep -q "^  ve_reach_up_sweep04  preschool.quality=2, preschool.reach=0.95$" "$tmp/summary.txt" \
    || { echo "summary lacks the sweep values:"; cat "$tmp/summary.txt"; exit 1; }
echo "sweep: ok"
