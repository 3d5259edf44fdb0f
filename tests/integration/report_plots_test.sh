#!/usr/bin/env bash
# Runs report_plots_test.py (the plot functions of scripts/report.py on a small comparison made
# by the simulator) with an interpreter that has h5py, numpy and matplotlib.
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
py=$(find_python)
exec "$py" "$root/tests/integration/report_plots_test.py" "$bin" "$root"
