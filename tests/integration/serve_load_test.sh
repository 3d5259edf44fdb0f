#!/usr/bin/env bash
# A bounded load test of pathways serve: 4 rounds of 50 concurrent requests of every kind to the
# loopback address (serve_load_check.py); none lost, none answered 5xx, the server stays up.
set -euo pipefail
bin="$1"; root="$2"
exec /usr/bin/python3 "$root/tests/integration/serve_load_check.py" "$bin" "$root"
