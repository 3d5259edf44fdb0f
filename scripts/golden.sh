#!/usr/bin/env bash
# Regenerates tests/golden/ (every shipped scenario, the projection and the national baseline,
# fixed seed) and prints which pinned values changed. Run it only in a commit that changes a rule
# of the model on purpose, and say in the commit message why the results moved; a refactor must
# leave every file unchanged (scripts/test.sh checks that).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$PATHWAYS_ROOT"
ensure_packages
PATHWAYS_PGO=0 build pathways_golden_tests >/dev/null
golden="$PATHWAYS_ROOT/tests/golden"
say "regenerating $golden"
for s in scenarios/*.toml; do
    name=$(basename "$s" .toml)
    "$PATHWAYS_BUILD/tests/pathways_golden_tests" "$s" "$golden/$name.golden" --update
done
"$PATHWAYS_BUILD/tests/pathways_golden_tests" scenarios/baseline.toml "$golden/projection.golden" --projection 2024 2040 --update
if git diff --quiet -- tests/golden && [ -z "$(git ls-files --others --exclude-standard tests/golden)" ]; then
    say "no golden value changed"
else
    say "changed golden values (commit them with the rule that moved them, and say why):"
    git --no-pager diff --stat -- tests/golden
    git --no-pager diff -U0 --no-color -- tests/golden | grep -E '^[-+][^-+]' | head -60 || true
    git ls-files --others --exclude-standard tests/golden | sed 's/^/new: /'
fi
