#!/usr/bin/env bash
# Every ```python and ```r example of docs/hdf5-layout.md and docs/comparison.md, and the README's
# Python and R one-liners, run without error
# on files made as the page says (smaller cohorts, the same replicate counts), from a folder with
# output/, python/, R/ and tests/ as in the repository.
set -euo pipefail
bin="$1"; root="$2"
source "$root/scripts/common.sh"
py=$(find_python)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
mkdir output
ln -s "$root/python" python; ln -s "$root/R" R; ln -s "$root/tests" tests
small=(--set population.cohort_size=800 --set population.birth_cohorts=2 --quiet)
nobias=(--set 'selection.teacher_bias_by_parent_edu=[0,0,0]')
"$bin" run "$root/scenarios/baseline.toml" --replicates 10 --out output/baseline.h5 "${small[@]}" >/dev/null
"$bin" run "$root/scenarios/baseline.toml" --replicates 10 "${nobias[@]}" --out output/nobias.h5 "${small[@]}" >/dev/null
"$bin" run "$root/scenarios/baseline.toml" --replicates 2 --microdata --out output/baseline_md.h5 "${small[@]}" >/dev/null
"$bin" run "$root/scenarios/baseline.toml" --replicates 2 --microdata "${nobias[@]}" --out output/nobias_md.h5 "${small[@]}" >/dev/null
"$bin" run "$root/scenarios/uoa_package.toml" --replicates 10 --out output/uoa.h5 "${small[@]}" >/dev/null
"$bin" compare "$root/scenarios/baseline.toml" "$root/scenarios/havokans_klas.toml" --replicates 3 --out output/compare.h5 \
    "${small[@]}" >/dev/null
# docs/hdf5-layout.md's calibration example reads output/nl_advice/calibration.h5: a tiny fit
cat > tiny_calibration.toml <<TOML
targets = "$root/tests/statistical/targets.csv"
max_evaluations = 2
[[parameter]]
key = "preschool.reach"
lower = 0.5
upper = 0.95
[[configuration]]
scenario = "$root/scenarios/baseline.toml"
set = ["population.cohort_size=400", "population.birth_cohorts=1"]
targets = ["V02"]
TOML
"$bin" calibrate tiny_calibration.toml --out output/nl_advice --quiet >/dev/null
"$py" - "$root" <<'PY'
import re, sys
root = sys.argv[1]
n = 0
for doc in ["docs/hdf5-layout.md", "docs/comparison.md"]:
    text = open(f"{root}/{doc}", encoding="utf-8").read()
    for lang, code in re.findall(r"^```(python|r)\n(.*?)^```", text, flags=re.S | re.M):
        n += 1
        with open(f"example_{n:02d}.{'py' if lang == 'python' else 'R'}", "w", encoding="utf-8") as f:
            f.write(code)
print(f"{n} examples")
PY
count=0
for f in example_*; do
    count=$((count + 1))
    case "$f" in
        *.py) "$py" "$f" > "$f.out" 2>&1 || { echo "FAILED: $f"; cat "$f"; cat "$f.out"; exit 1; } ;;
        *.R) Rscript "$f" > "$f.out" 2>&1 || { echo "FAILED: $f"; cat "$f"; cat "$f.out"; exit 1; } ;;
    esac
done
[ "$count" -ge 12 ] || { echo "only $count examples found"; exit 1; }
# the README's Python and R one-liners, on output/c.h5 as there
ln -s compare.h5 output/c.h5
grep -E '^(/usr/bin/python3 -c|Rscript -e) ' "$root/README.md" > oneliners.sh
[ "$(wc -l < oneliners.sh)" -ge 2 ] || { echo "README one-liners not found"; exit 1; }
while IFS= read -r line; do
    bash -c "$line" > oneliner.out 2>&1 || { echo "FAILED: $line"; cat oneliner.out; exit 1; }
    count=$((count + 1))
done < oneliners.sh
echo "docs examples: $count ran"
