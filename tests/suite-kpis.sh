#!/bin/sh
# jmap build/report --kpis: KPI data from a CSV file (tests/kpis/) fills the
# stages' KPIs, dated rows make a trend drawn in the KPI lane and given in the
# report; bad files fail with every error at CSV line and column.
. tests/lib.sh
d="$JMAP_TEST_TMP/kpis"
rm -rf "$d"; mkdir -p "$d"
j=tests/kpis/journey-fr.yaml
k=tests/kpis/kpis-fr.csv

expect_exit "French KPI file builds" 0 "$JMAP" build "$j" --kpis "$k" -f json -o "$d/fr.json"
[ ! -s "$JMAP_TEST_TMP/err" ] && pass "French KPI file: no diagnostic" || fail "French KPI file: no diagnostic" "$(head -c 400 "$JMAP_TEST_TMP/err")"
python3 - "$d/fr.json" >"$d/fr.check" 2>&1 <<'PY' && pass "French file: ';', BOM, CRLF, 3 200, 3,2 %, dates" || fail "French file: ';', BOM, CRLF, 3 200, 3,2 %, dates" "$(tail -n 2 "$d/fr.check")"
import json, sys
m = json.load(open(sys.argv[1]))
k = {(s["id"], x["name"]): x for s in m["stages"] for x in s["kpis"]}
v = k[("decouverte", "Visites")]
assert v["value"] == 3500 and v["target"] == 4000, v          # the latest date wins
assert v["series"] == [{"date": "2025-01", "value": 2800}, {"date": "2025-02", "value": 3100},
                       {"date": "2025-03", "value": 3500}], v["series"]
c = k[("decouverte", "Taux de conversion")]
assert c["value"] == 3.2 and c["unit"] == "%" and c["target"] == 4, c
assert [p["date"] for p in c["series"]] == ["2025-01", "2025-03-31"]
p = k[("achat", "Paniers")]
assert p["value"] == 140 and p["target"] == 150 and "series" not in p, p
a = k[("achat", "Abandons")]                                   # a new KPI
assert a["value"] == 1234.5 and a["target"] == 1000, a
PY

expect_exit "English KPI file builds" 0 "$JMAP" build tests/kpis/text-en.yaml -q --kpis tests/kpis/kpis-en.csv -f json -o "$d/en.json"
python3 - "$d/en.json" >"$d/en.check" 2>&1 <<'PY' && pass "English file: 3,200, 1,234.5, day dates" || fail "English file: 3,200, 1,234.5, day dates" "$(tail -n 2 "$d/en.check")"
import json, sys
m = json.load(open(sys.argv[1]))
k = {(s["id"], x["name"]): x for s in m["stages"] for x in s["kpis"]}
assert k[("discover", "Visits")]["value"] == 4100
assert len(k[("discover", "Visits")]["series"]) == 3
assert k[("discover", "Conversion")]["value"] == 3.2 and k[("discover", "Conversion")]["unit"] == "%"
assert k[("buy", "Carts")]["value"] == 130 and k[("buy", "Carts")]["target"] == 150
assert k[("buy", "Refunds")]["value"] == 1234.5
PY

# the journey's own KPI figures: "3 200" is a number in French, a text
# against a numeric target is said where it is written
for y in tests/kpis/text-*.yaml; do
    n=$(basename "$y" .yaml)
    NO_COLOR=1 "$JMAP" check "$y" >/dev/null 2>"$d/$n.err"
    cmp -s "${y%.yaml}.err" "$d/$n.err" && pass "YAML KPI texts: $n" || fail "YAML KPI texts: $n" "$(diff "${y%.yaml}.err" "$d/$n.err" | head -n 8)"
done
"$JMAP" build tests/kpis/text-fr.yaml -q -f json -o "$d/t.json"
python3 - "$d/t.json" >"$d/t.check" 2>&1 <<'PY' && pass "YAML: \"3 200\" and \"3,2 %\" are numbers in French" || fail "YAML: \"3 200\" and \"3,2 %\" are numbers in French" "$(tail -n 2 "$d/t.check")"
import json, sys
m = json.load(open(sys.argv[1]))
k = {x["name"]: x for x in m["stages"][0]["kpis"]}
assert k["Visites"]["value"] == 3200, k["Visites"]
assert k["Taux de conversion"]["value"] == 3.2 and k["Taux de conversion"]["unit"] == "%"
assert k["Note"]["value"] == "quarante"
PY

# golden diagnostics: each bad file fails (or warns) with exactly these
for f in tests/kpis/errors/*.csv; do
    n=$(basename "$f" .csv)
    NO_COLOR=1 "$JMAP" build "$j" --kpis "$f" -f json -o "$d/$n.json" 2>"$d/$n.err" >/dev/null
    rc=$?
    cmp -s "${f%.csv}.err" "$d/$n.err" && pass "diagnostics $n" || fail "diagnostics $n" "$(diff "${f%.csv}.err" "$d/$n.err" | head -n 8)"
    if grep -q ': error: ' "${f%.csv}.err"; then
        [ $rc -eq 1 ] && [ ! -e "$d/$n.json" ] && pass "$n: exit 1, nothing written" || fail "$n: exit 1, nothing written" "exit $rc"
    else
        [ $rc -eq 0 ] && pass "$n: a warning only" || fail "$n: a warning only" "exit $rc"
    fi
done
grep -q "did you mean 'decouverte'? the stages are: decouverte, achat" tests/kpis/errors/unknown-stage-typo.err &&
    pass "unknown stage: did you mean, and the stages" || fail "unknown stage: did you mean, and the stages" "not in the golden"

# the report: the change of each dated KPI
for f in txt md json; do
    fmt=$f; [ $f = txt ] && fmt=text
    want=tests/kpis/report.$f; [ $f = json ] && want=tests/kpis/report.report.json
    "$JMAP" report "$j" -q --kpis "$k" -f $fmt >"$d/report.$f" 2>"$d/err"
    cmp -s "$want" "$d/report.$f" && pass "report KPI trends -f $fmt" || fail "report KPI trends -f $fmt" "$(diff "$want" "$d/report.$f" | head -n 10)"
done
grep -q "Visites              2800 (2025-01)      3500 (2025-03)       +700" tests/kpis/report.txt &&
    pass "report: first → last, change" || fail "report: first → last, change" "not in report.txt"
if python3 -c 'import jsonschema' 2>/dev/null; then
    python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open("docs/report.schema.json")))' \
        tests/kpis/report.report.json 2>"$d/err" && pass "schema KPI trends report" || fail "schema KPI trends report" "$(tail -n 3 "$d/err")"
fi

# report --kpis reads the numbers build --kpis reads
"$JMAP" report "$j" -q --kpis "$k" -f json >"$d/r.json"
python3 - "$d/r.json" "$d/fr.json" >"$d/same.check" 2>&1 <<'PY' && pass "report --kpis equals build --kpis" || fail "report --kpis equals build --kpis" "$(tail -n 2 "$d/same.check")"
import json, sys
r, m = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
k = {(s["id"], x["name"]): x for s in m["stages"] for x in s["kpis"]}
assert r["kpis_off_target"] and r["kpi_trends"]
for x in r["kpis_off_target"]:
    y = k[(x["stage"], x["name"])]
    assert (x["value"], x["target"]) == (y["value"], y["target"]), (x, y)
for t in r["kpi_trends"]:
    s = k[(t["stage"], t["name"])]["series"]
    assert (t["first_date"], t["first"]) == (s[0]["date"], s[0]["value"]), (t, s)
    assert (t["last_date"], t["last"]) == (s[-1]["date"], s[-1]["value"]), (t, s)
    assert t["last"] == k[(t["stage"], t["name"])]["value"] and t["points"] == len(s)
PY

# the map: a trend line for each KPI with two dated values, in its cell
"$JMAP" build "$j" -q --kpis "$k" -f scene -o "$d/fr.scene"
[ "$(grep -c '^path kpi-spark ' "$d/fr.scene")" -eq 2 ] && pass "scene: a kpi-spark per dated KPI" ||
    fail "scene: a kpi-spark per dated KPI" "$(grep -c '^path kpi-spark ' "$d/fr.scene") kpi-spark paths"
python3 - "$d/fr.scene" >"$d/spark.check" 2>&1 <<'PY' && pass "scene: the trend beside its bar, inside the lane" || fail "scene: the trend beside its bar, inside the lane" "$(tail -n 2 "$d/spark.check")"
import sys
lane, items = None, []
for l in open(sys.argv[1]):
    f = l.split()
    if l.startswith("lane kpis"):
        lane = [float(v) for v in f[2].split("..")]
    elif len(f) > 5 and f[1].startswith("kpi-"):
        items.append((f[1], *map(float, f[2:6])))
sparks = [i for i in items if i[0] == "kpi-spark"]
assert sparks and lane
for s in sparks:
    assert lane[0] <= s[2] and s[2] + s[4] <= lane[1], (s, lane)
    for o in items:
        if o[0].startswith("kpi-spark"):
            continue
        apart = o[1] + o[3] <= s[1] or s[1] + s[3] <= o[1] or o[2] + o[4] <= s[2] or s[2] + s[4] <= o[2]
        assert apart, (s, o)
PY
"$JMAP" build "$j" -q -f scene -o "$d/plain.scene"
grep -q 'kpi-spark' "$d/plain.scene" && fail "no KPI data, no trend" "kpi-spark without --kpis" || pass "no KPI data, no trend"

# the command line
expect_exit "--kpis: a missing file" 3 "$JMAP" build "$j" --kpis "$d/nope.csv" -f json -o "$d/n.json"
expect_exit "--kpis belongs to one journey (build)" 2 "$JMAP" build "$j" "$j" --kpis "$k" -o "$d/"
expect_exit "--kpis belongs to one journey (report)" 2 "$JMAP" report "$j" "$j" --kpis "$k"
expect_exit "--kpis from standard input" 0 sh -c "\"$JMAP\" build \"$j\" --kpis - -f json -o \"$d/stdin.json\" <\"$k\""
finish
