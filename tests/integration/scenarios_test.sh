#!/usr/bin/env bash
# Every shipped scenario file parses and runs end to end on a small population.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
for f in scenarios/*.toml; do
    name=$(basename "$f" .toml)
    "$bin" run "$f" --quiet --threads 2 --out "$tmp/$name.h5" \
        --set population.cohort_size=400 --set population.birth_cohorts=1 >/dev/null \
        || { echo "scenario $f failed"; exit 1; }
    listing=$(h5ls "$tmp/$name.h5/outcomes/by_group")
    grep -q cost_total <<<"$listing" || { echo "$f: no cost columns"; exit 1; }
done
echo "scenarios: $(ls scenarios/*.toml | wc -l) ok"
