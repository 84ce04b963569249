#!/bin/sh
# Rewrites the expected outputs of tests/suite-survey.sh (called by
# tests/regen.sh, i.e. `make regen`; review the diff before committing):
#   tests/survey/errors/NAME.csv (+ NAME.args) -> NAME.err, the exact diagnostics
#   two waves of tests/survey/ -> tests/survey/waves.txt, .md, .report.json
: "${JMAP:=build/jmap}"
j=tests/survey/journey.yaml
for f in tests/survey/errors/*.csv; do
    [ -f "$f" ] || continue
    n=${f%.csv}
    args=; [ -f "$n.args" ] && args=$(cat "$n.args")
    # shellcheck disable=SC2086
    NO_COLOR=1 "$JMAP" build "$j" --data "$f" $args -f json -o /dev/null 2>"$n.err" >/dev/null
done
for f in txt md json; do
    fmt=$f; [ $f = txt ] && fmt=text
    out=tests/survey/waves.$f; [ $f = json ] && out=tests/survey/waves.report.json
    "$JMAP" report "$j" -q --data T3=tests/survey/t3.csv --data T4=tests/survey/good.csv -f $fmt >"$out" 2>/dev/null
done
