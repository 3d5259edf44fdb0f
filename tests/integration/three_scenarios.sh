# Sourced by the batch tests: writes three small scenarios (a = baseline, b = VE reach 95%,
# c = double advices) and a batch file over them into $tmp, with $1 replicates.
write_three_scenarios() {
    local replicates="$1" name
    for name in a b c; do
        cat > "$tmp/$name.toml" <<T
extends = "$root/scenarios/baseline.toml"
[scenario]
name = "$name"
T
    done
    echo '[preschool]'$'\n''reach = 0.95' >> "$tmp/b.toml"
    echo '[selection]'$'\n''double_advice = true' >> "$tmp/c.toml"
    cat > "$tmp/batch.toml" <<T
scenarios = ["a.toml", "b.toml", "c.toml"]
replicates = $replicates
seed = 42
out = "out/batch.h5"
T
}
