#!/usr/bin/env bash
# R/pathways_results.R on files the simulator writes now (r_reader_test.R): tables, decoded codes,
# and the interval against the C++ summary.
set -euo pipefail
bin="$1"; root="$2"
command -v Rscript >/dev/null && Rscript -e 'library(hdf5r)' >/dev/null 2>&1 ||
    { echo "R with hdf5r missing: apt-get install r-base-core r-cran-hdf5r (scripts/test.sh installs them)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
small=(--set population.cohort_size=1500 --set population.birth_cohorts=2)
printf 'extends = "%s/scenarios/baseline.toml"\n[scenario]\nname = "double_advice"\n[selection]\ndouble_advice = true\n' \
    "$root" > "$tmp/double.toml"
"$bin" compare scenarios/baseline.toml "$tmp/double.toml" --replicates 3 --out "$tmp/c.h5" "${small[@]}" --quiet >/dev/null
"$bin" run scenarios/baseline.toml --replicates 2 --microdata --out "$tmp/r.h5" "${small[@]}" --quiet >/dev/null
"$bin" project scenarios/baseline.toml --from 2024 --to 2026 --replicates 2 --out "$tmp/p.h5" --quiet >/dev/null
"$bin" summary "$tmp/c.h5" --csv --out "$tmp/c.csv" >/dev/null
"$bin" summary "$tmp/c.h5" > "$tmp/c.txt"
Rscript "$root/tests/integration/r_reader_test.R" "$root" "$tmp"
