#!/usr/bin/env bash
# batch --shard K/N runs one N-th of the units into a shard file; merge of all N shard files is
# identical to the unsharded batch (h5diff sees no difference outside /provenance/run, which
# records how the run was executed). Merging shards of different inputs, a shard twice, or an
# incomplete set fails with a clear message and writes nothing.
set -euo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

source "$(dirname "${BASH_SOURCE[0]}")/three_scenarios.sh"
write_three_scenarios 5

"$bin" batch "$tmp/batch.toml" --threads 2 --out "$tmp/reference.h5" --quiet >/dev/null

# 15 units in 4 shards (4, 4, 4, 3 units); the default shard files are out/shards/batch-shard-KK-of-04.h5
for k in 1 2 3 4; do
    p=$("$bin" batch "$tmp/batch.toml" --threads 1 --shard "$k/4" --quiet)
    [ "$p" = "$tmp/out/shards/batch-shard-0$k-of-04.h5" ] || { echo "unexpected shard path $p"; exit 1; }
done
[ ! -e "$tmp/out/batch.h5" ] || { echo "a shard wrote the comparison file"; exit 1; }
ls "$tmp/out/shards" | grep -q units && { echo "a shard left its units folder"; exit 1; }
"$bin" merge "$tmp"/out/shards/*.h5 --out "$tmp/merged.h5"
h5diff --exclude-path /provenance/run "$tmp/reference.h5" "$tmp/merged.h5" \
    || { echo "the merged shards differ from the unsharded batch"; exit 1; }
"$bin" summary "$tmp/merged.h5" > "$tmp/merged.txt"
"$bin" summary "$tmp/reference.h5" > "$tmp/reference.txt"
cmp "$tmp/merged.txt" "$tmp/reference.txt"

# --out names the shard file; a rerun of a shard resumes from <shard>.units with --keep-units
"$bin" batch "$tmp/batch.toml" --shard 2/4 --out "$tmp/x/two.h5" --keep-units --quiet >/dev/null
msg=$("$bin" batch "$tmp/batch.toml" --shard 2/4 --out "$tmp/x/two.h5" 2>&1 >/dev/null)
grep -q "4 resumed" <<<"$msg" || { echo "the shard did not resume: $msg"; exit 1; }

expect_fail() {  # expect_fail WHAT PATTERN COMMAND...
    local what="$1" pattern="$2"; shift 2
    local msg
    if msg=$("$@" 2>&1); then echo "$what was accepted"; exit 1; fi
    grep -q "$pattern" <<<"$msg" || { echo "unclear message for $what: $msg"; exit 1; }
    echo "refused $what: $(grep 'error' <<<"$msg" | head -1)"
}

# a shard of another batch (another seed): refused by the batch hash
sed 's/seed = 42/seed = 43/' "$tmp/batch.toml" > "$tmp/other.toml"
"$bin" batch "$tmp/other.toml" --shard 3/4 --out "$tmp/other-3.h5" --quiet >/dev/null
s="$tmp/out/shards"
expect_fail "a shard of another batch" "is a shard of another batch" \
    "$bin" merge "$s/batch-shard-01-of-04.h5" "$s/batch-shard-02-of-04.h5" "$tmp/other-3.h5" "$s/batch-shard-04-of-04.h5" --out "$tmp/bad.h5"
expect_fail "a missing shard" "shard 3/4 is missing" \
    "$bin" merge "$s/batch-shard-01-of-04.h5" "$s/batch-shard-02-of-04.h5" "$s/batch-shard-04-of-04.h5" --out "$tmp/bad.h5"
expect_fail "a shard given twice" "is given twice" \
    "$bin" merge "$s"/batch-shard-0*.h5 "$tmp/x/two.h5" --out "$tmp/bad.h5"
"$bin" batch "$tmp/batch.toml" --shard 1/2 --out "$tmp/half.h5" --quiet >/dev/null
expect_fail "shards of different counts" "different numbers of shards" \
    "$bin" merge "$tmp/half.h5" "$s/batch-shard-02-of-04.h5" --out "$tmp/bad.h5"
expect_fail "a file that is not a shard" "not a pathways shard file" \
    "$bin" merge "$tmp/reference.h5" --out "$tmp/bad.h5"
expect_fail "a bad --shard" "expected K/N" "$bin" batch "$tmp/batch.toml" --shard 5/4
echo 'precision = 1.0' >> "$tmp/other.toml"
expect_fail "--shard with precision" "cannot be used with precision" "$bin" batch "$tmp/other.toml" --shard 1/4
[ ! -e "$tmp/bad.h5" ] || { echo "a refused merge wrote a file"; exit 1; }
echo "shard: ok"
