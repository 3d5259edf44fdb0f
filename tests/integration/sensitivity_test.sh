#!/usr/bin/env bash
# `pathways sensitivity` end to end on a tiny analysis (a small cohort, three parameters, Morris
# then Sobol): the file and its tables, `summary` on it, the same file on 1 and 2 threads, a run
# killed with SIGKILL that resumes from its journal to the same file, a changed sensitivity file
# refused against the journal, and bad sensitivity files refused in one line.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0

write_file() {  # write_file PATH SAMPLES [RANGE OF THE FIRST PARAMETER]
    cat > "$1" <<EOF
scenario = "$root/scenarios/baseline.toml"
policy = "$root/scenarios/ten_fourteen_citywide.toml"
set = ["population.birth_cohorts=1", "population.cohort_size=600"]
method = "both"
samples = $2
bootstrap = 200
outcomes = ["havo_vwo_diploma", "social_gap_pp"]
groups = ["parent_edu"]

[morris]
trajectories = 6
top = 2

[[parameter]]
key = "selection.teacher_noise_sd"
range = ${3:-[0.2, 0.45]}
[[parameter]]
key = "selection.teacher_bias_by_parent_edu[0]"
range = [-0.25, 0.0]
[[parameter]]
key = "routes.later_selection_noise_sd"
range = [0.10, 0.30]
EOF
}

# 1. A run: the file, its groups and the summary
write_file "$tmp/s.toml" 16
out=$("$bin" sensitivity "$tmp/s.toml" --out "$tmp/a.h5" --threads 1 --quiet)
[ "$out" = "$tmp/a.h5" ] || { echo "stdout: '$out', expected the output path"; exit 1; }
[ -f "$tmp/a.h5" ] || { echo "no output file"; exit 1; }
[ -e "$tmp/a.h5.journal" ] && { echo "the journal was left after a finished run"; fails=1; }
for d in /sensitivity/parameters/name /sensitivity/outputs/outcome /sensitivity/morris/samples /sensitivity/morris/outcomes \
         /sensitivity/morris/effects/mu_star /sensitivity/sobol/samples /sensitivity/sobol/outcomes \
         /sensitivity/sobol/indices/total_low /sensitivity/sobol/indices/first /provenance/run; do
    h5ls "$tmp/a.h5$d" >/dev/null 2>&1 || { echo "missing $d"; fails=1; }
done
# 3 parameters × (6 trajectories × 4 points) for Morris; 16 × (2 + 2) for Sobol on the top 2
h5ls "$tmp/a.h5/sensitivity/morris/samples" | grep -q "{24, 3}" || { echo "Morris samples: $(h5ls "$tmp/a.h5/sensitivity/morris/samples")"; fails=1; }
h5ls "$tmp/a.h5/sensitivity/sobol/samples" | grep -q "{64, 3}" || { echo "Sobol samples: $(h5ls "$tmp/a.h5/sensitivity/sobol/samples")"; fails=1; }
# outputs: havo_vwo_diploma for all + 3 parental-education groups, social_gap_pp for all only
h5ls "$tmp/a.h5/sensitivity/outputs/outcome" | grep -q "{5}" || { echo "outputs: $(h5ls "$tmp/a.h5/sensitivity/outputs/outcome")"; fails=1; }

"$bin" summary "$tmp/a.h5" > "$tmp/summary.txt"
grep -q "Sensitivity of the paired difference ten_fourteen_citywide - baseline (method both)" "$tmp/summary.txt" || { echo "summary:"; cat "$tmp/summary.txt"; fails=1; }
grep -q "havo_vwo_diploma, parent_edu low" "$tmp/summary.txt" || { echo "summary lacks the groups"; fails=1; }
grep -q "total index \[95%\]" "$tmp/summary.txt" || { echo "summary lacks the Sobol table"; fails=1; }
grep -q "Morris mu\* \[95%\]" "$tmp/summary.txt" || { echo "summary lacks the Morris table"; fails=1; }
"$bin" summary "$tmp/a.h5" --csv --outcomes social_gap_pp > "$tmp/summary.csv"
head -1 "$tmp/summary.csv" | grep -qx "method,outcome,group,label,parameter,index,estimate,ci_low,ci_high,rank" || { echo "CSV header: $(head -1 "$tmp/summary.csv")"; fails=1; }
# social_gap_pp, all: Sobol 2 parameters × (total, first) + Morris 3 × (mu_star, sigma)
rows=$(($(wc -l < "$tmp/summary.csv") - 1))
[ "$rows" -eq 10 ] || { echo "CSV rows: $rows, expected 10"; cat "$tmp/summary.csv"; fails=1; }
grep -q "^havo_vwo_diploma" "$tmp/summary.csv" && { echo "--outcomes did not filter"; fails=1; }

# the figures and the report's section "Which assumptions drive this conclusion"
source "$root/scripts/common.sh"
py=$(find_python)
"$py" "$root/scripts/plot_sensitivity.py" "$tmp/a.h5" --out "$tmp/fig" --groups > "$tmp/figs.txt"
[ "$(wc -l < "$tmp/figs.txt")" -eq 5 ] || { echo "plot_sensitivity.py wrote:"; cat "$tmp/figs.txt"; fails=1; }
while read -r f; do
    [ -s "$f" ] && [ "$(head -c 4 "$f" | tail -c 3)" = "PNG" ] || { echo "not a PNG: $f"; fails=1; }
done < "$tmp/figs.txt"
"$bin" compare "$root/scenarios/baseline.toml" "$root/scenarios/ten_fourteen_citywide.toml" --replicates 2 \
    --set population.birth_cohorts=1 --set population.cohort_size=600 --out "$tmp/c.h5" --quiet >/dev/null
"$py" "$root/scripts/report.py" "$tmp/c.h5" --sensitivity "$tmp/a.h5" --out "$tmp/rep/c.html" > "$tmp/rep.txt"
grep -q "<h2>Which assumptions drive this conclusion</h2>" "$tmp/rep/c.html" || { echo "the report lacks the drivers section"; fails=1; }
grep -q "_drivers_havo_vwo_diploma.png" "$tmp/rep.txt" || { echo "report.py wrote:"; cat "$tmp/rep.txt"; fails=1; }
if "$py" "$root/scripts/report.py" "$tmp/c.h5" --sensitivity "$tmp/c.h5" --out "$tmp/rep/d.html" 2> "$tmp/rep_err.txt"; then
    echo "report.py took a comparison file as a sensitivity file"; fails=1
fi
grep -q "not a pathways sensitivity file" "$tmp/rep_err.txt" || { echo "report.py: $(cat "$tmp/rep_err.txt")"; fails=1; }

# 2. The same file on 2 threads
"$bin" sensitivity "$tmp/s.toml" --out "$tmp/b.h5" --threads 2 --quiet >/dev/null
h5diff "$tmp/a.h5" "$tmp/b.h5" /sensitivity /sensitivity || { echo "1 and 2 threads differ"; fails=1; }

# 3. Killed with SIGKILL part-way, resumed: the same file; a line cut by the kill is dropped
write_file "$tmp/long.toml" 512
"$bin" sensitivity "$tmp/long.toml" --out "$tmp/ref.h5" --threads 1 --quiet >/dev/null
journal="$tmp/r.h5.journal"
lines() { [ -f "$journal" ] && wc -l < "$journal" || echo 0; }
"$bin" sensitivity "$tmp/long.toml" --out "$tmp/r.h5" --threads 1 --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 4000); do
    [ "$(lines)" -ge 40 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
done
killed=0
if kill -9 "$pid" 2>/dev/null; then killed=1; fi
wait "$pid" 2>/dev/null || true
pid=""
[ "$killed" = 1 ] || { echo "the analysis finished before it could be killed: make it longer"; exit 1; }
[ -f "$tmp/r.h5" ] && { echo "a killed run left an output file"; fails=1; }
kept=$(($(lines) - 1))
[ "$kept" -ge 1 ] || { echo "no finished sample survived the kill"; exit 1; }
printf 'sobol 77 0x1.8p+' >> "$journal"   # as if the kill had cut a line

# a changed sensitivity file is refused, the journal kept
write_file "$tmp/long.toml" 512 "[0.2, 0.5]"
source "$(dirname "${BASH_SOURCE[0]}")/expect_error.sh"
set +e  # expect_error runs commands that fail; every check below says what failed
expect_error "changed file" "was written for other inputs" "$bin" sensitivity "$tmp/long.toml" --out "$tmp/r.h5" --quiet
write_file "$tmp/long.toml" 512

"$bin" sensitivity "$tmp/long.toml" --out "$tmp/r.h5" --threads 2 > /dev/null 2> "$tmp/resume.txt" || { echo "resume failed:"; cat "$tmp/resume.txt"; exit 1; }
grep -q " run, [1-9][0-9]* from the journal)" "$tmp/resume.txt" || { echo "resume:"; cat "$tmp/resume.txt"; fails=1; }
h5diff "$tmp/ref.h5" "$tmp/r.h5" /sensitivity /sensitivity || { echo "the resumed analysis differs from an uninterrupted one"; fails=1; }
[ -e "$journal" ] && { echo "the journal was left after the resumed run"; fails=1; }

# 4. Bad sensitivity files: one line naming the file and line, nothing written
bad() {  # bad NAME WANT TEXT
    printf '%s\n' "$3" > "$tmp/bad.toml"
    expect_error "$1" "$2" "$bin" sensitivity "$tmp/bad.toml" --out "$tmp/bad.h5" --quiet
}
base="scenario = \"$root/scenarios/baseline.toml\""
par='[[parameter]]
key = "selection.teacher_noise_sd"
range = [0.2, 0.45]'
bad "unknown key" "bad.toml:2: unknown key 'sample'" "$base
sample = 3
$par"
bad "misspelt parameter" "did you mean 'selection.teacher_noise_sd'" "$base
[[parameter]]
key = \"selection.teacher_nois_sd\"
range = [0.2, 0.4]"
bad "range outside the schema" "bad.toml:2: key 'parameter.range'" "$base
[[parameter]]
key = \"selection.teacher_noise_sd\"
range = [-1, 0.4]"
bad "list without element" "is a list: name one element" "$base
[[parameter]]
key = \"selection.teacher_bias_by_parent_edu\"
range = [-0.2, 0]"
bad "list element beyond" "has 3 elements" "$base
[[parameter]]
key = \"selection.teacher_bias_by_parent_edu[3]\"
range = [-0.2, 0]"
bad "unknown outcome" "bad.toml:2: key 'outcomes': unknown outcome 'havo'" "$base
outcomes = [\"havo\"]
$par"
bad "odd levels" "expected an even number" "$base
[morris]
levels = 5
$par"
bad "no parameters" "varies no parameter" "$base"
bad "policy lever" "a parameter the policy changes is its lever" "$base
policy = \"$root/scenarios/ten_fourteen_citywide.toml\"
[[parameter]]
key = \"routes.ten_fourteen_share\"
range = [0.5, 1]"
bad "schema prior with a range" "whose prior gives the range" "$base
[[parameter]]
key = \"preschool.effect\"
range = [0, 0.2]
prior = \"schema\""
bad "schema prior missing" "has no prior" "$base
[[parameter]]
key = \"interventions.first1000_reach\"
prior = \"schema\""
expect_error "summary --by" "--by: a sensitivity file's groups" "$bin" summary "$tmp/a.h5" --by parent_edu

# 5. prior = "schema": the schema's prior of the number; the samples are its quantiles, the file names it
cat > "$tmp/schema.toml" <<T
$base
set = ["population.cohort_size=300", "population.birth_cohorts=1"]
method = "morris"
bootstrap = 0
[morris]
trajectories = 2
[[parameter]]
key = "preschool.effect"
prior = "schema"
$par
T
"$bin" sensitivity "$tmp/schema.toml" --out "$tmp/schema.h5" --quiet --threads 2 >/dev/null
/usr/bin/python3 - "$tmp/schema.h5" <<'PY' || fails=1
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    prior = [p.decode() if isinstance(p, bytes) else p for p in f["sensitivity/parameters/prior"][()]]
    x = f["sensitivity/morris/samples"][()][:, 0]
assert prior == ["schema T(0, 0.05, 0.2)", "uniform"], prior
# Morris levels u in {0, 1/3, 2/3, 1} through the quantile of T(0, 0.05, 0.2): 0, 0.0586, 0.1, 0.2
levels = [0.0, 0.2 - np.sqrt(2 / 3 * 0.2 * 0.15), 0.1, 0.2]
assert all(min(abs(v - l) for l in levels) < 1e-12 for v in x), x
PY

exit $fails
