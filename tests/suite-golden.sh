#!/bin/sh
# Golden tests, run from the repository root:
#   tests/golden/NAME.yaml + NAME.json   the resolved model (jmap build -f json)
#   tests/golden/NAME.yaml + NAME.err    the exact diagnostics of `jmap check`
#                                        (exit 1 when they hold an error, else 0)
#   tests/golden/NAME.yaml + NAME.scene  the scene dump (jmap build -f scene)
#   tests/golden/NAME.yaml + NAME.report.scene
#                                        the same with the analysis page
#                                        (jmap build -f scene --report-page)
# `make regen` rewrites the expected files from the current jmap.
. tests/lib.sh
out="$JMAP_TEST_TMP/golden"
mkdir -p "$out"
for y in tests/golden/*.yaml; do
    [ -f "$y" ] || continue
    n=${y%.yaml}
    b=$(basename "$n")
    if [ -f "$n.json" ]; then
        "$JMAP" build "$y" -f json -o - >"$out/$b.json" 2>"$out/$b.json.err"
        if [ $? -ne 0 ]; then fail "json $b" "exit non-zero: $(head -c 300 "$out/$b.json.err")"
        elif cmp -s "$n.json" "$out/$b.json"; then pass "json $b"
        else fail "json $b" "differs: $(diff "$n.json" "$out/$b.json" | head -n 10)"; fi
    fi
    if [ -f "$n.err" ]; then
        NO_COLOR=1 "$JMAP" check "$y" >/dev/null 2>"$out/$b.err"
        rc=$?
        want=0
        grep -q ': error: ' "$n.err" && want=1
        if [ $rc -ne $want ]; then fail "diagnostics $b" "exit $rc, expected $want"
        elif cmp -s "$n.err" "$out/$b.err"; then pass "diagnostics $b"
        else fail "diagnostics $b" "differs: $(diff "$n.err" "$out/$b.err" | head -n 12)"; fi
    fi
    if [ -f "$n.scene" ]; then
        "$JMAP" build "$y" -f scene -o - >"$out/$b.scene" 2>"$out/$b.scene.err"
        if [ $? -ne 0 ]; then fail "scene $b" "exit non-zero: $(head -c 300 "$out/$b.scene.err")"
        elif cmp -s "$n.scene" "$out/$b.scene"; then pass "scene $b"
        else fail "scene $b" "differs: $(diff "$n.scene" "$out/$b.scene" | head -n 10)"; fi
    fi
    if [ -f "$n.report.scene" ]; then
        "$JMAP" build "$y" -f scene --report-page -o - >"$out/$b.report.scene" 2>"$out/$b.report.err"
        if [ $? -ne 0 ]; then fail "report scene $b" "exit non-zero: $(head -c 300 "$out/$b.report.err")"
        elif cmp -s "$n.report.scene" "$out/$b.report.scene"; then pass "report scene $b"
        else fail "report scene $b" "differs: $(diff "$n.report.scene" "$out/$b.report.scene" | head -n 10)"; fi
    fi
done
finish
