#!/usr/bin/env bash
# The whole test suite: install what is missing, build with tests and MPI, run CTest. The MPI
# build behaves as the default one unless started by mpirun, and lets CTest check that
# `mpirun -np 2` gives the same file as one process.
# Then, unless PATHWAYS_SANITIZERS=0: the unit and integration tests again in a build with
# AddressSanitizer + UndefinedBehaviorSanitizer (build/asan) and the determinism
# and batch tests in a ThreadSanitizer build (build/tsan; PATHWAYS_TSAN=0 skips it); and unless
# PATHWAYS_FUZZ=0, each fuzz harness for a short time (scripts/fuzz.sh; docs/robustness.md).
# Arguments go to the first CTest run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages libopenmpi-dev openmpi-bin
# In CI (CI=true) a warning is an error.
werror=OFF
[ "${CI:-}" = true ] && werror=ON
PATHWAYS_CMAKE_ARGS="-DPATHWAYS_WITH_MPI=ON -DPATHWAYS_WERROR=$werror" build
say "running the test suite"
(cd "$PATHWAYS_BUILD" && ctest --output-on-failure -j "$(nproc)" "$@")

if [ "${PATHWAYS_SANITIZERS:-1}" != 0 ]; then
    # The statistical tests are left out: their large cohorts take many minutes under ASan, and
    # they run the code paths of the unit and integration tests.
    asan="$PATHWAYS_BUILD/asan"
    say "building with AddressSanitizer + UBSan in $asan (PATHWAYS_SANITIZERS=0 skips the sanitizer steps)"
    cmake -S "$PATHWAYS_ROOT" -B "$asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHWAYS_SANITIZE=ON >/dev/null
    cmake --build "$asan" -j "$(nproc)" --target pathways pathways_unit_tests pathways_golden_tests
    say "running the unit and integration tests under ASan + UBSan"
    (cd "$asan" && ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        LSAN_OPTIONS="suppressions=$PATHWAYS_ROOT/scripts/sanitizers/lsan.supp:print_suppressions=0" \
        ctest --output-on-failure -j "$(nproc)" -L "unit|integration")
    # Every shipped scenario's golden results again: a build without link-time optimisation and
    # with other flags must give the same bits.
    say "checking the golden results in the ASan + UBSan build"
    (cd "$asan" && ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        ctest --output-on-failure -j "$(nproc)" -R "^golden: [a-z0-9_]+$")

fi

# ThreadSanitizer, unless PATHWAYS_TSAN=0: Debian's oneTBB is not instrumented, so the executor
# tells TSan about each parallel_for's fork and join (src/engine/run.cpp) and the suppressions
# leave out only oneTBB's own code (scripts/sanitizers/tsan.supp; docs/robustness.md).
if [ "${PATHWAYS_SANITIZERS:-1}" != 0 ] && [ "${PATHWAYS_TSAN:-1}" != 0 ]; then
    tsan="$PATHWAYS_BUILD/tsan"
    say "building with ThreadSanitizer in $tsan"
    cmake -S "$PATHWAYS_ROOT" -B "$tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHWAYS_SANITIZE_THREAD=ON >/dev/null
    cmake --build "$tsan" -j "$(nproc)" --target pathways
    say "running the determinism and batch tests under TSan"
    (cd "$tsan" && TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PATHWAYS_ROOT/scripts/sanitizers/tsan.supp" \
        ctest --output-on-failure -j "$(nproc)" -R "integration: (determinism|resume|sweep|shard|compare)$")
fi

if [ "${PATHWAYS_FUZZ:-1}" != 0 ]; then
    say "running each fuzz harness briefly (PATHWAYS_FUZZ=0 skips this; scripts/fuzz.sh runs them longer)"
    "$PATHWAYS_ROOT/scripts/fuzz.sh" --seconds "${PATHWAYS_FUZZ_SECONDS:-60}"
fi
