#!/usr/bin/env bash
# Each kind of bad input exits non-zero with a message naming file, line and key, and leaves no
# results file behind.
set -uo pipefail
bin="$1"; root="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0

expect_error() {  # name, expected text, then the pathways arguments
    local name="$1" want="$2"; shift 2
    local msg rc
    msg=$("$bin" run "$@" --out "$tmp/$name.h5" --quiet 2>&1 >/dev/null); rc=$?
    if [ "$rc" -eq 0 ]; then echo "FAIL $name: exit 0"; fails=1; fi
    if ! grep -qF -- "$want" <<<"$msg"; then echo "FAIL $name: message '$msg' lacks '$want'"; fails=1; fi
    if ls "$tmp" | grep -q "^$name.h5"; then echo "FAIL $name: left a results file"; fails=1; fi
}

cat > "$tmp/typo.toml" <<'T'
[preschool]
reech = 0.9
T
expect_error typo "typo.toml:2: unknown key 'preschool.reech'; did you mean 'preschool.reach'?" "$tmp/typo.toml"

cat > "$tmp/type.toml" <<'T'
[selection]
double_advice = "yes"
T
expect_error type "type.toml:2: key 'selection.double_advice': expected true or false, found \"yes\"" "$tmp/type.toml"

cat > "$tmp/range.toml" <<'T'

[population]
cohort_size = -5
T
expect_error range "range.toml:3: key 'population.cohort_size': expected an integer in [1, 5e+06]" "$tmp/range.toml"

printf '[preschool\nreach = 1\n' > "$tmp/syntax.toml"
expect_error syntax "syntax.toml:1: not valid TOML" "$tmp/syntax.toml"

printf 'extends = "missing.toml"\n' > "$tmp/extends.toml"
expect_error extends "extends.toml:1: key 'extends': file" "$tmp/extends.toml"

expect_error set "--set: key 'preschool.reach': expected a number in [0, 1]" "$root/scenarios/baseline.toml" --set preschool.reach=2
expect_error nofile "cannot open the scenario file" "$tmp/nonexistent.toml"

# A lever's district that does not exist: the file's line, the key and the valid names (levers.hpp).
cat > "$tmp/district.toml" <<'T'
[havokans_klas]
start_year = 2026
districts = ["Overvecht", "Zuidwest", "Kanaleneiland"]
T
expect_error district "district.toml:3: havokans_klas.districts names 'Kanaleneiland', which is not a district of population.district_names (West, Noordwest, Overvecht, Noordoost, Oost, Binnenstad, Zuid, Zuidwest, Leidsche Rijn, Vleuten-De Meern)" "$tmp/district.toml"
# ... and a neighbourhood where its district is meant says which district holds it (neighbourhoods.hpp)
expect_error neighbourhood "'Kanaleneiland' is a neighbourhood of Zuidwest, and levers reach whole districts: name \"Zuidwest\"" "$tmp/district.toml"
expect_error neighbourhood_set "'lunetten' is a neighbourhood of Zuid" "$root/scenarios/baseline.toml" --set 've.districts=["lunetten"]'
expect_error district_set "baseline.toml: --set: ve.districts names 'Noord'" "$root/scenarios/baseline.toml" --set 've.districts=["Noord"]'
cat > "$tmp/window.toml" <<'T'
[ten_fourteen]
start_year = 2030
end_year = 2028
T
expect_error window "window.toml:3: ten_fourteen.end_year (2028) is before ten_fourteen.start_year (2030)" "$tmp/window.toml"

[ "$fails" -eq 0 ] && echo "bad scenarios: ok"
exit "$fails"
