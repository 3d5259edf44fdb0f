#!/usr/bin/env bash
# mpirun -np 2: the units are spread over the ranks, rank 0 writes the file, identical to a
# single process (outside /provenance/run). A failing rank ends the run non-zero with its
# message, and the finished units resume. Registered only when built with PATHWAYS_WITH_MPI.
set -euo pipefail
bin="$1"; root="$2"; mpirun="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpi=("$mpirun" -np 2 --oversubscribe)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)

source "$(dirname "${BASH_SOURCE[0]}")/three_scenarios.sh"
write_three_scenarios 6

"$bin" batch "$tmp/batch.toml" --threads 2 --out "$tmp/reference.h5" --quiet >/dev/null
"${mpi[@]}" "$bin" batch "$tmp/batch.toml" --threads 1 2> "$tmp/err.txt" > "$tmp/out.txt"
cat "$tmp/err.txt"
[ "$(cat "$tmp/out.txt")" = "$tmp/out/batch.h5" ] || { echo "stdout should name the file once: $(cat "$tmp/out.txt")"; exit 1; }
[ "$(grep -c 'MPI ranks' "$tmp/err.txt")" = 1 ] || { echo "the summary should be printed once, by rank 0"; exit 1; }
h5diff --exclude-path /provenance/run "$tmp/reference.h5" "$tmp/out/batch.h5" \
    || { echo "the MPI run differs from the single process"; exit 1; }
[ "$(h5dump -a /provenance/run/ranks "$tmp/out/batch.h5" | sed -n 's/.*(0): //p')" = 2 ]
[ ! -e "$tmp/out/batch.h5.units" ] || { echo "the units folder was left"; exit 1; }

# unit k = replicate × 3 + scenario runs on rank k % 2: a corrupt unit 1 (s01-r0000) fails rank 1
rm "$tmp/out/batch.h5"
mkdir -p "$tmp/out/batch.h5.units"
echo "not HDF5" > "$tmp/out/batch.h5.units/s01-r0000.h5"
if "${mpi[@]}" "$bin" batch "$tmp/batch.toml" --threads 1 --quiet > /dev/null 2> "$tmp/err.txt"; then
    echo "a failing rank did not fail the run"; exit 1
fi
grep -q "rank 1 of 2: cannot read the finished unit" "$tmp/err.txt" || { echo "unclear message:"; cat "$tmp/err.txt"; exit 1; }
[ ! -e "$tmp/out/batch.h5" ] || { echo "a failed run wrote the file"; exit 1; }
rm "$tmp/out/batch.h5.units/s01-r0000.h5"
"${mpi[@]}" "$bin" batch "$tmp/batch.toml" --threads 1 2> "$tmp/err.txt" >/dev/null
tail -1 "$tmp/err.txt"
h5diff --exclude-path /provenance/run "$tmp/reference.h5" "$tmp/out/batch.h5" \
    || { echo "the resumed MPI run differs from the single process"; exit 1; }

# bad inputs: one message (from rank 0), non-zero exit
if "${mpi[@]}" "$bin" batch "$tmp/nonexistent.toml" > /dev/null 2> "$tmp/err.txt"; then echo "bad input accepted"; exit 1; fi
[ "$(grep -c 'pathways: error' "$tmp/err.txt")" = 1 ] || { echo "expected one error message:"; cat "$tmp/err.txt"; exit 1; }
echo "mpi: ok"
