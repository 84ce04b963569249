#!/bin/sh
# `jmap report`: exact output of the three formats for every
# tests/golden/report-NAME.yaml (expected in report-NAME.txt, .md and
# .report.json) and for every examples/NAME.yaml (tests/golden/report-example-
# NAME.*), the --strict gate, --persona, and usage errors.
# Expected files are written by tests/regen-report.sh (make regen).
. tests/lib.sh
d="$JMAP_TEST_TMP/report"
rm -rf "$d"; mkdir -p "$d"

# compare NAME INPUT EXPECTED-BASE
compare() {
    for f in txt md json; do
        want="$3.$f"
        [ "$f" = json ] && want="$3.report.json"
        if [ ! -f "$want" ]; then fail "report $1 -f $f" "missing $want (run make regen)"; continue; fi
        fmt=$f; [ "$f" = txt ] && fmt=text
        "$JMAP" report "$2" -f "$fmt" >"$d/out" 2>"$d/err"
        rc=$?
        if [ $rc -ne 0 ]; then fail "report $1 -f $fmt" "exit $rc: $(head -c 300 "$d/err")"
        elif cmp -s "$want" "$d/out"; then pass "report $1 -f $fmt"
        else fail "report $1 -f $fmt" "differs: $(diff "$want" "$d/out" | head -n 10)"; fi
    done
}

for y in tests/golden/report-*.yaml; do
    [ -f "$y" ] || continue
    compare "$(basename "$y" .yaml)" "$y" "${y%.yaml}"
done
for y in examples/*.yaml; do
    [ -f "$y" ] || continue
    n=$(basename "$y" .yaml)
    [ -f "tests/golden/report-example-$n.txt" ] || continue # not pinned yet
    compare "example-$n" "$y" "tests/golden/report-example-$n"
done

# The acceptance case names all five findings and ranks the quick win first.
acc=tests/golden/report-acceptance.yaml
"$JMAP" report "$acc" >"$d/acc.txt" 2>/dev/null
ok=1
for w in "Fees appear only at the last step" "Stages with no touchpoint: Follow-up" \
         "Comparison site (4)  Quote form (1)" "Quote completion" "1  Show every fee on the first page  yes"; do
    grep -qF "$w" "$d/acc.txt" || { ok=0; fail "acceptance names: $w" "not in the report"; }
done
[ $ok -eq 1 ] && pass "acceptance report names the five findings, quick win first"

expect_exit "--strict fails on unaddressed high pain and empty stage" 1 "$JMAP" report --strict "$acc"
grep -q "^jmap: strict: 1 unaddressed high-severity pain: hidden-fees$" "$JMAP_TEST_TMP/err" &&
grep -q "^jmap: strict: 1 stage with no touchpoint: follow-up$" "$JMAP_TEST_TMP/err" &&
    pass "--strict names what fails" || fail "--strict names what fails" "$(cat "$JMAP_TEST_TMP/err")"
[ -s "$JMAP_TEST_TMP/out" ] && pass "--strict still prints the report" || fail "--strict still prints the report" "empty stdout"
expect_exit "--strict passes a clean journey" 0 "$JMAP" report --strict tests/golden/report-all-good.yaml
expect_exit "--strict passes when high pains are addressed" 0 "$JMAP" report --strict -f json tests/golden/report-fr.yaml

expect_exit "--persona keeps one persona" 0 "$JMAP" report tests/golden/report-fr.yaml --persona marc
grep -q "personas : Marc (1 sur 2)" "$JMAP_TEST_TMP/out" && pass "--persona filters the header" ||
    fail "--persona filters the header" "$(head -n 3 "$JMAP_TEST_TMP/out")"
expect_exit "--persona repeatable" 0 "$JMAP" report tests/golden/report-fr.yaml -p marc -p claire
expect_exit "unknown persona is an error" 1 "$JMAP" report tests/golden/report-fr.yaml --persona clair
grep -q "did you mean 'claire'" "$JMAP_TEST_TMP/err" && pass "unknown persona suggests" ||
    fail "unknown persona suggests" "$(cat "$JMAP_TEST_TMP/err")"

expect_exit "report --help exits 0" 0 "$JMAP" report --help
grep -q -- "--strict" "$JMAP_TEST_TMP/out" && pass "report --help lists --strict" || fail "report --help lists --strict" "no --strict"
expect_exit "unknown format is a usage error" 2 "$JMAP" report -f pdf "$acc"
expect_exit "unknown option is a usage error" 2 "$JMAP" report --frobnicate "$acc"
expect_exit "missing file argument is a usage error" 2 "$JMAP" report
expect_exit "unreadable file is an I/O error" 3 "$JMAP" report "$d/does-not-exist.yaml"
printf 'jmap: 1\ntitle: Broken\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, chanel: web}\n' >"$d/bad.yaml"
expect_exit "invalid journey exits 1" 1 "$JMAP" report "$d/bad.yaml"
[ -s "$JMAP_TEST_TMP/out" ] && fail "invalid journey prints no report" "stdout not empty" || pass "invalid journey prints no report"
"$JMAP" report - -f json <"$acc" >"$d/stdin.json" 2>/dev/null
cmp -s "$d/stdin.json" tests/golden/report-acceptance.report.json && pass "report reads standard input" ||
    fail "report reads standard input" "differs from the file's report"

# thresholds: the journey's analysis: mapping, then --threshold over it
ex=examples/voyage-affaires.yaml
"$JMAP" report "$ex" -f json >"$d/t0.json" 2>/dev/null
grep -q '"sharp_drop": 1.5, "inconsistency": 2, "gap_min_touchpoints": 1' "$d/t0.json" &&
    pass "default thresholds in the JSON report" || fail "default thresholds in the JSON report" "$(grep thresholds "$d/t0.json")"
expect_exit "--threshold sharp_drop=1" 0 "$JMAP" report "$ex" -f json --threshold sharp_drop=1 -t gap_min_touchpoints=2
grep -q '"sharp_drop": 1, "inconsistency": 2, "gap_min_touchpoints": 2' "$JMAP_TEST_TMP/out" &&
    pass "--threshold shows in the JSON report" || fail "--threshold shows in the JSON report" "$(grep thresholds "$JMAP_TEST_TMP/out")"
n0=$(grep -c '"drop":' "$d/t0.json"); n1=$(grep -c '"drop":' "$JMAP_TEST_TMP/out")
[ "$n1" -gt "$n0" ] && pass "a lower sharp_drop finds more drops ($n0 -> $n1)" || fail "a lower sharp_drop finds more drops" "$n0 -> $n1"
sed 's/^locale: fr$/locale: fr\nanalysis: {sharp_drop: 1}/' tests/golden/report-fr.yaml >"$d/t1.yaml"
"$JMAP" report "$d/t1.yaml" -f json 2>/dev/null | grep -q '"sharp_drop": 1, ' &&
    pass "analysis: in the journey sets a threshold" || fail "analysis: in the journey sets a threshold" "not used"
"$JMAP" report "$d/t1.yaml" -f json -t sharp_drop=2 2>/dev/null | grep -q '"sharp_drop": 2, ' &&
    pass "--threshold overrides the journey's" || fail "--threshold overrides the journey's" "not used"
"$JMAP" report "$ex" -t sharp_drop=2,5 2>/dev/null | grep -q 'Seuils : chute brutale >= 2,5' &&
    fail "a decimal comma on the command line is refused" "accepted" || pass "a decimal comma on the command line is refused"
expect_exit "--threshold 1,5 is a usage error" 2 "$JMAP" report "$ex" -t sharp_drop=1,5
grep -q "did you mean 1.5?" "$JMAP_TEST_TMP/err" && pass "--threshold 1,5 suggests 1.5" || fail "--threshold 1,5 suggests 1.5" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "--threshold unknown name" 2 "$JMAP" report "$ex" -t sharp_dorp=1
grep -q "did you mean 'sharp_drop'" "$JMAP_TEST_TMP/err" && pass "--threshold typo suggests" || fail "--threshold typo suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "--threshold beyond the scale" 1 "$JMAP" report "$ex" -t inconsistency=9
grep -q "the scale is 1 to 5" "$JMAP_TEST_TMP/err" && pass "--threshold beyond the scale says why" || fail "--threshold beyond the scale says why" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "build --threshold" 0 "$JMAP" build "$ex" -f scene --report-page -t sharp_drop=1 -o "$d/t.scene"
expect_exit "build --threshold typo" 2 "$JMAP" build "$ex" -f scene -t sharp=1 -o "$d/t.scene"
"$JMAP" report "$ex" | grep -q '^Seuils : chute brutale >= 1,5, incohérence >= 2' &&
    pass "the text report prints its thresholds" || fail "the text report prints its thresholds" "no Seuils line"
# delivered opportunities: a list of their own, out of the ranking
grep -q '"delivered": \[' "$d/t0.json" && pass "JSON report has delivered" || fail "JSON report has delivered" "missing"

if command -v python3 >/dev/null 2>&1; then
    for j in tests/golden/report-*.report.json; do
        [ -f "$j" ] || continue
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$j" 2>"$d/err" &&
            pass "valid JSON $(basename "$j")" || fail "valid JSON $(basename "$j")" "$(cat "$d/err")"
    done
    # Against docs/report.schema.json, where the jsonschema module is installed.
    if python3 -c 'import jsonschema' 2>/dev/null; then
        for j in tests/golden/report-*.report.json; do
            [ -f "$j" ] || continue
            python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open("docs/report.schema.json")))' \
                "$j" 2>"$d/err" && pass "schema $(basename "$j")" || fail "schema $(basename "$j")" "$(tail -n 3 "$d/err")"
        done
    fi
fi
# several journeys in one call: the reports one after the other, JSON an
# array of reports, the exit status the worst of them
"$JMAP" report examples/minimal.yaml examples/saas-onboarding.yaml -f json >"$JMAP_TEST_TMP/many.json" 2>/dev/null &&
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 2 and all('report_version' in r for r in d)" \
        "$JMAP_TEST_TMP/many.json" && pass "report FILE FILE -f json: an array of two reports" ||
    fail "report FILE FILE -f json" "$(head -c 200 "$JMAP_TEST_TMP/many.json")"
"$JMAP" report examples/minimal.yaml examples/saas-onboarding.yaml -f md >"$JMAP_TEST_TMP/many.md" 2>/dev/null
[ "$(grep -c '^# ' "$JMAP_TEST_TMP/many.md")" = 2 ] && grep -qx -- '---' "$JMAP_TEST_TMP/many.md" &&
    pass "report FILE FILE -f md: two reports, a rule between" || fail "report FILE FILE -f md" "$(grep '^# ' "$JMAP_TEST_TMP/many.md")"
expect_exit "report with one missing journey: the worst status" 3 "$JMAP" report examples/minimal.yaml no-such.yaml
grep -q '^# \|^Journey report\|^Rapport' "$JMAP_TEST_TMP/out" && pass "the other journey is still reported" ||
    fail "the other journey is still reported" "$(head -c 200 "$JMAP_TEST_TMP/out")"
expect_exit "report --data with several journeys is refused" 2 "$JMAP" report examples/minimal.yaml examples/minimal.yaml --data x.csv
finish
