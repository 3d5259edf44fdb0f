#!/usr/bin/env bash
# Every kind of bad input a user can give (scenario files, extends chains, flags, --set, batch
# files, output paths) stops the program with a non-zero exit and one line naming the file, line
# and key where they exist, without a crash and without creating or changing any file.
set -uo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$tmp.stdout" "$tmp.stderr"' EXIT
fails=0
source "$(dirname "${BASH_SOURCE[0]}")/expect_error.sh"
cd "$tmp"
base="$root/scenarios/baseline.toml"
small=(--set population.cohort_size=300 --replicates 1 --quiet)

# --- scenario files
mkdir folder
expect_error scenario-is-folder "folder: is a folder, not a scenario file" "$bin" run folder "${small[@]}"
printf 'extends = "folder"\n' > extends_folder.toml
expect_error extends-folder "extends_folder.toml:1: key 'extends': folder is a folder" "$bin" run extends_folder.toml "${small[@]}"
printf 'extends = "/dev/zero"\n' > extends_zero.toml
expect_error extends-dev-zero "extends_zero.toml:1: key 'extends': /dev/zero: larger than 1 MiB" "$bin" run extends_zero.toml "${small[@]}"
head -c 1100000 /dev/zero | tr '\0' '#' > huge.toml
expect_error huge-file "huge.toml: larger than 1 MiB" "$bin" check huge.toml
printf 'extends = "loop_b.toml"\n' > loop_a.toml; printf 'extends = "loop_a.toml"\n' > loop_b.toml
expect_error extends-loop "loops back to a file that extends it" "$bin" run loop_a.toml "${small[@]}"
printf 'extends = 5\n' > extends_type.toml
expect_error extends-type "extends_type.toml:1: key 'extends': expected a file name as a string, found 5" "$bin" check extends_type.toml
{ printf '['; for _ in $(seq 1 4999); do printf 'a.'; done; printf 'a]\nx = 1\n'; } > deep_table.toml
expect_error deep-table-header "deep_table.toml:1: unknown key 'a'" "$bin" check deep_table.toml
{ printf '['; for _ in $(seq 1 4999); do printf 'preschool.'; done; printf 'x]\n'; } > deep_known.toml
expect_error deep-known-table-header "deep_known.toml:1: unknown key 'preschool.preschool'" "$bin" check deep_known.toml
{ printf '[uncertainty.'; for _ in $(seq 1 4999); do printf 'a.'; done; printf 'a]\n'; } > deep_uncertainty.toml
expect_error deep-uncertainty "deep_uncertainty.toml:1: unknown key 'a'" "$bin" check deep_uncertainty.toml
printf 'x = [%s1%s]\n' "$(printf '[%.0s' $(seq 1 3000))" "$(printf ']%.0s' $(seq 1 3000))" > deep_array.toml
expect_error deep-array "deep_array.toml:1: not valid TOML" "$bin" check deep_array.toml
printf '[preschool]\nreach = 0.5\nreach = 0.6\n' > duplicate.toml
expect_error duplicate-key "duplicate.toml:3: not valid TOML" "$bin" check duplicate.toml
printf '[preschool]\nreach = "\xff\xfe"\n' > bad_utf8.toml
expect_error bad-utf8 "bad_utf8.toml:2: not valid TOML" "$bin" check bad_utf8.toml
printf '[preschool]\nreach = nan\n' > nan.toml
expect_error nan-value "nan.toml:2: key 'preschool.reach': expected a number in [0, 1]" "$bin" check nan.toml
printf '[population]\ncohort_size = 99999999999999999999\n' > big_int.toml
expect_error integer-overflow "big_int.toml:2: not valid TOML" "$bin" check big_int.toml
printf '[scenario]\nname = 5\n' > name_type.toml
expect_error scenario-name-type "name_type.toml:2: key 'scenario.name'" "$bin" check name_type.toml

# --- flags and --set
expect_error unknown-command "unknown command 'runn'; did you mean 'run'?" "$bin" runn "$base"
expect_error seed-negative "--seed: expected an integer from 0 to 18446744073709551615, found '-1'" \
    "$bin" run "$base" --seed -1 "${small[@]}"
expect_error seed-overflow "found '99999999999999999999999'" "$bin" run "$base" --seed 99999999999999999999999 "${small[@]}"
expect_error seed-text "--seed: expected an integer" "$bin" compare "$base" "$base" --seed 1e3
expect_error replicates-range "--replicates" "$bin" run "$base" --replicates 0 --quiet
expect_error threads-text "--threads" "$bin" run "$base" --threads many --quiet
expect_error set-newline "--set 'preschool.reach=0.5\\nfoo=1': a line break or control character" \
    "$bin" run "$base" --set $'preschool.reach=0.5\nfoo=1' "${small[@]}"
expect_error set-two-values "--set: key 'preschool.reach': expected a number in [0, 1] (share), found '0.5 foo=1'" \
    "$bin" run "$base" --set 'preschool.reach=0.5 foo=1' "${small[@]}"
expect_error set-no-equals "--set 'preschool.reach': expected key=value" "$bin" run "$base" --set preschool.reach "${small[@]}"
expect_error set-unknown "--set: unknown key 'preschool.rech'; did you mean 'preschool.reach'?" \
    "$bin" run "$base" --set preschool.rech=1 "${small[@]}"
expect_error set-too-long "is longer than 4096 characters" "$bin" check "$base" --set "preschool.reach=$(head -c 5000 /dev/zero | tr '\0' 1)"
expect_error set-table "--set: key 'preschool.reach': expected a number" "$bin" check "$base" --set 'preschool.reach={a=1}'

# --- output paths
expect_error run-out-folder "cannot write folder: it is a folder" "$bin" run "$base" --out folder "${small[@]}"
touch plainfile
expect_error run-out-under-file "plainfile" "$bin" run "$base" --out plainfile/x.h5 "${small[@]}"
cat > b.toml <<T
extends = "$base"
[scenario]
name = "b"
T
expect_error compare-out-folder "folder: is a folder; the output must name a file" \
    "$bin" compare "$base" b.toml --out folder --replicates 1 --set population.cohort_size=300 --quiet
expect_error compare-out-under-file "plainfile is not a folder" \
    "$bin" compare "$base" b.toml --out plainfile/c.h5 --replicates 1 --set population.cohort_size=300 --quiet

# --- batch files
batch_error() {  # name, expected text, the batch file's text
    printf '%s\n' "$3" > "$1.toml"
    expect_error "batch-$1" "$2" "$bin" batch "$1.toml" --quiet
}
batch_error unknown-key "unknown-key.toml:2: unknown key 'replicate'" $'scenarios = ["b.toml"]\nreplicate = 2'
batch_error replicates-type "replicates-type.toml:2: key 'replicates': expected an integer in [1, 100000]" $'scenarios = ["b.toml"]\nreplicates = "2"'
batch_error seed-negative "seed-negative.toml:2: key 'seed': expected a non-negative integer" $'scenarios = ["b.toml"]\nseed = -1'
batch_error no-scenarios "no-scenarios.toml: the batch file names no scenarios" 'replicates = 2'
batch_error scenarios-type "scenarios-type.toml:1: key 'scenarios': expected file names (strings)" 'scenarios = [1, 2]'
batch_error missing-scenario "missing.toml: cannot open the scenario file" 'scenarios = ["missing.toml"]'
batch_error sweep-range "sweep-range.toml:4: key 'preschool.reach': expected a number in [0, 1]" \
    $'scenarios = ["b.toml", "b.toml"]\nreplicates = 1\n[sweep]\npreschool.reach = [0.5, 2.0]'
batch_error sweep-unknown "sweep-unknown.toml:4: unknown key 'preschool.rech'; did you mean 'preschool.reach'?" \
    $'scenarios = ["b.toml", "b.toml"]\nreplicates = 1\n[sweep]\npreschool.rech = [0.5]'
batch_error sweep-deep "sweep-deep.toml:3: unknown key" $'scenarios = ["b.toml"]\n[sweep]\n'"[sweep$(printf '.a%.0s' $(seq 1 3000))]"
batch_error out-folder "key 'out': folder is a folder" $'scenarios = ["b.toml"]\nout = "folder"'
printf 'scenarios = ["b.toml"]\n' > batch_ok.toml
expect_error batch-is-folder "folder: is a folder, not a batch file" "$bin" batch folder --quiet
expect_error batch-shard-text "--shard x/y: expected K/N" "$bin" batch batch_ok.toml --shard x/y --quiet
expect_error batch-shard-range "expected K/N with 1 <= K <= N" "$bin" batch batch_ok.toml --shard 5/4 --quiet

[ "$fails" -eq 0 ] && echo "bad input: ok"
exit "$fails"
