#!/bin/sh
# Rewrites the expected outputs of tests/suite-kpis.sh (called by
# tests/regen.sh, i.e. `make regen`; review the diff before committing):
#   tests/kpis/errors/NAME.csv -> NAME.err, the exact diagnostics
#   tests/kpis/text-*.yaml -> text-*.err, the loader's warnings on KPI texts
#   the French KPI file -> tests/kpis/report.txt, .md, .report.json
: "${JMAP:=build/jmap}"
j=tests/kpis/journey-fr.yaml
for f in tests/kpis/errors/*.csv; do
    [ -f "$f" ] || continue
    NO_COLOR=1 "$JMAP" build "$j" --kpis "$f" -f json -o /dev/null 2>"${f%.csv}.err" >/dev/null
done
for y in tests/kpis/text-*.yaml; do
    NO_COLOR=1 "$JMAP" check "$y" >/dev/null 2>"${y%.yaml}.err"
done
for f in txt md json; do
    fmt=$f; [ $f = txt ] && fmt=text
    out=tests/kpis/report.$f; [ $f = json ] && out=tests/kpis/report.report.json
    "$JMAP" report "$j" -q --kpis tests/kpis/kpis-fr.csv -f $fmt >"$out" 2>/dev/null
done
