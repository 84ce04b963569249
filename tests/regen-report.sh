#!/bin/sh
# Rewrites the expected outputs of `jmap report` (called by tests/regen.sh,
# i.e. `make regen`; review the diff before committing):
#   tests/golden/report-NAME.yaml -> report-NAME.txt, .md, .report.json
#   examples/NAME.yaml            -> tests/golden/report-example-NAME.txt, .md, .report.json
# The JSON form is named .report.json because tests/golden/NAME.json already
# means "the resolved model of NAME.yaml" to the golden suite.
: "${JMAP:=build/jmap}"
gen() { # gen INPUT OUTPUT-BASE
    "$JMAP" report "$1" -f text >"$2.txt" 2>/dev/null
    "$JMAP" report "$1" -f md >"$2.md" 2>/dev/null
    "$JMAP" report "$1" -f json >"$2.report.json" 2>/dev/null
}
for y in tests/golden/report-*.yaml; do
    [ -f "$y" ] || continue
    gen "$y" "${y%.yaml}"
done
for y in examples/*.yaml; do
    [ -f "$y" ] || continue
    n=$(basename "$y" .yaml)
    gen "$y" "tests/golden/report-example-$n"
done
