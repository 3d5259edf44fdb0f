#!/usr/bin/env bash
# The main job on a fresh Debian machine: install what is missing, build, run the default
# scenarios (Utrecht and the Netherlands) and write HDF5 results and plots into output/.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages
build OFF
mkdir -p output
say "running scenarios/baseline.toml (Utrecht, current system)"
./build/pathways run scenarios/baseline.toml --replicates 5 --out output/baseline.h5
say "running scenarios/baseline_nl.toml (the Netherlands, one national cohort)"
./build/pathways run scenarios/baseline_nl.toml --out output/baseline_nl.h5
py=$(find_python)
say "plotting"
"$py" scripts/plot.py output/baseline.h5 --out output/
"$py" scripts/plot.py output/baseline_nl.h5 --out output/
say "comparing the national baseline with the published figures (../shared/data/targets.csv)"
"$py" scripts/targets.py output/baseline_nl.h5 || true
echo
echo "Results:"
ls -1 "$PATHWAYS_ROOT"/output/*.h5 "$PATHWAYS_ROOT"/output/*.png | sed 's/^/  /'
