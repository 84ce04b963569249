#!/bin/sh
# Rewrites the expected outputs of the golden tests from the current jmap.
# Run on purpose (make regen), then review the diff before committing.
: "${JMAP:=build/jmap}"
for y in tests/golden/*.yaml; do
    n=${y%.yaml}
    [ -f "$n.json" ] && "$JMAP" build "$y" -f json -o - >"$n.json" 2>/dev/null
    [ -f "$n.err" ] && NO_COLOR=1 "$JMAP" check "$y" >/dev/null 2>"$n.err"
    [ -f "$n.scene" ] && "$JMAP" build "$y" -f scene -o - >"$n.scene" 2>/dev/null
    [ -f "$n.report.scene" ] && "$JMAP" build "$y" -f scene --report-page -o - >"$n.report.scene" 2>/dev/null
done
for s in tests/regen-*.sh; do
    [ -f "$s" ] && JMAP="$JMAP" sh "$s"
done
echo "regenerated; review with: git diff tests/golden"
