#!/usr/bin/env bash
# Benchmark: child-years per second for a national-size cohort (170,000 children from birth to
# age 19, scenarios/baseline_nl.toml) on 1 and 2 threads. Reports the median of several runs of
# the simulation proper (the seconds in /provenance/run, without reading and writing files).
#   scripts/bench.sh [runs per thread count, default 5] [thread counts, default "1 2"]
set -euo pipefail
# Its own build folder, guided by a profile (PATHWAYS_PGO, scripts/common.sh), so the tests' build
# in build/ is not rebuilt with other flags.
PATHWAYS_BUILD="${PATHWAYS_BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build/bench}"
PATHWAYS_PGO="${PATHWAYS_PGO:-1}"
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages
build pathways >/dev/null
runs="${1:-5}"
threads="${2:-1 2}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for t in $threads; do
    rates=()
    for ((k = 0; k < runs; k++)); do
        "$PATHWAYS_BUILD"/pathways run scenarios/baseline_nl.toml --threads "$t" --quiet --out "$tmp/bench.h5" >/dev/null
        cy=$(h5dump -a /provenance/child_years "$tmp/bench.h5" | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
        secs=$(h5dump -a /provenance/run/seconds "$tmp/bench.h5" | sed -n 's/.*(0): \([0-9.e+-]*\).*/\1/p')
        rates+=("$(awk -v c="$cy" -v s="$secs" 'BEGIN { printf "%.6e", c / s }')")
    done
    median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    best=$(printf '%s\n' "${rates[@]}" | sort -g | tail -1)
    label="threads"; [ "$t" = 1 ] && label="thread"
    # the best run beside the median: on a shared machine their distance shows how noisy it was
    printf '%s %s: %.2e child-years/s (median of %d runs, best %.2e, %s child-years per run)\n' "$t" "$label" "$median" "$runs" "$best" "$cy"
done
