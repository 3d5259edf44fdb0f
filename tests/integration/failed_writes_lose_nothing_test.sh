#!/usr/bin/env bash
# A full disk, a read-only folder and a write that fails halfway (a file-size limit): each ends
# with a non-zero exit and one clear line, leaves no partial or temporary file, keeps an older
# file at the same path intact and, in a batch, keeps the finished units so that the same command
# resumes to the same results. Temporary files of processes that no longer run are removed.
# The full disk is a small tmpfs when this test may mount one (root with CAP_SYS_ADMIN); else
# the file-size limit stands in for it.
set -uo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d)
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
fail() { echo "FAIL $*"; fails=1; }
cd "$tmp"

for n in a b; do printf 'extends = "%s"\n[scenario]\nname = "%s"\n[population]\ncohort_size = 300\n' "$root/scenarios/baseline.toml" "$n" > "$n.toml"; done
batch_file() { printf 'scenarios = ["%s/a.toml", "%s/b.toml"]\nreplicates = 4\nseed = 1\n' "$tmp" "$tmp" > "$1"; }
batch_file batch.toml
"$bin" batch batch.toml --quiet --out reference.h5 >/dev/null || { echo "the reference batch failed"; exit 1; }

# one_line_error NAME WANT: checks the last command's saved rc and stderr
one_line_error() {
    local name="$1" want="$2"
    [ "$rc" -ne 0 ] || fail "$name: exit 0"
    [ "$rc" -lt 128 ] || fail "$name: crashed or killed (exit $rc)"
    [ "$(wc -l < err.txt)" -eq 1 ] || { fail "$name: $(wc -l < err.txt) lines on stderr:"; head -5 err.txt; }
    grep -qF -- "$want" err.txt || fail "$name: '$(head -1 err.txt)' lacks '$want'"
    grep -q "HDF5" err.txt && fail "$name: HDF5 diagnostics"
    true
}
no_temporaries() {  # folder...
    local left
    left=$(find "$@" -name '*.tmp-*' 2>/dev/null)
    [ -z "$left" ] || fail "$name: temporary files left: $left"
}

# --- a full disk
disk="$tmp/disk"
mkdir -p "$disk"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=2200k tmpfs "$disk" 2>/dev/null; then
    mounted+=("$disk")
    echo "full disk: a 2.2 MB tmpfs"
    echo "older results" > "$disk/run.h5"
    name=run-full-disk
    "$bin" run "$root/scenarios/baseline.toml" --replicates 3 --set population.cohort_size=3000 --microdata --quiet --out "$disk/run.h5" 2>err.txt >/dev/null; rc=$?
    one_line_error "$name" "cannot write $disk/run.h5: No space left on device"
    [ "$(cat "$disk/run.h5")" = "older results" ] || fail "$name: the older file was changed"
    no_temporaries "$disk"
    rm "$disk/run.h5"

    # a batch whose units fill the disk part-way: the finished ones are kept, and after space is
    # freed the same command resumes to the reference's results
    batch_file "$disk/batch.toml"
    name=batch-full-disk
    "$bin" batch "$disk/batch.toml" --quiet --out "$disk/out.h5" 2>err.txt >/dev/null; rc=$?
    one_line_error "$name" "No space left on device; the "
    grep -qF "finished unit(s) are kept in $disk/out.h5.units: run the same command again to resume" err.txt ||
        fail "$name: no resume hint: $(cat err.txt)"
    kept=$(ls "$disk/out.h5.units" | grep -c '^s.*\.h5$')
    [ "$kept" -ge 1 ] && [ "$kept" -lt 8 ] || fail "$name: $kept units kept, expected some but not all"
    [ ! -e "$disk/out.h5" ] || fail "$name: a results file was left"
    no_temporaries "$disk"
    mount -o remount,size=20m "$disk"
    "$bin" batch "$disk/batch.toml" --quiet --out "$disk/out.h5" 2>err.txt >/dev/null || fail "$name: the resumed batch failed: $(cat err.txt)"
    h5diff --exclude-path /provenance/run reference.h5 "$disk/out.h5" >/dev/null || fail "$name: the resumed batch differs from the reference"
    umount "$disk" && mounted=()
else
    echo "full disk: no tmpfs can be mounted here; the file-size limit below stands in for it"
fi

# --- a write that fails halfway: a file-size limit of 1 MB (units are 0.6 MB, the comparison file 5 MB)
echo "older results" > old.h5
name=run-file-size-limit
(ulimit -f 1024; "$bin" run "$root/scenarios/baseline.toml" --replicates 3 --set population.cohort_size=3000 --microdata --quiet --out old.h5) 2>err.txt >/dev/null; rc=$?
one_line_error "$name" "cannot write old.h5: File too large"
[ "$(cat old.h5)" = "older results" ] || fail "$name: the older file was changed"
no_temporaries .
name=batch-file-size-limit
(ulimit -f 1024; "$bin" batch batch.toml --quiet --out limited.h5) 2>err.txt >/dev/null; rc=$?
one_line_error "$name" "cannot write limited.h5: File too large; the 8 finished unit(s) are kept in limited.h5.units"
[ ! -e limited.h5 ] || fail "$name: a results file was left"
no_temporaries .
msg=$("$bin" batch batch.toml --out limited.h5 2>&1 >/dev/null) || fail "$name: the resumed batch failed: $msg"
grep -q "0 unit(s) run, 8 resumed" <<<"$msg" || fail "$name: the resumed batch did not load the 8 units: $msg"
h5diff --exclude-path /provenance/run reference.h5 limited.h5 >/dev/null || fail "$name: the resumed batch differs from the reference"
name=summary-file-size-limit
echo "older table" > table.txt
(ulimit -f 1; "$bin" summary reference.h5 --out table.txt) 2>err.txt >/dev/null; rc=$?
one_line_error "$name" "cannot write table.txt: File too large"
[ "$(cat table.txt)" = "older table" ] || fail "$name: the older file was changed"
no_temporaries .

# --- a read-only folder: a read-only tmpfs as root, else a folder without write permission
ro="$tmp/ro"
mkdir -p "$ro"
if [ "$(id -u)" -eq 0 ]; then
    if mount -t tmpfs -o ro,size=1m tmpfs "$ro" 2>/dev/null; then mounted+=("$ro"); why="Read-only file system"
    else ro=""; echo "read-only folder: skipped (root, and no read-only mount possible)"; fi
else
    chmod 555 "$ro"; why="Permission denied"
fi
if [ -n "$ro" ]; then
    name=run-read-only
    "$bin" run "$root/scenarios/baseline.toml" --set population.cohort_size=300 --quiet --out "$ro/r.h5" 2>err.txt >/dev/null; rc=$?
    one_line_error "$name" "cannot write $ro/r.h5: $why"
    name=batch-read-only
    "$bin" batch batch.toml --quiet --out "$ro/c.h5" 2>err.txt >/dev/null; rc=$?
    one_line_error "$name" "$ro/c.h5: cannot write into $ro: $why"
    name=summary-read-only
    "$bin" summary reference.h5 --out "$ro/t.txt" 2>err.txt >/dev/null; rc=$?
    one_line_error "$name" "cannot write $ro/t.txt"
    [ -z "$(ls -A "$ro")" ] || fail "read-only: files appeared in $ro"
fi

# --- temporaries of dead processes are removed by the next write to the same place; a live
# process's are kept (pid 4194305 is above Linux's largest pid)
name=stale-temporaries
mkdir -p stale/r.h5.units
touch stale/r.h5.tmp-4194305 stale/r.h5.units/s00-r0000.h5.tmp-4194305 stale/r.h5.tmp-$$ stale/other.h5.tmp-4194305
"$bin" batch batch.toml --quiet --out stale/r.h5 >/dev/null 2>err.txt || fail "$name: the batch failed: $(cat err.txt)"
[ ! -e stale/r.h5.tmp-4194305 ] || fail "$name: a dead process's temporary beside the output was kept"
[ ! -e stale/r.h5.units ] || fail "$name: the units folder (with a dead process's temporary) was kept"
[ -e stale/r.h5.tmp-$$ ] || fail "$name: a live process's temporary was removed"
[ -e stale/other.h5.tmp-4194305 ] || fail "$name: another file's temporary was removed"
touch stale/run.h5.tmp-4194305
"$bin" run "$root/scenarios/baseline.toml" --set population.cohort_size=300 --quiet --out stale/run.h5 >/dev/null 2>&1 || fail "$name: run failed"
[ ! -e stale/run.h5.tmp-4194305 ] || fail "$name: run kept a dead process's temporary"

[ "$fails" -eq 0 ] && echo "failed writes: ok"
exit "$fails"
