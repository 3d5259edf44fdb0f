#!/usr/bin/env bash
# `pathways project` writes the planner's tables, identically on 1 and 2 threads, and reports a
# capacity shortfall.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
for t in 1 2; do
    "$bin" project scenarios/baseline.toml --from 2024 --to 2028 --replicates 2 --threads "$t" --out "$tmp/p$t.h5" --quiet >/dev/null
done
h5diff --exclude-path /provenance/run "$tmp/p1.h5" "$tmp/p2.h5" || { echo "projection differs between 1 and 2 threads"; exit 1; }
listing=$(h5ls -r "$tmp/p1.h5")
for path in /projection/pupils/mean /projection/pupils/ci_high /projection/pupils/shortfall /projection/residents/ages_0_3; do
    grep -q "^$path " <<<"$listing" || { echo "missing $path"; exit 1; }
done
msg=$("$bin" project scenarios/baseline.toml --from 2024 --to 2026 --replicates 2 --out "$tmp/cap.h5" \
        --set projection.secondary_places=1000 2>&1 >/dev/null)
grep -q "shortfall 2024/25 city secondary_at_city_schools" <<<"$msg" || { echo "no shortfall reported: $msg"; exit 1; }
"$bin" project scenarios/baseline.toml --from 2030 --to 2024 --out "$tmp/bad.h5" --quiet 2>/dev/null && { echo "--to before --from accepted"; exit 1; }
[ ! -e "$tmp/bad.h5" ]
# the plot of a projection, and of two projections against each other
source "$root/scripts/common.sh"
py=$(find_python)
"$bin" project scenarios/ten_fourteen_citywide.toml --from 2024 --to 2028 --replicates 2 --out "$tmp/tf.h5" --quiet >/dev/null
"$py" scripts/plot.py "$tmp/p1.h5" --out "$tmp/png" --compare "$tmp/tf.h5" > "$tmp/plot.txt"
[ -s "$tmp/png/p1_projection.png" ] && [ -s "$tmp/png/p1_projection_vs_tf.png" ] \
    || { echo "projection plots missing"; cat "$tmp/plot.txt"; exit 1; }
# figures are named after the input file; a second plot of it gets numbered names, --force overwrites
"$py" scripts/plot.py "$tmp/p1.h5" --out "$tmp/png" > "$tmp/plot2.txt"
grep -q "p1_projection_2.png$" "$tmp/plot2.txt" || { echo "second plot not numbered"; cat "$tmp/plot2.txt"; exit 1; }
"$py" scripts/plot.py "$tmp/p1.h5" --out "$tmp/png" --force > "$tmp/plot3.txt"
grep -q "p1_projection.png$" "$tmp/plot3.txt" && [ ! -e "$tmp/png/p1_projection_3.png" ] \
    || { echo "--force did not overwrite"; cat "$tmp/plot3.txt"; exit 1; }
# a comparison file: a one-line message naming report.py, no traceback
"$bin" compare scenarios/baseline.toml scenarios/ten_fourteen_citywide.toml --replicates 2 --set population.cohort_size=500 \
    --out "$tmp/c.h5" --quiet >/dev/null
set +e
msg=$("$py" scripts/plot.py "$tmp/c.h5" --out "$tmp/png" 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "is a comparison file.*scripts/report.py" <<<"$msg" && ! grep -q Traceback <<<"$msg" \
    || { echo "plot.py on a comparison file: rc $rc, '$msg'"; exit 1; }
grep -q "10–14 school .*2024: +" "$tmp/plot.txt" || { echo "no 10-14 difference printed"; cat "$tmp/plot.txt"; exit 1; }
echo "project: ok"
