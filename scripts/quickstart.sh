#!/usr/bin/env bash
# The main job on a fresh Debian machine: install what is missing, build, run the default
# scenarios (Utrecht and the Netherlands) and write HDF5 results and plots into output/, then compare
# three policies with the Utrecht baseline and write the HTML report output/report.html.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages
build pathways
mkdir -p output
say "running scenarios/baseline.toml (Utrecht, current system)"
"$PATHWAYS_BUILD"/pathways run scenarios/baseline.toml --replicates 5 --out output/baseline.h5
say "running scenarios/baseline_nl.toml (the Netherlands, one national cohort)"
"$PATHWAYS_BUILD"/pathways run scenarios/baseline_nl.toml --out output/baseline_nl.h5
py=$(find_python)
say "running scenarios/nl_old_cohorts.toml (the Netherlands, cohorts behind the year-3 and diploma figures)"
"$PATHWAYS_BUILD"/pathways run scenarios/nl_old_cohorts.toml --out output/nl_old_cohorts.h5
say "plotting"
"$py" scripts/plot.py output/baseline.h5 --out output/ --force
"$py" scripts/plot.py output/baseline_nl.h5 --out output/ --force
say "comparing the runs with the published figures they are calibrated to (tests/statistical/targets.csv)"
for f in baseline_nl nl_old_cohorts baseline; do "$py" scripts/targets.py "output/$f.h5"; echo; done
say "comparing three policies with the Utrecht baseline (same children, 5 replicates) and writing the report"
"$PATHWAYS_BUILD"/pathways compare scenarios/baseline.toml scenarios/havokans_klas.toml \
    scenarios/ten_fourteen_citywide.toml scenarios/library_at_school.toml --replicates 5 --out output/compare.h5 --quiet
"$PATHWAYS_BUILD"/pathways summary output/compare.h5
"$py" scripts/report.py output/compare.h5 --out output/report.html --force >/dev/null
echo
echo "Results:"
ls -1 "$PATHWAYS_ROOT"/output/*.h5 "$PATHWAYS_ROOT"/output/*.png | sed 's/^/  /'
echo
echo "Report (open it in a browser): $PATHWAYS_ROOT/output/report.html"
