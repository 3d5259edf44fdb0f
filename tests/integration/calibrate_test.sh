#!/usr/bin/env bash
# `pathways calibrate` end to end on a tiny Utrecht cohort: the three files and the plot, the
# out-of-sample targets, resume (a limited run continued, and a run killed with SIGKILL, end with
# the same fit as an uninterrupted one), a changed calibration file refusing to resume, and a bad
# file failing in one line that names file, line and key.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0
source "$(dirname "${BASH_SOURCE[0]}")/expect_error.sh"

cat >"$tmp/tiny.toml" <<TOML
name = "tiny"
targets = "$root/tests/statistical/targets.csv"
max_evaluations = 8

[[parameter]]
key = "preschool.reach"
lower = 0.5
upper = 0.95

[[parameter]]
key = "selection.teacher_noise_sd"
lower = 0.1
upper = 1.0
start = 0.8

[[configuration]]
name = "Utrecht"
scenario = "$root/scenarios/baseline.toml"
set = ["population.cohort_size=600", "population.birth_cohorts=1"]
targets = ["V02", "R05", "R06", "T01"]

[[configuration]]
name = "Utrecht, held out"
scenario = "$root/scenarios/baseline.toml"
set = ["population.cohort_size=600", "population.birth_cohorts=1"]
targets = ["V01", "A10"]
fit = false
TOML

# 1. uninterrupted
"$bin" calibrate "$tmp/tiny.toml" --out "$tmp/ref" --threads 1 2>"$tmp/ref.err" >"$tmp/ref.out"
for f in calibrated.toml fit.csv calibration.h5 journal.txt; do
    [ -s "$tmp/ref/$f" ] || { echo "FAIL: $f missing"; fails=1; }
done
[ "$(wc -l <"$tmp/ref.out")" -eq 3 ] || { echo "FAIL: stdout should list the three files"; cat "$tmp/ref.out"; fails=1; }
grep -q "evaluation 8 of 8" "$tmp/ref.err" || { echo "FAIL: no progress line 'evaluation 8 of 8'"; fails=1; }
grep -q "ETA" "$tmp/ref.err" || { echo "FAIL: no ETA on stderr"; fails=1; }
grep -q "^fit statistic S = sum" "$tmp/ref.err" || { echo "FAIL: the summary states no statistic"; fails=1; }
grep -q "^out of sample (not in the fit)" "$tmp/ref.err" || { echo "FAIL: no out-of-sample targets on screen"; fails=1; }
head -1 "$tmp/ref/fit.csv" |
    grep -q "^configuration,id,quantity,published,tolerance,simulated_start,se_start,z_start,simulated_best,se_best,z_best,in_fit$" ||
    { echo "FAIL: fit.csv header"; head -1 "$tmp/ref/fit.csv"; fails=1; }
[ "$(grep -c ',fit$' "$tmp/ref/fit.csv")" -eq 4 ] || { echo "FAIL: fit.csv should have 4 fitted rows"; fails=1; }
[ "$(grep -c ',out_of_sample$' "$tmp/ref/fit.csv")" -eq 2 ] || { echo "FAIL: fit.csv should have 2 out-of-sample rows"; fails=1; }
grep -q "^reach = .*# fitted by pathways calibrate" "$tmp/ref/calibrated.toml" ||
    { echo "FAIL: calibrated.toml lacks the fitted reach with its source"; fails=1; }
grep -q "^teacher_noise_sd = " "$tmp/ref/calibrated.toml" || { echo "FAIL: calibrated.toml lacks teacher_noise_sd"; fails=1; }
[ "$(grep -c '^[a-z_]* = ' "$tmp/ref/calibrated.toml")" -eq 3 ] ||
    { echo "FAIL: calibrated.toml should hold only its name and the 2 fitted keys"; cat "$tmp/ref/calibrated.toml"; fails=1; }
"$bin" check "$tmp/ref/calibrated.toml" >/dev/null || { echo "FAIL: calibrated.toml is not a valid scenario"; fails=1; }
dims=$(h5dump -H -d /calibration/evaluations/simulated "$tmp/ref/calibration.h5" | grep -o '( [0-9]*, [0-9]* )' | head -1)
[ "$dims" = "( 13, 6 )" ] ||
    { echo "FAIL: /calibration/evaluations/simulated is $dims, expected 13 evaluations (start, 8, 2 for the Jacobian, 2 out of sample) x 6 targets"; fails=1; }

# 2. resume: a run limited to 3 evaluations, continued to 8, gives the uninterrupted fit
"$bin" calibrate "$tmp/tiny.toml" --out "$tmp/part" --threads 1 --max-evaluations 3 --quiet >/dev/null
"$bin" calibrate "$tmp/tiny.toml" --out "$tmp/part" --threads 2 2>"$tmp/part.err" >/dev/null
grep -q "from the journal" "$tmp/part.err" || { echo "FAIL: the continued run replayed nothing from the journal"; fails=1; }
cmp -s "$tmp/ref/fit.csv" "$tmp/part/fit.csv" ||
    { echo "FAIL: a continued fit differs from the uninterrupted one"; diff "$tmp/ref/fit.csv" "$tmp/part/fit.csv" | head; fails=1; }
h5diff "$tmp/ref/calibration.h5" "$tmp/part/calibration.h5" /calibration/parameters /calibration/parameters ||
    { echo "FAIL: the continued fit's parameters differ"; fails=1; }

# 3. killed with SIGKILL after some evaluations, then resumed (a larger cohort, so that there is
# time to kill it), against the same calibration uninterrupted
sed 's/cohort_size=600/cohort_size=8000/' "$tmp/tiny.toml" >"$tmp/big.toml"
"$bin" calibrate "$tmp/big.toml" --out "$tmp/big_ref" --threads 1 --quiet >/dev/null
"$bin" calibrate "$tmp/big.toml" --out "$tmp/killed" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
    [ -f "$tmp/killed/journal.txt" ] && [ "$(wc -l <"$tmp/killed/journal.txt")" -ge 4 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
if kill -9 "$pid" 2>/dev/null; then echo "killed after $(($(wc -l <"$tmp/killed/journal.txt") - 1)) journaled evaluations"; fi
wait "$pid" 2>/dev/null || true
pid=""
if [ ! -f "$tmp/killed/fit.csv" ]; then
    "$bin" calibrate "$tmp/big.toml" --out "$tmp/killed" --quiet >/dev/null
    cmp -s "$tmp/big_ref/fit.csv" "$tmp/killed/fit.csv" || { echo "FAIL: a resumed fit differs from the uninterrupted one"; fails=1; }
else
    echo "FAIL: the calibration finished before it could be killed: make it longer"; fails=1
fi

# 4. a changed calibration file does not resume another's journal
sed 's/upper = 0.95/upper = 0.9/' "$tmp/tiny.toml" >"$tmp/changed.toml"
cp -r "$tmp/part" "$tmp/other"
set +e
"$bin" calibrate "$tmp/changed.toml" --out "$tmp/other" --quiet >/dev/null 2>"$tmp/changed.err"; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "FAIL: a changed file resumed (exit $rc)"; fails=1; }
grep -q "journal.txt: this journal belongs to another calibration" "$tmp/changed.err" ||
    { echo "FAIL: message: $(cat "$tmp/changed.err")"; fails=1; }

# 5. bad files: one line naming file, line and key; nothing written
set +e
sed 's/^lower = 0.1$/lower = -0.1/' "$tmp/tiny.toml" >"$tmp/bad_bound.toml"
expect_error "bound outside the schema" "bad_bound.toml:11: parameter selection.teacher_noise_sd: key 'lower'" \
    "$bin" calibrate "$tmp/bad_bound.toml" --out "$tmp/bad"
sed 's/^max_evaluations = 8$/max_evaluation = 8/' "$tmp/tiny.toml" >"$tmp/bad_key.toml"
expect_error "unknown key" "bad_key.toml:3: unknown key 'max_evaluation'" "$bin" calibrate "$tmp/bad_key.toml" --out "$tmp/bad"
mkdir "$tmp/bad_target_out"
sed 's/"V02", "R05"/"V02", "R01"/' "$tmp/tiny.toml" >"$tmp/bad_target.toml"
"$bin" calibrate "$tmp/bad_target.toml" --out "$tmp/bad_target_out" --quiet >/dev/null 2>"$tmp/bad_target.err"; rc=$?
[ -z "$(ls "$tmp/bad_target_out")" ] || { echo "FAIL: a failed calibration left files: $(ls "$tmp/bad_target_out")"; fails=1; }
[ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/bad_target.err")" -eq 1 ] &&
    grep -q "bad_target.toml:16: configuration 'Utrecht': key 'targets': the model does not compute R01" "$tmp/bad_target.err" ||
    { echo "FAIL: a target the configuration does not compute (exit $rc): $(cat "$tmp/bad_target.err")"; fails=1; }

set -e

# 6. the plot
if /usr/bin/python3 -c 'import h5py, matplotlib, numpy' 2>/dev/null; then
    png=$(/usr/bin/python3 "$root/scripts/plot_calibration.py" "$tmp/ref/calibration.h5")
    [ -s "$png" ] || { echo "FAIL: no plot"; fails=1; }
fi
exit $fails
