#!/usr/bin/env bash
# `project --csv` prints the planner's table; `summary` of a projection file shows it too; `export`
# writes every table of each file kind as CSV with a dictionary and refuses a folder with files
# unless --force. Checks in planner_export_check.py (numbers against the enrolment table and the
# definition of the prediction interval).
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
py=$(find_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
small=(--set population.cohort_size=1500 --set population.birth_cohorts=2)
"$bin" project scenarios/baseline.toml --from 2024 --to 2026 --replicates 3 --out "$tmp/p.h5" --quiet \
    --set projection.secondary_places=15000 --csv > "$tmp/planner.csv"
[ -s "$tmp/p.h5" ] || { echo "project --csv wrote no HDF5 file"; exit 1; }
"$bin" summary "$tmp/p.h5" > "$tmp/p.txt"
grep -q "^2025/26 *primary" "$tmp/p.txt" || { cat "$tmp/p.txt"; exit 1; }
"$bin" summary "$tmp/p.h5" --csv | cmp - "$tmp/planner.csv"
"$bin" run scenarios/baseline.toml --replicates 2 --out "$tmp/r.h5" "${small[@]}" --quiet >/dev/null
"$bin" compare scenarios/baseline.toml scenarios/havokans_klas.toml --replicates 2 --out "$tmp/c.h5" "${small[@]}" --quiet >/dev/null
for k in r c p; do "$bin" export "$tmp/$k.h5" --to "$tmp/export_$k" > "$tmp/export_$k.txt"; done
"$bin" summary "$tmp/c.h5" --csv | cmp - "$tmp/export_c/summary.csv"
set +e
msg=$("$bin" export "$tmp/c.h5" --to "$tmp/export_c" 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "is not empty: choose another --to, or add --force" <<<"$msg" || { echo "rc $rc: $msg"; exit 1; }
"$bin" export "$tmp/c.h5" --to "$tmp/export_c" --force >/dev/null
"$bin" summary "$tmp/c.h5" > "$tmp/c.txt"
"$py" "$root/tests/integration/planner_export_check.py" "$tmp"
echo "planner and export: ok"
