#!/bin/sh
# jmap build --data: survey CSVs of tests/survey/ drive the emotion curve;
# bad ones fail with every error, at CSV line and column, and write nothing.
. tests/lib.sh
d="$JMAP_TEST_TMP/survey"
rm -rf "$d"; mkdir -p "$d"
j=tests/survey/journey.yaml

expect_exit "good survey builds" 0 "$JMAP" build "$j" --data tests/survey/good.csv -o "$d/good.json"
if python3 - "$d/good.json" >"$d/good.check" 2>&1 <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
e = {t["id"]: t.get("emotion") for s in m["stages"] for t in s["touchpoints"]}
assert e["comparateur"]["claire"] == {"mean": 2.5, "n": 2, "sd": 0.5}, e["comparateur"]
assert e["comparateur"]["marc"]["n"] == 1
assert e["souscription"]["claire"]["mean"] == 1.5, e["souscription"]
assert e["souscription"]["marc"]["mean"] == 2
assert e["affiliation"]["marc"]["mean"] == 4.5
assert e["assistance"] == {"claire": 2, "marc": 2}, e["assistance"]
PY
then pass "survey means, counts and spreads"; else fail "survey means, counts and spreads" "$(tail -n 2 "$d/good.check")"; fi

expect_exit "bad survey is invalid" 1 "$JMAP" build "$j" --data tests/survey/bad.csv -o "$d/bad.json"
[ ! -e "$d/bad.json" ] && pass "bad survey writes nothing" || fail "bad survey writes nothing" "output written"
for want in "bad.csv:3:1: error: unknown touchpoint 'comparatuer' (did you mean 'comparateur'?)" \
            "bad.csv:4:13: error: unknown persona 'clare' (did you mean 'claire'?)" \
            "bad.csv:5:13: error: persona 'claire' does not meet touchpoint 'affiliation'" \
            "bad.csv:6:19: error: score 'beaucoup' is not a number" \
            "bad.csv:7:19: error: score 7 is outside the journey's scale 1..5" \
            "bad.csv:8:16: error: too few fields"; do
    grep -qF "$want" "$JMAP_TEST_TMP/err" && pass "reports $want" || fail "reports $want" "$(cat "$JMAP_TEST_TMP/err")"
done
[ "$(grep -c ': error: ' "$JMAP_TEST_TMP/err")" = 6 ] && pass "every survey error in one run" ||
    fail "every survey error in one run" "$(grep -c ': error: ' "$JMAP_TEST_TMP/err") errors"

expect_exit "unterminated quote" 1 "$JMAP" build "$j" --data tests/survey/unterminated.csv -o "$d/u.json"
grep -qF "unterminated.csv:2:13: error: unterminated quoted field" "$JMAP_TEST_TMP/err" &&
    pass "unterminated quote points at the quote" || fail "unterminated quote points at the quote" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "empty survey" 1 "$JMAP" build "$j" --data tests/survey/empty.csv -o "$d/e.json"
grep -qF "empty.csv:1:1: error: empty survey file" "$JMAP_TEST_TMP/err" &&
    pass "empty survey message" || fail "empty survey message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "misspelt header" 1 "$JMAP" build "$j" --data tests/survey/bad-header.csv -o "$d/h.json"
grep -qF "bad-header.csv:1:20: error: unknown column 'scroe' (did you mean 'score'?)" "$JMAP_TEST_TMP/err" &&
    pass "misspelt header suggests" || fail "misspelt header suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "missing survey file" 3 "$JMAP" build "$j" --data "$d/nope.csv" -o "$d/n.json"

# The same answers as tools export them give the same curve: a French Excel
# CSV (semicolons, BOM, CRLF, decimal comma, French headers), a wide
# respondent export (tab separated) and a wide export with question labels
# mapped by --data-map. The wave is named alike (T=) so the models compare.
"$JMAP" build "$j" --data T=tests/survey/good.csv -f json -o "$d/ref.json" 2>/dev/null
"$JMAP" build "$j" --data T=tests/survey/good.csv -f scene -o "$d/ref.scene" 2>/dev/null
same() { # same NAME ARGS... : the model and the scene equal the long CSV's
    n=$1; shift
    "$JMAP" build "$j" "$@" -f json -o "$d/$n.json" 2>"$d/$n.err" &&
        cmp -s "$d/ref.json" "$d/$n.json" && pass "$n: same model as the long CSV" ||
        fail "$n: same model as the long CSV" "$(cat "$d/$n.err"; diff "$d/ref.json" "$d/$n.json" | head -n 8)"
    "$JMAP" build "$j" "$@" -f scene -o "$d/$n.scene" 2>"$d/$n.err" &&
        cmp -s "$d/ref.scene" "$d/$n.scene" && pass "$n: same scene as the long CSV" ||
        fail "$n: same scene as the long CSV" "$(cat "$d/$n.err"; diff "$d/ref.scene" "$d/$n.scene" | head -n 8)"
}
same excel --data T=tests/survey/fr-excel.csv
same excel-forced --data T=tests/survey/fr-excel.csv --data-sep ';'
same wide --data T=tests/survey/wide.tsv
same wide-forced --data T=tests/survey/wide.tsv --data-sep tab
same questions --data T=tests/survey/questions.csv --data-map tests/survey/questions-map.yaml
python3 - "$d/ref.json" >"$d/ref.check" 2>&1 <<'PY' && pass "the shared curve is the long CSV's" || fail "the shared curve is the long CSV's" "$(tail -n 2 "$d/ref.check")"
import json, sys
m = json.load(open(sys.argv[1]))
e = {t["id"]: t.get("emotion") for s in m["stages"] for t in s["touchpoints"]}
assert e["affiliation"]["marc"] == {"mean": 4.5, "n": 1, "sd": 0}, e
assert [w["label"] for w in m["waves"]] == ["T"], m["waves"]
PY

# Every kind of refusal, exactly: file, line, column, what was expected.
for f in tests/survey/errors/*.csv; do
    n=${f%.csv}; b=$(basename "$n")
    args=; [ -f "$n.args" ] && args=$(cat "$n.args")
    rm -f "$d/err.json"
    # shellcheck disable=SC2086
    NO_COLOR=1 "$JMAP" build "$j" --data "$f" $args -f json -o "$d/err.json" >/dev/null 2>"$d/$b.err"
    rc=$?
    if [ $rc -ne 1 ]; then fail "refusal $b" "exit $rc, expected 1"
    elif [ -e "$d/err.json" ]; then fail "refusal $b" "output written"
    elif cmp -s "$n.err" "$d/$b.err"; then pass "refusal $b"
    else fail "refusal $b" "differs: $(diff "$n.err" "$d/$b.err" | head -n 10)"; fi
done

# Waves: each --data is a wave, none replaces another; the last drives the
# curve, the earlier ones are kept, drawn faint, compared in the report.
w3=T3=tests/survey/t3.csv; w4=T4=tests/survey/good.csv
expect_exit "two waves build" 0 "$JMAP" build "$j" --data "$w3" --data "$w4" -f json -o "$d/waves.json"
grep -qF "good.csv: warning: wave 'T4' has no answers for 1 touchpoint that wave 'T3' answered (assistance)" "$JMAP_TEST_TMP/err" &&
    pass "a touchpoint the latest wave leaves out is a warning" || fail "a touchpoint the latest wave leaves out is a warning" "$(cat "$JMAP_TEST_TMP/err")"
python3 - "$d/waves.json" >"$d/waves.check" 2>&1 <<'PY' && pass "both waves in the model, the latest drives the curve" || fail "both waves in the model, the latest drives the curve" "$(tail -n 2 "$d/waves.check")"
import json, sys
m = json.load(open(sys.argv[1]))
assert [w["label"] for w in m["waves"]] == ["T3", "T4"]
t3, t4 = m["waves"][0]["emotion"], m["waves"][1]["emotion"]
assert t3["comparateur"]["claire"] == {"mean": 1.5, "n": 2, "sd": 0.5}, t3
assert t4["comparateur"]["claire"]["mean"] == 2.5
e = {t["id"]: t.get("emotion") for s in m["stages"] for t in s["touchpoints"]}
assert e["comparateur"]["claire"]["mean"] == 2.5          # T4, not T3
assert e["assistance"] == {"claire": 2, "marc": 2}, e      # T4 has none: the file's
PY
for f in txt md json; do
    fmt=$f; [ $f = txt ] && fmt=text
    want=tests/survey/waves.$f; [ $f = json ] && want=tests/survey/waves.report.json
    "$JMAP" report "$j" -q --data "$w3" --data "$w4" -f $fmt >"$d/waves.$f" 2>"$d/err"
    cmp -s "$want" "$d/waves.$f" && pass "report waves -f $fmt" || fail "report waves -f $fmt" "$(diff "$want" "$d/waves.$f" | head -n 10)"
done
grep -q "Comparateur en ligne     Claire Martin  1,5 → 2,5         +1     2 → 2" tests/survey/waves.txt &&
    pass "waves: mean → mean, change, n" || fail "waves: mean → mean, change, n" "not in waves.txt"
"$JMAP" build "$j" -q --data "$w3" --data "$w4" -f scene -o "$d/waves.scene"
[ "$(grep -c '^path wave-curve' "$d/waves.scene")" -ge 2 ] && pass "scene: the earlier wave's curves" ||
    fail "scene: the earlier wave's curves" "$(grep -c wave-curve "$d/waves.scene") wave-curve items"
grep -q '^text wave-label .* "T3"$' "$d/waves.scene" && pass "scene: the earlier wave named at its end" ||
    fail "scene: the earlier wave named at its end" "no wave-label T3"
grep -q 'wave-' "$d/ref.scene" && fail "one wave draws no wave curve" "wave items in a one-wave scene" ||
    pass "one wave draws no wave curve"
"$JMAP" build "$j" -q --data "$w4" -f scene -o "$d/t4.scene"
python3 - "$d/t4.scene" "$d/waves.scene" >"$d/pts.check" 2>&1 <<'PY' && pass "the latest wave's points are T4's alone" || fail "the latest wave's points are T4's alone" "$(tail -n 2 "$d/pts.check")"
import sys
pts = lambda f: sorted(l for l in open(f) if l.startswith("marker point"))
assert len(pts(sys.argv[1])) >= 4 and pts(sys.argv[1]) == pts(sys.argv[2])
PY

# report --data reads the answers exactly as build --data: the report's
# numbers are the model's.
"$JMAP" build "$j" -q --data "$w3" --data "$w4" -f json -o "$d/agree.json"
"$JMAP" report "$j" -q --data "$w3" --data "$w4" -f json >"$d/agree.report.json"
"$JMAP" report "$j" -q -f json >"$d/plain.report.json"
python3 - "$d/agree.json" "$d/agree.report.json" "$d/plain.report.json" >"$d/agree.check" 2>&1 <<'PY' && pass "report --data agrees with build --data" || fail "report --data agrees with build --data" "$(tail -n 3 "$d/agree.check")"
import json, sys
m = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2])); plain = json.load(open(sys.argv[3]))
e = {t["id"]: t.get("emotion") for s in m["stages"] for t in s["touchpoints"]}
rows = r["waves"]["touchpoints"]
assert rows, r["waves"]
checked = 0
for row in rows:
    latest = row["means"][-1]
    if latest is None:
        continue
    got = e[row["touchpoint"]][row["persona"]]
    assert abs(got["mean"] - latest) < 0.005, (row, got)
    assert got["n"] == row["n"][-1], (row, got)
    checked += 1
assert checked >= 4, checked
# the analysis itself runs on the survey's curve: the stage means follow it
def stage_mean(rep, stage, persona):
    for s in rep["stages"]:
        if s["id"] == stage:
            for em in s["emotion"]:
                if em["persona"] == persona:
                    return em["mean"]
assert stage_mean(r, "recherche", "claire") == 2.5, stage_mean(r, "recherche", "claire")
assert stage_mean(plain, "recherche", "claire") == 3
assert plain["waves"] is None
PY
if python3 -c 'import jsonschema' 2>/dev/null; then
    python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open("docs/report.schema.json")))' \
        tests/survey/waves.report.json 2>"$d/err" && pass "schema waves.report.json" || fail "schema waves.report.json" "$(tail -n 3 "$d/err")"
fi

# LABEL=PATH: a label has no '/', and a file whose name holds '=' still reads.
cp tests/survey/good.csv "$d/a=b.csv"
expect_exit "a file named a=b.csv reads as a file" 0 "$JMAP" build "$j" --data "$d/a=b.csv" -f json -o "$d/ab.json"
grep -q '"label": "a=b"' "$d/ab.json" && pass "its wave is named after the file" || fail "its wave is named after the file" "$(grep -A1 '"waves"' "$d/ab.json")"
expect_exit "LABEL=PATH names the wave" 0 "$JMAP" build "$j" --data "Vague 3=tests/survey/good.csv" -f json -o "$d/l.json"
grep -q '"label": "Vague 3"' "$d/l.json" && pass "the label is the wave's name" || fail "the label is the wave's name" "no label"
expect_exit "a missing LABEL=PATH names the path" 3 "$JMAP" build "$j" --data "T4=$d/nope.csv" -f json -o "$d/n.json"
grep -qF "$d/nope.csv" "$JMAP_TEST_TMP/err" && pass "the I/O error names PATH" || fail "the I/O error names PATH" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "two waves of one name" 2 "$JMAP" build "$j" --data tests/survey/good.csv --data "$d/../survey/good.csv" -f json -o "$d/n.json"
grep -q "two files make the wave 'good'" "$JMAP_TEST_TMP/err" && pass "two waves of one name say so" || fail "two waves of one name say so" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "--safe refuses a question map outside the folder" 3 "$JMAP" build "$j" --safe --data tests/survey/questions.csv --data-map /tmp/../etc/hostname -f json -o "$d/n.json"
expect_exit "unknown --data-sep" 2 "$JMAP" build "$j" --data tests/survey/good.csv --data-sep '|' -f json -o "$d/n.json"
expect_exit "--data-map without --data" 2 "$JMAP" report "$j" --data-map tests/survey/questions-map.yaml
# A wave named after a hostile file name: no control character reaches the
# terminal, the JSON stays valid UTF-8.
hostile="$d/$(printf 'q\033[31m\351')"
cp tests/survey/good.csv "$hostile.csv"
"$JMAP" report "$j" -q --data "$hostile.csv" >"$d/hostile.txt" 2>&1
"$JMAP" report "$j" -q --data "$hostile.csv" -f json >"$d/hostile.json" 2>&1
if grep -q "$(printf '\033')" "$d/hostile.txt"; then fail "a hostile file name stays out of the terminal" "ESC in the report"
else pass "a hostile file name stays out of the terminal"; fi
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$d/hostile.json" 2>"$d/err" &&
    pass "a hostile file name keeps the JSON valid" || fail "a hostile file name keeps the JSON valid" "$(cat "$d/err")"
expect_exit "report: a bad survey is invalid" 1 "$JMAP" report "$j" --data tests/survey/bad.csv
[ -s "$JMAP_TEST_TMP/out" ] && fail "report: a bad survey prints no report" "stdout not empty" || pass "report: a bad survey prints no report"
expect_exit "errors of every wave in one run" 1 "$JMAP" build "$j" --data tests/survey/bad.csv --data tests/survey/errors/outside-scale.csv -f json -o "$d/n.json"
grep -q "bad.csv:3:1" "$JMAP_TEST_TMP/err" && grep -q "outside-scale.csv:2:20" "$JMAP_TEST_TMP/err" &&
    pass "both files' errors reported" || fail "both files' errors reported" "$(cat "$JMAP_TEST_TMP/err")"
finish
