#!/usr/bin/env bash
# A batch killed with SIGKILL loses no finished unit, and rerunning the same command resumes and
# ends with results identical to an uninterrupted run (h5diff sees no difference outside
# /provenance/run, which records how the run was executed: seconds, units run and resumed).
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/three_scenarios.sh"
write_three_scenarios 16
units="$tmp/out/batch.h5.units"
total=48

# the reference: uninterrupted, elsewhere
"$bin" batch "$tmp/batch.toml" --threads 1 --out "$tmp/reference.h5" --quiet >/dev/null

count_units() { ls "$units" 2>/dev/null | grep -c '^s[0-9]*-r[0-9]*\.h5$' || true; }

# kill -9 twice at moments when some but not all units are finished
kills=0
for want in 1 20; do
    "$bin" batch "$tmp/batch.toml" --threads 1 --quiet >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 2000); do
        [ "$(count_units)" -ge "$want" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.005
    done
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    pid=""
    n=$(count_units)
    echo "killed with $n of $total units finished"
    [ -f "$tmp/out/batch.h5" ] && { echo "a killed batch left a results file"; exit 1; }
done
[ "$kills" -ge 1 ] || { echo "the batch finished before it could be killed: make it longer"; exit 1; }
[ "$(count_units)" -ge 1 ] || { echo "no finished unit survived the kill"; exit 1; }

# Ctrl-C (SIGINT): says how many units are saved and how to resume, exits as interrupted (130)
"$bin" batch "$tmp/batch.toml" --threads 1 > /dev/null 2> "$tmp/int.txt" &
pid=$!
before=$(count_units)
for _ in $(seq 1 2000); do
    [ "$(count_units)" -gt "$before" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
done
interrupted=0
if kill -INT "$pid" 2>/dev/null; then interrupted=1; fi
set +e; wait "$pid"; rc=$?; set -e
pid=""
if [ "$interrupted" = 1 ] && [ "$rc" -ne 0 ]; then
    [ "$rc" -eq 130 ] || { echo "Ctrl-C: exit status $rc, not 130"; cat "$tmp/int.txt"; exit 1; }
    saved=$(count_units)
    grep -q "pathways: interrupted: $saved of $total units saved in .*batch.h5.units; rerun the same command to resume" \
        "$tmp/int.txt" || { echo "Ctrl-C message:"; cat "$tmp/int.txt"; echo "(units on disk: $saved)"; exit 1; }
    grep -q "pathways: resuming $before finished units of $total" "$tmp/int.txt" \
        || { echo "no resume message at start:"; cat "$tmp/int.txt"; exit 1; }
    echo "interrupted with $saved of $total units saved"
else
    echo "note: the batch finished before Ctrl-C reached it"
fi

# resume: the same command, to the end
msg=$("$bin" batch "$tmp/batch.toml" --threads 2 2>&1 >/dev/null)
echo "$msg" | tail -1
grep -q "resumed" <<<"$msg"
grep -q "pathways: resuming [0-9]* finished units* of $total from .*; [0-9]* still to run" <<<"$msg" \
    || { echo "no resume message: $msg"; exit 1; }
resumed=$(sed -n 's/.* \([0-9]*\) resumed.*/\1/p' <<<"$msg" | tail -1)
[ "${resumed:-0}" -ge 1 ] || { echo "nothing was resumed"; exit 1; }
[ -f "$tmp/out/batch.h5" ]
[ ! -e "$units" ] || { echo "the units folder was not removed after the file was written"; exit 1; }
ls "$tmp/out" | grep -q tmp- && { echo "a temporary file was left behind"; exit 1; }
h5diff --exclude-path /provenance/run "$tmp/reference.h5" "$tmp/out/batch.h5" \
    || { echo "the resumed batch differs from the uninterrupted one"; exit 1; }

# units from other inputs are refused, naming the problem, and no results file is written
mkdir -p "$tmp/other"
"$bin" batch "$tmp/batch.toml" --threads 2 --out "$tmp/other/x.h5" --keep-units --quiet >/dev/null
rm "$tmp/other/x.h5"
sed -i 's/seed = 42/seed = 43/' "$tmp/batch.toml"
if msg=$("$bin" batch "$tmp/batch.toml" --out "$tmp/other/x.h5" --quiet 2>&1); then
    echo "units from another seed were accepted"; exit 1
fi
grep -q "was made from other inputs" <<<"$msg" || { echo "unclear message: $msg"; exit 1; }
[ ! -f "$tmp/other/x.h5" ] || { echo "a refused batch left a results file"; exit 1; }
echo "resume: ok"
