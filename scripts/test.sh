#!/usr/bin/env bash
# The whole test suite: install what is missing, build with tests, run CTest.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages
build
say "running the test suite"
cd "$PATHWAYS_BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"
