#!/bin/sh
# Rewrites the expected outputs of `jmap diff` (called by tests/regen.sh,
# i.e. `make regen`; review the diff before committing):
#   tests/golden/diff/NAME-before.yaml + NAME-after.yaml -> NAME.txt, NAME.md, NAME.json
# jmap runs inside tests/golden/diff, so the outputs name the files without
# a folder (docs/diff.md quotes voyage.md as it is).
: "${JMAP:=build/jmap}"
case $JMAP in /*) ;; *) JMAP="$(pwd)/$JMAP" ;; esac
for b in tests/golden/diff/*-before.yaml; do
    [ -f "$b" ] || continue
    n=$(basename "$b" -before.yaml)
    (
        cd tests/golden/diff || exit 1
        "$JMAP" diff "$n-before.yaml" "$n-after.yaml" -f text >"$n.txt" 2>/dev/null
        "$JMAP" diff "$n-before.yaml" "$n-after.yaml" -f md >"$n.md" 2>/dev/null
        "$JMAP" diff "$n-before.yaml" "$n-after.yaml" -f json >"$n.json" 2>/dev/null
    )
done
exit 0
