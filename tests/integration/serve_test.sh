#!/usr/bin/env bash
# pathways serve's JSON API on the loopback address (serve_api_check.py): the schema, a bad value
# refused with the command line's message, a comparison equal to `pathways compare` (the CSV byte
# for byte), its command line, TOML files and HDF5 file reproducing it on the command line, a
# precision target as compare's, cancel, limits, bad JSON and paths, and a clean stop on SIGTERM.
set -euo pipefail
bin="$1"; root="$2"
exec /usr/bin/python3 "$root/tests/integration/serve_api_check.py" "$bin" "$root"
