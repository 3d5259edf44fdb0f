# Sourced by the bad-input tests. expect_error NAME WANT COMMAND...: runs COMMAND and checks that
# it fails cleanly: a non-zero exit below 128 (no crash, no signal), exactly one line on stderr
# whose text contains WANT, no HDF5 diagnostics or Python traceback, nothing on stdout, and no
# file under $tmp created, removed or changed. Sets fails=1 on any failure.
snapshot() {
    (cd "$tmp" && find . -type f -exec md5sum {} + | sort; find . -type d | sort)
}

expect_error() {
    local name="$1" want="$2"; shift 2
    local before after rc
    before=$(snapshot)
    "$@" >"$tmp.stdout" 2>"$tmp.stderr"; rc=$?
    after=$(snapshot)
    local err lines
    err=$(cat "$tmp.stderr")
    lines=$(wc -l <"$tmp.stderr")
    if [ "$rc" -eq 0 ]; then echo "FAIL $name: exit 0"; fails=1; fi
    if [ "$rc" -ge 128 ]; then echo "FAIL $name: killed by a signal or crashed (exit $rc)"; fails=1; fi
    if [ "$lines" -ne 1 ]; then echo "FAIL $name: $lines lines on stderr, expected one:"; head -5 "$tmp.stderr"; fails=1; fi
    if ! grep -qF -- "$want" <<<"$err"; then echo "FAIL $name: message '$(head -1 <<<"$err")' lacks '$want'"; fails=1; fi
    if grep -q -e "HDF5-DIAG" -e "Traceback" <<<"$err"; then echo "FAIL $name: HDF5 diagnostics or a traceback"; fails=1; fi
    if [ -s "$tmp.stdout" ]; then echo "FAIL $name: printed on stdout: $(head -c 200 "$tmp.stdout")"; fails=1; fi
    if [ "$before" != "$after" ]; then
        echo "FAIL $name: files changed:"; diff <(echo "$before") <(echo "$after") | head -10; fails=1
    fi
    rm -f "$tmp.stdout" "$tmp.stderr"
}
