#!/usr/bin/env bash
# Every HDF5 file a command or script reads (summary, merge, scripts/report.py, scripts/plot.py),
# when it is text, empty, truncated, damaged, a folder, missing or of the wrong kind, is refused
# with a non-zero exit and one line naming the file and what is wrong: no HDF5 diagnostics, no
# Python traceback, no file written or changed.
set -uo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$tmp.stdout" "$tmp.stderr"' EXIT
fails=0
source "$(dirname "${BASH_SOURCE[0]}")/expect_error.sh"
source "$root/scripts/common.sh"
py=$(find_python) || exit 1
cd "$tmp"

# good files to damage: a run and a comparison
"$bin" run "$root/scenarios/baseline.toml" --replicates 2 --set population.cohort_size=300 --quiet --out run.h5 >/dev/null
printf 'extends = "%s"\n[scenario]\nname = "b"\n[preschool]\nreach = 0.9\n' "$root/scenarios/baseline.toml" > b.toml
"$bin" compare "$root/scenarios/baseline.toml" b.toml --replicates 2 --set population.cohort_size=300 --quiet --out cmp.h5 >/dev/null
[ -f run.h5 ] && [ -f cmp.h5 ] || { echo "could not make the files to damage"; exit 1; }

echo "hello, I am text" > text.h5
: > empty.h5
mkdir folder.h5
head -c 4000 cmp.h5 > truncated.h5
size=$(stat -c %s cmp.h5)
head -c $((size / 2)) cmp.h5 > half.h5
# damaged inside: the superblock intact, garbage over the metadata after it
cp cmp.h5 damaged.h5
head -c 6000 /dev/zero | tr '\0' X | dd of=damaged.h5 bs=1 seek=1200 conv=notrunc status=none
cp run.h5 run_damaged.h5
head -c 6000 /dev/zero | tr '\0' X | dd of=run_damaged.h5 bs=1 seek=1200 conv=notrunc status=none

for f in text empty folder truncated half damaged missing; do
    case $f in
        text) want="text.h5: not an HDF5 file" ;;
        empty) want="empty.h5: empty file, not an HDF5 file" ;;
        folder) want="folder.h5: is a folder, not" ;;
        truncated|half) want="$f.h5: cannot open as HDF5, the file is truncated or damaged" ;;
        damaged) want="damaged.h5: " ;;
        missing) want="missing.h5" ;;
    esac
    expect_error "summary-$f" "$want" "$bin" summary "$f.h5"
    expect_error "summary-csv-out-$f" "$want" "$bin" summary "$f.h5" --csv --out table.csv
    expect_error "merge-$f" "merge: $([ $f = missing ] && echo "no such file: ")$want" "$bin" merge "$f.h5" --out merged.h5
    case $f in
        truncated|half|damaged) want="$f.h5: cannot read it as" ;;
        text) want="text.h5: not an HDF5 file" ;;
    esac
    expect_error "report-$f" "report.py: " "$py" "$root/scripts/report.py" "$f.h5" --out report.html
    expect_error "report-$f-names-file" "$f.h5" "$py" "$root/scripts/report.py" "$f.h5" --out report.html
    expect_error "plot-$f" "plot.py: " "$py" "$root/scripts/plot.py" "$f.h5" --out plots
done
expect_error plot-run-damaged "run_damaged.h5: cannot read it as a pathways results file" "$py" "$root/scripts/plot.py" run_damaged.h5 --out plots
expect_error targets-text "targets.py: text.h5: not an HDF5 file" "$py" "$root/scripts/targets.py" text.h5
expect_error targets-folder "targets.py: folder.h5: is a folder" "$py" "$root/scripts/targets.py" folder.h5
expect_error targets-damaged "targets.py: run_damaged.h5: cannot read it as a pathways results file" "$py" "$root/scripts/targets.py" run_damaged.h5
expect_error targets-comparison "targets.py: cmp.h5: cannot read it as a pathways results file" "$py" "$root/scripts/targets.py" cmp.h5
expect_error summary-run-damaged "run_damaged.h5: " "$bin" summary run_damaged.h5

# a damaged global heap (where variable-length strings live), with huge object sizes: Debian's
# libhdf5 1.10 reads out of bounds and crashes on it (found by fuzz/fuzz_h5_readers); the readers
# run in a child process first, so the command survives and says so
"$py" - <<'PY'
import re, struct
d = bytearray(open("run.h5", "rb").read())
o = d.index(b"GCOL")
for k in range(o + 16, o + 16 + 4096, 16):
    d[k + 8:k + 16] = struct.pack("<Q", 0x7fffffff0000)
open("heap.h5", "wb").write(d)
PY
expect_error summary-heap-crashes-hdf5 "heap.h5: damaged: reading it crashed the HDF5 library" "$bin" summary heap.h5
expect_error merge-heap-crashes-hdf5 "merge: heap.h5: damaged: reading it crashed the HDF5 library" "$bin" merge heap.h5 --out merged.h5

# a damaged finished unit of a batch: named, with what to do
printf 'scenarios = ["%s", "b.toml"]\nreplicates = 2\nseed = 3\n' "$root/scenarios/baseline.toml" > batch.toml
"$bin" batch batch.toml --set population.cohort_size=300 --out batch.h5 --keep-units --quiet >/dev/null
rm batch.h5
head -c 3000 /dev/zero | tr '\0' X | dd of=batch.h5.units/s00-r0001.h5 bs=1 seek=800 conv=notrunc status=none
expect_error batch-damaged-unit "cannot read the finished unit batch.h5.units/s00-r0001.h5: " \
    "$bin" batch batch.toml --set population.cohort_size=300 --out batch.h5 --quiet
expect_error batch-damaged-unit-says-remove "remove it to run that unit again" \
    "$bin" batch batch.toml --set population.cohort_size=300 --out batch.h5 --quiet

# a good file of the wrong kind
expect_error merge-results-file "merge: run.h5: not a pathways shard file (format 'pathways-results')" "$bin" merge run.h5 --out merged.h5
expect_error report-results-file "report.py: run.h5 is not a comparison file" "$py" "$root/scripts/report.py" run.h5 --out report.html
expect_error plot-comparison-file "plot.py: cmp.h5 is a comparison file (pathways compare/batch)" "$py" "$root/scripts/plot.py" cmp.h5 --out plots
# an output that cannot be written
expect_error summary-out-folder "cannot write folder.h5: it is a folder" "$bin" summary cmp.h5 --out folder.h5
expect_error report-out-folder "report.py: cannot write folder.h5: it is a folder" "$py" "$root/scripts/report.py" cmp.h5 --out folder.h5

[ "$fails" -eq 0 ] && echo "bad HDF5 files: ok"
exit "$fails"
