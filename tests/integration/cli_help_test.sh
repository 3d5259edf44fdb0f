#!/usr/bin/env bash
# The command line for a new user: `pathways` alone prints the overview and exits 2 (a usage
# error); every subcommand's --help has examples and shows defaults; batch --help lists the batch
# file's keys (and sensitivity --help the sensitivity file's); `check` reports every error of every file in one go.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
set +e
out=$("$bin" 2>"$tmp/err"); rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "pathways alone: exit $rc"; exit 1; }
grep -q "^Subcommands:" <<<"$out" && grep -q "^  summary" <<<"$out" && grep -q "^Examples:" <<<"$out" \
    || { echo "no overview: $out"; exit 1; }
grep -q "choose a command" "$tmp/err"
"$bin" --help | grep -q "^Examples:"
for c in run check params project compare batch merge summary export calibrate serve sensitivity; do
    h=$("$bin" "$c" --help)
    grep -q "^Examples:" <<<"$h" || { echo "$c --help has no examples"; exit 1; }
    grep -q "  pathways $c " <<<"$h" || { echo "$c --help: no example of $c"; exit 1; }
done
"$bin" run --help | grep -q -- "--seed UINT[^ ]*=20240101"
"$bin" run --help | grep -q -- "--replicates INT:INT in \[1 - 100000\]=1"
"$bin" project --help | grep -q -- "--from INT:INT in \[1950 - 2100\]=2024"
"$bin" serve --help | grep -q -- "--bind TEXT=127.0.0.1"
b=$("$bin" batch --help)
for key in scenarios replicates seed out precision outcomes max_replicates sweep; do
    grep -q "^  \[*$key" <<<"$b" || { echo "batch --help lacks the key $key"; exit 1; }
done
k=$("$bin" calibrate --help)
for key in name targets replicates seed algorithm max_evaluations relative_tolerance identifiability_fraction \
           "\[\[parameter\]\]" "\[\[configuration\]\]" "\[tolerance\]"; do
    grep -q "^  $key" <<<"$k" || { echo "calibrate --help lacks the key $key"; exit 1; }
done
"$bin" calibrate --help | grep -q -- "--max-evaluations INT:INT in \[0 - 100000\]=0"
h=$("$bin" sensitivity --help)
for key in scenario policy set method samples seed bootstrap outcomes groups out "\[morris\]" "\[\[parameter\]\]"; do
    grep -q "^  $key" <<<"$h" || { echo "sensitivity --help lacks the key $key"; exit 1; }
done
grep -q -- "--threads INT:INT in \[0 - 4096\]=0" <<<"$h" || { echo "sensitivity --help: --threads without its default"; exit 1; }
set +e
"$bin" summary --nonsense >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "unknown option: exit $rc, not 2"; exit 1; }

# check: every error of every file, in one go
cat > "$tmp/multi.toml" <<T
extends = "$root/scenarios/baseline.toml"
[preschool]
reech = 0.9
reach = 2
[selection]
double_advice = "yes"
T
printf '[population]\ncohort_size = -5\n' > "$tmp/second.toml"
set +e
msg=$("$bin" check "$tmp/multi.toml" "$root/scenarios/baseline.toml" "$tmp/second.toml" 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "check: exit $rc"; exit 1; }
for want in "multi.toml:3: unknown key 'preschool.reech'" "multi.toml:4: key 'preschool.reach'" \
            "multi.toml:6: key 'selection.double_advice'" "second.toml:2: key 'population.cohort_size'" \
            "baseline.toml: ok"; do
    grep -qF "$want" <<<"$msg" || { echo "check: '$want' missing from: $msg"; exit 1; }
done
[ "$(grep -c "error:" <<<"$msg")" -eq 4 ] || { echo "check: not four errors: $msg"; exit 1; }
! ls -a "$tmp" | grep -q check- || { echo "check left its copy behind"; exit 1; }
echo "cli help and check: ok"
