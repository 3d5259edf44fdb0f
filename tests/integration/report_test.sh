#!/usr/bin/env bash
# scripts/report.py end to end, in a real browser: a small comparison made by the simulator,
# the HTML report and its PNGs, rendered by headless Chromium. Checks (report_check.py): every
# image decoded (naturalWidth > 0, recorded by the page after its load event), no script error,
# failed resource or console message, nothing loaded from outside the file, a PNG beside the page
# for every figure, and every number of the headline table equal to /comparison/headline.
# Also takes a full-page screenshot (kept as $PATHWAYS_REPORT_SCREENSHOT if that is set).
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
browser=$(command -v chromium || true)
[ -n "$browser" ] || { echo "report_test: chromium not found; install the Debian package chromium (scripts/test.sh does: it is in PATHWAYS_PACKAGES of scripts/common.sh)" >&2; exit 1; }
py=$(find_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"

"$bin" compare scenarios/baseline.toml scenarios/havokans_klas.toml scenarios/ten_fourteen_citywide.toml \
    --replicates 3 --seed 11 --set population.cohort_size=1500 --set population.birth_cohorts=2 \
    --out "$tmp/compare.h5" --quiet >/dev/null
"$py" scripts/report.py "$tmp/compare.h5" --out "$tmp/site/report.html" > "$tmp/written.txt"
[ "$(tail -1 "$tmp/written.txt")" = "$tmp/site/report.html" ] || { echo "report.py printed:"; cat "$tmp/written.txt"; exit 1; }

# named after the input file by default, and never silently overwritten (numbered, or --force)
"$py" scripts/report.py "$tmp/compare.h5" > "$tmp/w1.txt"
[ "$(tail -1 "$tmp/w1.txt")" = "$tmp/compare_report.html" ] || { echo "default name:"; cat "$tmp/w1.txt"; exit 1; }
"$py" scripts/report.py "$tmp/compare.h5" > "$tmp/w2.txt"
[ "$(tail -1 "$tmp/w2.txt")" = "$tmp/compare_report_2.html" ] || { echo "second report:"; cat "$tmp/w2.txt"; exit 1; }
grep -q "compare_report_2_cost.png" "$tmp/w2.txt"
"$py" scripts/report.py "$tmp/compare.h5" --force > "$tmp/w3.txt"
[ "$(tail -1 "$tmp/w3.txt")" = "$tmp/compare_report.html" ] && [ ! -e "$tmp/compare_report_3.html" ] \
    || { echo "--force:"; cat "$tmp/w3.txt"; exit 1; }

chrome() {  # a fresh profile each time, no network, no GPU
    local profile; profile=$(mktemp -d -p "$tmp")
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
        --disable-dev-shm-usage --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}
chrome --virtual-time-budget=10000 --dump-dom "file://$tmp/site/report.html" > "$tmp/dom.html" 2> "$tmp/chromium.log" \
    || { echo "chromium --dump-dom failed:"; tail -20 "$tmp/chromium.log"; exit 1; }
"$py" tests/integration/report_check.py "$tmp/compare.h5" "$tmp/site/report.html" "$tmp/dom.html" "$tmp/chromium.log"

shot="${PATHWAYS_REPORT_SCREENSHOT:-$tmp/screenshot.png}"
chrome --hide-scrollbars --window-size=1400,9000 --screenshot="$shot" "file://$tmp/site/report.html" \
    > /dev/null 2> "$tmp/shot.log" || { echo "chromium --screenshot failed:"; tail -20 "$tmp/shot.log"; exit 1; }
size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
[ "$size" -gt 100000 ] || { echo "screenshot $shot is missing or nearly empty ($size bytes)"; exit 1; }
echo "report_test: passed (screenshot $shot, $size bytes)"
