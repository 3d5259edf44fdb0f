#!/usr/bin/env bash
# pathways compare and summary end to end: thread counts do not change a comparison, the
# summary's numbers equal those recomputed from the stored replicates, an identical scenario
# gives zero differences, --precision meets its target, and bad input stops with a message and
# no results file.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
small=(--set population.cohort_size=1500 --set population.birth_cohorts=2)

cat > "$tmp/double.toml" <<T
extends = "$root/scenarios/baseline.toml"
[scenario]
name = "double_advice"
[selection]
double_advice = true
T
cat > "$tmp/same.toml" <<T
extends = "$root/scenarios/baseline.toml"
[scenario]
name = "same"
T

"$bin" compare --help | grep -q -- "--precision"
"$bin" batch --help | grep -q "batch_file"

# the thread count does not change the results
for t in 1 2; do
    out=$("$bin" compare scenarios/baseline.toml "$tmp/double.toml" "$tmp/same.toml" --replicates 4 --seed 9 \
          --threads "$t" --out "$tmp/t$t.h5" "${small[@]}" --quiet)
    [ "$out" = "$tmp/t$t.h5" ] || { echo "compare printed '$out'"; exit 1; }
done
h5diff --exclude-path /provenance/run "$tmp/t1.h5" "$tmp/t2.h5" || { echo "1 and 2 threads differ"; exit 1; }
[ ! -e "$tmp/t1.h5.units" ] || { echo "units folder left behind"; exit 1; }
listing=$(h5ls -r "$tmp/t1.h5")
for path in /comparison/headline/diff_ci_low /comparison/switch/count /scenarios/baseline/outcomes/by_group/children \
            /scenarios/double_advice/outcomes/by_group/track_year3_havo /provenance/scenario; do
    grep -q "^$path " <<<"$listing" || { echo "missing $path"; exit 1; }
done
h5dump -a /provenance/stop_reason "$tmp/t1.h5" | grep -q "fixed number of replicates (4)"

# the summary: a table, and CSV with full precision
"$bin" summary "$tmp/t1.h5" > "$tmp/summary.txt"
grep -q "havo/vwo in year 3" "$tmp/summary.txt"
grep -q "^double_advice" "$tmp/summary.txt"
"$bin" summary "$tmp/t1.h5" --csv > "$tmp/summary.csv"
[ "$(head -1 "$tmp/summary.csv")" = "scenario,outcome,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,replicates" ]
[ "$(wc -l < "$tmp/summary.csv")" -eq 22 ]  # header + 3 scenarios x 7 headline outcomes
"$bin" summary "$tmp/t1.h5" --csv --out "$tmp/written.csv" >/dev/null
cmp "$tmp/summary.csv" "$tmp/written.csv"
# a `run` file has a summary too
"$bin" run scenarios/baseline.toml --replicates 2 --out "$tmp/run.h5" "${small[@]}" --quiet >/dev/null
"$bin" summary "$tmp/run.h5" --csv | grep -q "^baseline,havo_vwo_year3,"

# recomputed independently from the stored per-replicate tables (needs h5py and numpy)
py=""
for cand in "${PATHWAYS_PYTHON:-}" /usr/bin/python3 python3; do
    [ -n "$cand" ] && "$cand" -c "import h5py, numpy" 2>/dev/null && { py="$cand"; break; }
done
if [ -n "$py" ]; then
    "$py" - "$tmp/t1.h5" "$tmp/summary.csv" <<'PY'
import csv, math, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
T975 = {3: 3.182446305284263}  # Student t, 97.5%, 3 degrees of freedom (4 replicates)
def per_replicate(name):
    t = f["scenarios"][name]["outcomes"]["by_group"]
    rep = t["replicate"][:]
    col = lambda c: np.array([t[c][:][rep == r].sum() for r in np.unique(rep)], dtype=float)
    colpe = lambda c, pe: np.array([t[c][:][(rep == r) & (t["parent_edu"][:] == pe)].sum() for r in np.unique(rep)], dtype=float)
    y3 = [f"track_year3_{k}" for k in ["pro", "vmbo_b", "vmbo_k", "vmbo_gt", "havo", "vwo"]]
    hv = lambda pe=None: sum(col(c) if pe is None else colpe(c, pe) for c in ["track_year3_havo", "track_year3_vwo"])
    al = lambda pe=None: sum(col(c) if pe is None else colpe(c, pe) for c in y3)
    hi, lo = hv(2) / al(2), hv(0) / al(0)
    return {
        "havo_vwo_year3": 100 * hv() / al(),
        "havo_vwo_diploma": 100 * (col("diploma_havo") + col("diploma_vwo")) / col("children"),
        "social_gap_pp": 100 * (hi - lo),
        "social_gap_or": (hi / (1 - hi)) / (lo / (1 - lo)),
        "misplaced_high_potential_low_edu": 100 * colpe("high_potential_year3_below_havo", 0) / colpe("high_potential", 0),
        "early_leaving": 100 * col("early_leaver") / col("children"),
        "cost_per_child": np.array([t["cost_total"][:][rep == r].sum() for r in np.unique(rep)]) / col("children"),
    }
names = [s.decode() if isinstance(s, bytes) else s for s in f["provenance"]["scenario"][:]]
vals = {n: per_replicate(n) for n in names}
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == len(names) * 7, len(rows)
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
head = f["comparison"]["headline"]
hkey = {}
for i in range(len(head["scenario"])):
    if head["group_kind"][i].decode() == "overall":
        hkey[(head["scenario"][i].decode(), head["outcome"][i].decode())] = i
for r in rows:
    v = vals[r["scenario"]][r["outcome"]]
    n = len(v)
    m, sd = v.mean(), v.std(ddof=1)
    half = T975[n - 1] * sd / math.sqrt(n)
    assert close(float(r["mean"]), m), (r, m)
    assert close(float(r["sd"]), sd), (r, sd)
    assert close(float(r["ci_low"]), m - half) and close(float(r["ci_high"]), m + half), r
    if r["scenario"] != names[0]:
        d = v - vals[names[0]][r["outcome"]]
        dh = T975[n - 1] * d.std(ddof=1) / math.sqrt(n)
        assert close(float(r["diff_mean"]), d.mean()), r
        if d.std(ddof=1) > 0:
            assert close(float(r["diff_ci_low"]), d.mean() - dh) and close(float(r["diff_ci_high"]), d.mean() + dh), r
    # and the stored headline table says the same
    i = hkey[(r["scenario"], r["outcome"])]
    assert close(head["mean"][i], m) and close(head["ci_high"][i], m + half), r
# the identical scenario: zero differences everywhere, and an all-diagonal switch table
same = [i for i in range(len(head["scenario"])) if head["scenario"][i].decode() == "same" and not math.isnan(head["mean"][i])]
assert same and all(head["diff_mean"][i] == 0 for i in same)
sw = f["comparison"]["switch"]
sc = np.array([s.decode() for s in sw["scenario"][:]])
assert (sw["baseline_value"][:][sc == "same"] == sw["scenario_value"][:][sc == "same"]).all()
# the other scenario moves children: off-diagonal cells, and every child counted once per replicate and outcome
off = (sc == "double_advice") & (sw["baseline_value"][:] != sw["scenario_value"][:])
assert off.any()
kind = np.array([s.decode() for s in sw["group_kind"][:]])
assert sw["count"][:][(sc == "double_advice") & (kind == "overall")].sum() == 2 * 4 * 2 * 1500
print("summary recomputed from the stored replicates: ok")
PY
else
    echo "note: no python with h5py and numpy; skipped the independent recomputation"
fi

# --precision: adds replicates until the target is met and says why it stopped
"$bin" compare scenarios/baseline.toml "$tmp/double.toml" --replicates 2 --precision 1.5 --outcome havo_vwo_year3 \
    --out "$tmp/p.h5" "${small[@]}" --quiet >/dev/null
h5dump -a /provenance/stop_reason "$tmp/p.h5" | grep -q "precision met"
reps=$(h5dump -a /provenance/replicates "$tmp/p.h5" | sed -n 's/.*(0): \([0-9]*\).*/\1/p')
[ "$reps" -gt 2 ] || { echo "precision run stopped at $reps replicates"; exit 1; }
"$bin" summary "$tmp/p.h5" --csv | awk -F, '$2 == "havo_vwo_year3" {
    if ($6 - $5 > 3.0 + 1e-12) { print "half-width of mean above target: " $0; bad = 1 }
    if ($7 != "" && $9 - $8 > 3.0 + 1e-12) { print "half-width of difference above target: " $0; bad = 1 } }
    END { exit bad }'

# bad input: a message, non-zero exit, no results file
expect_error() {  # name, expected text, then the pathways arguments
    local name="$1" want="$2"; shift 2
    local msg rc
    msg=$("$bin" "$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" -eq 0 ]; then echo "FAIL $name: exit 0"; exit 1; fi
    grep -qF -- "$want" <<<"$msg" || { echo "FAIL $name: message '$msg' lacks '$want'"; exit 1; }
    if ls "$tmp" | grep -q "^$name.h5"; then echo "FAIL $name: left a results file"; exit 1; fi
}
set +e
printf 'extends = "%s/scenarios/baseline.toml"\n[population]\ncohort_size = 900\n[scenario]\nname = "other"\n' "$root" > "$tmp/pop.toml"
expect_error population "sets population.cohort_size = 900 but the baseline 'baseline' has 4700" \
    compare scenarios/baseline.toml "$tmp/pop.toml" --out "$tmp/population.h5" --quiet
expect_error dup "two scenarios are named 'baseline'" compare scenarios/baseline.toml scenarios/baseline.toml --out "$tmp/dup.h5" --quiet
expect_error outcome "unknown outcome 'havo'" compare scenarios/baseline.toml "$tmp/double.toml" --precision 1 \
    --outcome havo --out "$tmp/outcome.h5" --quiet
expect_error one "compare needs a baseline and at least one other scenario" compare scenarios/baseline.toml --out "$tmp/one.h5" --quiet
printf 'scenarios = ["a.toml"]\nreplicate = 3\n' > "$tmp/bad_batch.toml"
expect_error batchkey "bad_batch.toml:2: unknown key 'replicate'" batch "$tmp/bad_batch.toml" --out "$tmp/batchkey.h5" --quiet
expect_error summary "no such file" summary "$tmp/nothing.h5"
set -e
echo "compare: ok"
