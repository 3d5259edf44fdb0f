#!/usr/bin/env bash
# python/pathways_results on files the simulator writes now (python_reader_test.py).
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
py=$(find_python)
"$py" -c "import pandas" 2>/dev/null || { echo "pandas missing: apt-get install python3-pandas (scripts/test.sh installs it)"; exit 1; }
exec "$py" "$root/tests/integration/python_reader_test.py" "$bin" "$root"
