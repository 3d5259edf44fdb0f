#!/usr/bin/env bash
# `pathways summary --by`: one row per scenario × group × outcome that applies to the group, with
# the group's labels in their own CSV columns; --outcomes selects outcomes; a bad group or outcome
# stops with a message naming the valid ones. (The numbers themselves are checked against an
# independent computation in python_reader_test.py.)
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$root"
small=(--set population.cohort_size=1500 --set population.birth_cohorts=2)
printf 'extends = "%s/scenarios/baseline.toml"\n[scenario]\nname = "double_advice"\n[selection]\ndouble_advice = true\n' \
    "$root" > "$tmp/double.toml"
"$bin" compare scenarios/baseline.toml "$tmp/double.toml" --replicates 3 --out "$tmp/c.h5" "${small[@]}" --quiet >/dev/null

"$bin" summary "$tmp/c.h5" --by parent_edu --csv > "$tmp/edu.csv"
[ "$(head -1 "$tmp/edu.csv")" = "scenario,parent_edu,outcome,mean,sd,ci_low,ci_high,diff_mean,diff_ci_low,diff_ci_high,replicates" ]
# per scenario: 3 groups × 4 outcomes defined for every group (havo_vwo_year3, havo_vwo_diploma,
# early_leaving, cost_per_child) + misplacement for the low group only; no social gap within a group
[ "$(tail -n +2 "$tmp/edu.csv" | wc -l)" -eq $((2 * (3 * 4 + 1))) ] || { cat "$tmp/edu.csv"; exit 1; }
grep -q '^double_advice,low,havo_vwo_diploma,' "$tmp/edu.csv"
grep -q '^baseline,low,misplaced_high_potential_low_edu,' "$tmp/edu.csv"
! grep -q ',high,misplaced_high_potential_low_edu,' "$tmp/edu.csv"
! grep -q 'social_gap' "$tmp/edu.csv"
# the baseline has no difference against itself; the other scenario has one
awk -F, '$1 == "baseline" && $8 != "" { exit 1 }' "$tmp/edu.csv"
awk -F, '$1 == "double_advice" && $8 == "" { exit 1 }' "$tmp/edu.csv"

# combined groups, selected outcomes: parent_edu × district (10 Utrecht districts) × 1 outcome
"$bin" summary "$tmp/c.h5" --by parent_edu,district --outcomes havo_vwo_diploma --csv > "$tmp/two.csv"
[ "$(head -1 "$tmp/two.csv" | cut -d, -f1-4)" = "scenario,parent_edu,district,outcome" ]
[ "$(tail -n +2 "$tmp/two.csv" | wc -l)" -eq $((2 * 3 * 10)) ] || { cat "$tmp/two.csv"; exit 1; }
"$bin" summary "$tmp/c.h5" --by income --by birth_year --outcomes early_leaving,havo_vwo_year3 --csv > "$tmp/inc.csv"
[ "$(head -1 "$tmp/inc.csv" | cut -d, -f1-4)" = "scenario,income_group,birth_year,outcome" ]
[ "$(tail -n +2 "$tmp/inc.csv" | wc -l)" -eq $((2 * 3 * 2 * 2)) ]
grep -q '^baseline,lowest,2009,early_leaving,' "$tmp/inc.csv"

# the table for people: group labels, the interval statement
"$bin" summary "$tmp/c.h5" --by home_language > "$tmp/lang.txt"
grep -q '^double_advice *multilingual *havo/vwo diploma' "$tmp/lang.txt"
grep -q '95% Monte Carlo interval of the mean' "$tmp/lang.txt"
# a run file splits the same way
"$bin" run scenarios/baseline.toml --replicates 2 --out "$tmp/run.h5" "${small[@]}" --quiet >/dev/null
"$bin" summary "$tmp/run.h5" --by district --outcomes early_leaving --csv | grep -q '^baseline,Overvecht,early_leaving,'

set +e
msg=$("$bin" summary "$tmp/c.h5" --by school 2>&1); rc=$?
[ "$rc" -eq 2 ] && grep -q "unknown group 'school': choose from parent_edu, income, home_language, district, birth_year" <<<"$msg" \
    || { echo "bad --by: rc $rc, '$msg'"; exit 1; }
msg=$("$bin" summary "$tmp/c.h5" --outcomes havo 2>&1); rc=$?
[ "$rc" -eq 2 ] && grep -q "unknown outcome 'havo'" <<<"$msg" || { echo "bad --outcomes: rc $rc, '$msg'"; exit 1; }
set -e
echo "summary --by: ok"
