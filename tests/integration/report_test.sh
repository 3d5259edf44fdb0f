#!/usr/bin/env bash
# scripts/report.py end to end, in a real browser: a small comparison made by the simulator,
# the HTML report and its PNGs, rendered by headless Chromium. Checks (report_check.py): every
# image decoded (naturalWidth > 0, recorded by the page after its load event), no script error,
# failed resource or console message, nothing loaded from outside the file, a PNG beside the page
# for every figure, and every number of the headline table equal to /comparison/headline.
# At 1280 px wide the page has no horizontal overflow; the Dutch edition (--lang nl) passes the
# same checks and uses the Dutch terms; full-page screenshots of both editions at 1280 px are
# compared (kept in $PATHWAYS_REPORT_SCREENSHOT_DIR if that is set).
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
chrome --window-size=1280,2000 --virtual-time-budget=10000 --dump-dom "file://$tmp/site/report.html" > "$tmp/dom.html" 2> "$tmp/chromium.log" \
    || { echo "chromium --dump-dom failed:"; tail -20 "$tmp/chromium.log"; exit 1; }
"$py" tests/integration/report_check.py "$tmp/compare.h5" "$tmp/site/report.html" "$tmp/dom.html" "$tmp/chromium.log"

# at 1280 px wide, nothing runs off the right edge
grep -q "data-overflow=\"0\"" "$tmp/dom.html" || { echo "the page is wider than 1280 px"; exit 1; }

# the Dutch edition: the same page with the Dutch school terms, checked the same way
"$py" scripts/report.py "$tmp/compare.h5" --lang nl --out "$tmp/site/rapport.html" > "$tmp/written_nl.txt"
chrome --window-size=1280,2000 --virtual-time-budget=10000 --dump-dom "file://$tmp/site/rapport.html" > "$tmp/dom_nl.html" \
    2> "$tmp/chromium_nl.log" || { echo "chromium --dump-dom (nl) failed:"; tail -20 "$tmp/chromium_nl.log"; exit 1; }
"$py" tests/integration/report_check.py "$tmp/compare.h5" "$tmp/site/rapport.html" "$tmp/dom_nl.html" "$tmp/chromium_nl.log"
grep -q "<html lang=\"nl\"" "$tmp/dom_nl.html" && grep -q "data-overflow=\"0\"" "$tmp/dom_nl.html" || { echo "nl page: lang or width"; exit 1; }
for term in "voortijdig schoolverlaten" "leerjaar 3" "Per wijk" "uitgangssituatie" "Monte-Carlo-interval van het gemiddelde" \
            "Kosten en effect"; do
    grep -q "$term" "$tmp/site/rapport.html" || { echo "nl page lacks '$term'"; exit 1; }
done
for english in "Headline outcomes" "early school leaving" "Per district" "Cost against effect"; do
    ! grep -q "$english" "$tmp/site/rapport.html" || { echo "nl page still says '$english'"; exit 1; }
done

# full-page screenshots of both editions at 1280 px, compared: same width, both drawn (not blank),
# similar layout (heights within 20% of each other), and not the same picture
shots="${PATHWAYS_REPORT_SCREENSHOT_DIR:-$tmp/shots}"
mkdir -p "$shots"
for ed in report rapport; do
    chrome --hide-scrollbars --window-size=1280,9000 --screenshot="$shots/$ed.png" "file://$tmp/site/$ed.html" \
        > /dev/null 2> "$tmp/shot.log" || { echo "chromium --screenshot failed:"; tail -20 "$tmp/shot.log"; exit 1; }
done
"$py" - "$shots/report.png" "$shots/rapport.png" <<'PY'
import sys
import matplotlib.image as mpimg
import numpy as np
en, nl = (mpimg.imread(p) for p in sys.argv[1:3])
for name, im in (("en", en), ("nl", nl)):
    assert im.shape[1] == 1280, (name, im.shape)
    rows = np.flatnonzero((im[:, :, :3] < 0.95).any(axis=(1, 2)))   # rows with anything drawn
    assert len(rows) > 0 and im[:, :, :3].std() > 0.05, f"{name} screenshot is blank"
    print(f"{name}: content down to row {rows[-1]} of {im.shape[0]}")
h_en = np.flatnonzero((en[:, :, :3] < 0.95).any(axis=(1, 2)))[-1]
h_nl = np.flatnonzero((nl[:, :, :3] < 0.95).any(axis=(1, 2)))[-1]
assert abs(h_en - h_nl) <= 0.2 * max(h_en, h_nl), (h_en, h_nl)
assert en.shape != nl.shape or not np.array_equal(en, nl), "the Dutch screenshot equals the English one"
PY
echo "report_test: passed (screenshots in $shots)"
