#!/usr/bin/env bash
# The whole test suite: install what is missing, build with tests and MPI, run CTest. The MPI
# build behaves as the default one unless started by mpirun, and lets CTest check that
# `mpirun -np 2` gives the same file as one process.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages libopenmpi-dev openmpi-bin
# In CI (CI=true) a warning is an error.
werror=OFF
[ "${CI:-}" = true ] && werror=ON
PATHWAYS_CMAKE_ARGS="-DPATHWAYS_WITH_MPI=ON -DPATHWAYS_WERROR=$werror" build
say "running the test suite"
cd "$PATHWAYS_BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"
