#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer harnesses in fuzz/ with clang-14 (ASan + UBSan, build/fuzz) and
# runs each for a while. scripts/test.sh runs them for 60 s each; for a real search run them
# longer, e.g. 20 minutes each, side by side:
#
#   scripts/fuzz.sh --seconds 1200                      # every harness, one after another
#   scripts/fuzz.sh --seconds 1200 --parallel            # all at once (one core each)
#   scripts/fuzz.sh --seconds 600 h5_readers            # one harness
#
# Harnesses: scenario (a scenario file and --set overrides), batch_file, h5_readers (summary's
# and merge's readers). Seeds: scenarios/*.toml, small batch files, and small run, comparison,
# shard and unit files written by the fuzz build's pathways. New inputs collect in
# build/fuzz/corpus/<harness>; a crash is saved as build/fuzz/artifacts/<harness>-crash-*, the
# script fails, and the input belongs in fuzz/regressions/<harness>/ (run first every time) with
# the fix. Per harness the last line says how long it ran and how many inputs it executed.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"

seconds=60 parallel=0 harnesses=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --parallel) parallel=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) harnesses+=("$1"); shift ;;
    esac
done
[ ${#harnesses[@]} -gt 0 ] || harnesses=(scenario batch_file h5_readers)

ensure_packages clang-14 libfuzzer-14-dev
fuzz="$PATHWAYS_BUILD/fuzz"
say "building the fuzz harnesses in $fuzz (clang-14, libFuzzer, ASan + UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S "$PATHWAYS_ROOT" -B "$fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHWAYS_FUZZ=ON \
    -DPATHWAYS_BUILD_TESTS=OFF >/dev/null
targets=()
for h in "${harnesses[@]}"; do targets+=(--target "fuzz_$h"); done
cmake --build "$fuzz" -j "$(nproc)" "${targets[@]}"
# the ordinary build's pathways writes the HDF5 seeds
bin="$PATHWAYS_BUILD/pathways"
if [ ! -x "$bin" ]; then PATHWAYS_PGO=0 build pathways; fi

# seeds (rewritten each time; small, so that each execution is quick)
seeds="$fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/scenario" "$seeds/batch_file" "$seeds/h5_readers" "$fuzz/artifacts"
for f in scenarios/*.toml; do cp "$f" "$seeds/scenario/"; done
printf '[preschool]\nreach = 0.5\n\0preschool.effect=0.1\nselection.double_advice=true\n' > "$seeds/scenario/with_set.toml"
printf '[uncertainty.preschool]\neffect = [0.0, 0.2]\n' > "$seeds/scenario/uncertainty.toml"
printf '[uncertainty]\npriors = true\n[uncertainty.preschool]\neffect = [0.0, 0.2]\n' > "$seeds/scenario/priors.toml"
printf 'scenarios = ["a.toml", "b.toml"]\nreplicates = 4\nuncertainty = true\n' > "$seeds/batch_file/uncertainty.toml"
printf 'scenarios = ["a.toml", "b.toml"]\nreplicates = 4\nseed = 42\nout = "out/batch.h5"\n' > "$seeds/batch_file/plain.toml"
printf 'scenarios = ["a.toml", "b.toml"]\nprecision = 0.5\noutcomes = ["havo_vwo_year3"]\nmax_replicates = 40\n[sweep]\npreschool.reach = [0.5, 0.9]\nselection.double_advice = [true, false]\n' > "$seeds/batch_file/sweep.toml"
h5seeds="$seeds/h5_readers"
small=(--set population.cohort_size=40 --set population.birth_cohorts=1 --replicates 2 --quiet)
# the national baseline: few districts, so few rows and small files
nl="$PATHWAYS_ROOT/scenarios/baseline_nl.toml"
printf 'extends = "%s"\n[scenario]\nname = "b"\n[preschool]\nreach = 0.9\n' "$nl" > "$h5seeds/b.toml"
printf 'scenarios = ["%s", "b.toml"]\nreplicates = 2\nseed = 1\nout = "c.h5"\n' "$nl" > "$h5seeds/batch.toml"
(
    cd "$h5seeds"
    "$bin" run "$nl" "${small[@]}" --out run.h5 >/dev/null
    "$bin" batch batch.toml --set population.cohort_size=40 --set population.birth_cohorts=1 --quiet --keep-units >/dev/null
    "$bin" batch batch.toml --set population.cohort_size=40 --set population.birth_cohorts=1 --quiet --shard 1/2 --out shard.h5 >/dev/null
    cp c.h5.units/s00-r0000.h5 unit.h5
    rm -rf c.h5.units b.toml batch.toml shards
)

run_one() {
    local h="$1" corpus="$fuzz/corpus/$1" regressions="$PATHWAYS_ROOT/fuzz/regressions/$1" log="$fuzz/$1.log"
    # the harness writes each input into its work folder, beside copies of scenarios/, so that
    # `extends = "baseline.toml"` in a seed resolves
    local work="$fuzz/work/$h"
    rm -rf "$work"
    mkdir -p "$corpus" "$regressions" "$work"
    cp scenarios/*.toml "$work/"
    say "fuzzing $h for $seconds s"
    local rc=0
    # -rss_limit_mb=0: no RSS-watching thread, which can hold an allocator lock when the readers
    # fork their probe (io::h5::probe_read), leaving the child stuck; -malloc_limit_mb bounds memory
    TMPDIR="$work" ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$fuzz/fuzz/fuzz_$h" "$corpus" "$regressions" "$seeds/$h" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=0 -malloc_limit_mb=2048 \
        -max_len="$([ "$h" = h5_readers ] && echo 4194304 || echo 65536)" -print_final_stats=1 -artifact_prefix="$fuzz/artifacts/$h-" >"$log" 2>&1 || rc=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$rc" -ne 0 ]; then
        grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -20 >&2
        echo "fuzz $h: FAILED after ${execs:-?} executions (log: $log)" >&2
        return 1
    fi
    echo "fuzz $h: ${seconds} s, ${execs:-?} executions, no finding"
}

status=0
if [ "$parallel" = 1 ]; then
    pids=()
    for h in "${harnesses[@]}"; do run_one "$h" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || status=1; done
else
    for h in "${harnesses[@]}"; do run_one "$h" || status=1; done
fi
exit "$status"
